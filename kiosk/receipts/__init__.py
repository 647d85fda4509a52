"""Receipts as data, laid out by display width, rendered to ESC/POS bytes and to a PNG preview; builders for
each kind the kiosk prints (kiosk.receipts.kinds) and sample data for each (kiosk.receipts.samples)."""

from kiosk.receipts.model import Barcode, Blank, Heading, Line, Note, Qr, Receipt, Row, Separator, Title
from kiosk.receipts.render import qr_png, render_escpos, render_paper, render_png, write_escpos

__all__ = [
    "Barcode", "Blank", "Heading", "Line", "Note", "Qr", "Receipt", "Row", "Separator", "Title",
    "qr_png", "render_escpos", "render_paper", "render_png", "write_escpos",
]
