"""Certificates (参保凭证, 权益记录, 有无房产证明) as A4 PDFs for a CUPS document printer, or as receipt slips when the
terminal has none. The PDF is drawn with Pillow (no reportlab): one A4 page at 200 dpi with the kiosk's font.
The holder's name stays whole (it is their certificate); the ID number and numbers in the rows are masked
unless `mask=False`."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont

from kiosk.base.assets import font_path
from kiosk.base.privacy import mask_id_number, mask_text
from kiosk.core.results import IssuedCertificate
from kiosk.devices.base import DeviceError
from kiosk.devices.printer.cups import CupsQueue, CupsResult
from kiosk.receipts.kinds import SlipStation
from kiosk.receipts.model import Note, Qr, Receipt, Row, Separator

DPI = 200
A4 = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
MARGIN = round(20 / 25.4 * DPI)
VERIFY_HOW = "手机扫码，或登录政务服务网输入核验码，核验本证明真伪"


@dataclass(frozen=True)
class Certificate:
    kind: str  # insurance | benefits | property
    title: str  # 参保凭证 ...
    holder_name: str
    holder_id: str
    statement: str  # the sentence that certifies
    rows: Sequence[tuple[str, str]]
    issuer: str
    issued_at: datetime
    verify_code: str  # printed: the platform checks it
    verify_url: str = ""  # the QR: the platform's check of this certificate (the code itself when not given)

    @property
    def qr_text(self) -> str:
        return self.verify_url or self.verify_code

    @property
    def receipt_kind(self) -> str:
        """Its kind among the kiosk's printed documents (the catalog's `prints.kind`)."""
        return f"certificate-{self.kind}"

    def __repr__(self) -> str:
        return f"Certificate({self.kind!r}, {self.title!r}, holder={mask_id_number(self.holder_id)!r})"


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def _wrap_pixels(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if font.getlength(current + ch) > width and current:
            lines.append(current)
            current = ""
        current += ch
    return lines + ([current] if current else [])


def render_page(cert: Certificate, mask: bool = True) -> Image.Image:
    """The certificate as one A4 page (greyscale)."""
    from kiosk.devices.escpos.paper import qr_image

    page = Image.new("L", A4, 255)
    draw = ImageDraw.Draw(page)
    width = A4[0] - 2 * MARGIN
    body, small = _font(34), _font(28)
    y = MARGIN + 40
    draw.text((A4[0] / 2, y), cert.title, font=_font(72, bold=True), fill=0, anchor="mt")
    y += 150
    holder_id = mask_id_number(cert.holder_id) if mask else cert.holder_id
    rows = [("姓名", cert.holder_name), ("身份证号", holder_id), *((k, mask_text(v) if mask else v)
                                                                  for k, v in cert.rows)]
    key_w = 300
    for key, value in rows:
        lines = _wrap_pixels(value, body, width - key_w - 40) or [""]
        height = 56 * len(lines) + 24
        draw.rectangle((MARGIN, y, MARGIN + width, y + height), outline=0, width=2)
        draw.line((MARGIN + key_w, y, MARGIN + key_w, y + height), fill=0, width=2)
        draw.text((MARGIN + 20, y + 16), key, font=body, fill=0)
        for i, line in enumerate(lines):
            draw.text((MARGIN + key_w + 20, y + 16 + 56 * i), line, font=body, fill=0)
        y += height
    y += 60
    for line in _wrap_pixels("　　" + cert.statement, body, width):
        draw.text((MARGIN, y), line, font=body, fill=0)
        y += 58
    y = max(y + 80, A4[1] - MARGIN - 520)
    draw.text((MARGIN + width, y), cert.issuer, font=body, fill=0, anchor="ra")
    draw.text((MARGIN + width, y + 60), cert.issued_at.strftime("%Y年%m月%d日"), font=body, fill=0, anchor="ra")
    code = qr_image(cert.qr_text, 8).convert("L")
    qr_top = A4[1] - MARGIN - code.height - 60
    page.paste(code, (MARGIN, qr_top))
    draw.text((MARGIN, qr_top + code.height + 16), f"核验码：{cert.verify_code}", font=small, fill=0)
    draw.text((MARGIN + code.width + 40, qr_top + code.height // 2), VERIFY_HOW, font=small, fill=0, anchor="lm")
    return page


def render_pdf(cert: Certificate, path: str | Path | None = None, mask: bool = True) -> bytes:
    """An A4 PDF of the certificate; written to `path` too when given."""
    buffer = io.BytesIO()
    render_page(cert, mask).save(buffer, format="PDF", resolution=DPI, title=cert.title)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def certificate_slip(cert: Certificate, station: SlipStation, mask: bool = True) -> Receipt:
    """The certificate on receipt paper, for terminals without a document printer."""
    holder = mask_id_number(cert.holder_id) if mask else cert.holder_id
    blocks = (
        Row("姓名", cert.holder_name),
        Row("身份证号", holder),
        *(Row(k, mask_text(v) if mask else v) for k, v in cert.rows),
        Separator(),
        Note(cert.statement),
        Separator(),
        Row("出具单位", cert.issuer),
        Row("出具日期", cert.issued_at.strftime("%Y-%m-%d")),
        Qr(cert.qr_text, f"核验码 {cert.verify_code}"),
        Note(VERIFY_HOW, align="center"),
    )
    footer = ("需要A4纸质证明的，可到乡镇便民服务中心打印",)
    return Receipt(cert.receipt_kind, cert.title, blocks, footer, station.name)


def issued_certificate(kind: str, holder_name: str, holder_id: str, issued: IssuedCertificate) -> Certificate:
    """The certificate the platform issued, for its holder; `kind` is the catalog's (certificate-property)."""
    return Certificate(
        kind=kind.removeprefix("certificate-"), title=issued.title, holder_name=holder_name, holder_id=holder_id,
        statement=issued.statement, rows=list(issued.rows), issuer=issued.issuer, issued_at=issued.issued_at,
        verify_code=issued.number, verify_url=issued.verify_url,
    )


class Submits(Protocol):
    """The receipt printer's queue (kiosk.devices.printer.printer.ReceiptPrinter)."""

    def submit(self, document: Receipt) -> str: ...


@dataclass(frozen=True)
class Delivery:
    """Where a certificate went: to the A4 queue (with its CUPS result) or to the receipt queue (its job id)."""

    route: str  # "a4" | "slip"
    a4: CupsResult | None = None
    job_id: str = ""


def a4_queue(printer_config: object) -> CupsQueue | None:
    """The CUPS queue of [devices.printer] a4_queue, or None when the terminal has no document printer."""
    name = getattr(printer_config, "a4_queue", "")
    return CupsQueue(name) if name else None


def print_certificate(cert: Certificate, station: SlipStation, a4: CupsQueue | None, receipt_printer: Submits | None,
                      spool: Path, mask: bool = True, wait: float = 60.0) -> Delivery:
    """A4 through CUPS when there is a queue (blocking: call it on a worker), else a slip on the receipt printer's
    queue (`receipt_printer.submit`). The PDF is removed once CUPS has taken or refused it."""
    if a4 is None:
        if receipt_printer is None:
            raise DeviceError("没有可用的打印机", "no A4 queue and no receipt printer")
        return Delivery("slip", job_id=receipt_printer.submit(certificate_slip(cert, station, mask)))
    spool.mkdir(parents=True, exist_ok=True)
    pdf = spool / f"{cert.kind}-{cert.verify_code}.pdf"
    render_pdf(cert, pdf, mask)
    try:
        return Delivery("a4", a4=a4.print_pdf(pdf, cert.title, wait=wait))
    finally:
        pdf.unlink(missing_ok=True)


def sample_certificate() -> Certificate:
    """有无房产证明 for the first demo citizen (samples and tests)."""
    from kiosk.receipts.samples import AT, demo_citizen

    person = demo_citizen()
    return Certificate(
        kind="property",
        title="有无房产证明",
        holder_name=person["name"],
        holder_id=person["id_number"],
        statement=f"经查询宁城县不动产登记信息系统，截至{AT:%Y年%m月%d日}，上述人员在本县范围内无登记在其名下的住宅类不动产。",
        rows=[("查询范围", "宁城县"), ("查询结果", "无住宅类不动产登记记录")],
        issuer="宁城县不动产登记中心",
        issued_at=AT,
        verify_code="ZM20261127000045",
    )
