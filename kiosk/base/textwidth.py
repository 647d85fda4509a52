"""Display width of text on a receipt printer or any monospaced grid: measured in half-width columns by East
Asian Width, never by len(). A Chinese character takes two columns; so does every character that is ambiguous in
width (·, “, ×, °), because a printer in GB18030 mode prints every two-byte code full width.

Wrapping never splits a character, keeps Latin words and numbers whole when they fit on a line, and does not
start a line with closing punctuation (。，、；：！？）》」) or end one with opening punctuation (（《「). It measures in columns by default, or in whatever a
`measure` says (the screen's labels wrap in pixels by the same rules: kiosk.ui.widgets.label).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

_NO_LINE_START = set("。，、；：！？）》」』】〕…”’,.;:!?)]}%％")
_NO_LINE_END = set("（《「『【〔([{“‘")


def char_columns(ch: str) -> int:
    """Columns one character takes: 0 for combining marks and controls, 1 for ASCII and half-width forms, else 2."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return 1
    if code < 0x20 or 0x7F <= code < 0xA0 or unicodedata.combining(ch) or unicodedata.category(ch) == "Cf":
        return 0
    return 1 if unicodedata.east_asian_width(ch) in ("H", "Na") else 2


def escape_controls(text: str) -> str:
    """`text` safe for a terminal: control, format (bidi overrides), private and unassigned characters shown as
    escapes (\\x1b, \\u202e), so a card or a code cannot move the cursor, recolour or rewrite the screen."""
    return "".join(ch if unicodedata.category(ch)[0] != "C" else
                   (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000
                    else f"\\U{ord(ch):08x}") for ch in text)


def display_width(text: str) -> int:
    return sum(char_columns(ch) for ch in text)


def pad(text: str, columns: int, align: str = "left") -> str:
    """Pad with spaces to `columns` (text already no wider than that)."""
    room = max(0, columns - display_width(text))
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def _tokens(text: str) -> list[str]:
    """Runs of ASCII letters/digits (kept together) and single other characters."""
    tokens: list[str] = []
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "-_./@#:+") and tokens and tokens[-1][-1:].isascii() \
                and (tokens[-1][-1].isalnum() or tokens[-1][-1] in "-_./@#:+"):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _split_chars(token: str, columns: float, measure: Callable[[str], float]) -> list[str]:
    pieces, current, used = [], "", 0.0
    for ch in token:
        w = measure(ch)
        if used + w > columns and current:
            pieces.append(current)
            current, used = "", 0
        current += ch
        used += w
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, columns: float, measure: Callable[[str], float] = display_width) -> list[str]:
    """Lines of at most `columns` each, as `measure` counts them (explicit newlines are kept); never an empty
    list. A measure must be additive: a text's width is the sum of its characters'."""
    if columns < 2:
        raise ValueError("columns must be at least 2")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, columns, measure))
    return lines


def _wrap_paragraph(text: str, columns: float, measure: Callable[[str], float]) -> list[str]:
    lines: list[str] = []
    current, used = "", 0.0
    for token in _tokens(text):
        width = measure(token)
        if used + width <= columns:
            current += token
            used += width
            continue
        if token == " ":
            lines.append(current)
            current, used = "", 0
            continue
        carried = token
        # Carry characters down with the punctuation rather than start a line with it (》， needs 《 too), and an
        # opening bracket down with what it opens.
        while len(current) > 1 and (carried[0] in _NO_LINE_START or current[-1] in _NO_LINE_END) \
                and measure(current[-1] + carried) <= columns:
            carried, current = current[-1] + carried, current[:-1]
        if carried != token:
            lines.append(current)
            current, used = carried, measure(carried)
            continue
        if current:
            lines.append(current.rstrip(" "))
        pieces = _split_chars(token, columns, measure) if width > columns else [token]
        lines.extend(pieces[:-1])
        current, used = pieces[-1], measure(pieces[-1])
    lines.append(current.rstrip(" "))
    return lines
