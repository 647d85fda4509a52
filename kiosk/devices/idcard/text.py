"""The 256-byte text block of a card (UCS-2 little-endian, space padded) in its four layouts, turned into
an `Identity`. The layout tables are shared with the simulator, which writes blocks the same way."""

from __future__ import annotations

import datetime as dt

from kiosk.base.i18n import _
from kiosk.core.identity import NO_EXPIRY, NO_EXPIRY_DATE, Identity, IdentitySource, IdentityType, nation_name, sex_name
from kiosk.devices.base import DeviceError

TEXT_LEN = 256
TYPE_OFFSET = 248  # the byte that tells the layout: 'J', 'Y', 'I', anything else a resident card

# field -> (byte offset, byte length), per layout (docs/devices/idcard-sam.md).
_COMMON = {"birth": (36, 16), "valid_from": (188, 16), "valid_to": (204, 16)}
LAYOUTS: dict[str, dict[str, tuple[int, int]]] = {
    "resident": {
        "name": (0, 30), "sex": (30, 2), "nation": (32, 4), **_COMMON, "address": (52, 70),
        "id_number": (122, 36), "authority": (158, 30),
    },
    "J": {
        "name": (0, 30), "sex": (30, 2), **_COMMON, "address": (52, 70), "id_number": (122, 36),
        "authority": (158, 30), "pass_number": (220, 18), "issue_count": (238, 4), "card_type": (248, 2),
    },
    "Y": {
        "name": (0, 30), "sex": (30, 2), "renewal_count": (32, 4), **_COMMON, "english_name_1": (52, 70),
        "id_number": (122, 36), "english_name_2": (220, 22), "nationality": (242, 6), "card_type": (248, 2),
    },
    "I": {
        "english_name": (0, 120), "sex": (120, 2), "id_number": (122, 30), "nationality": (152, 6),
        "name": (158, 30), "valid_from": (188, 16), "valid_to": (204, 16), "birth": (220, 16),
        "card_version": (236, 4), "authority_code": (240, 8), "card_type": (248, 2),
    },
}
LAYOUT_TYPES = {
    "resident": IdentityType.RESIDENT,
    "J": IdentityType.HKMO_TW,
    "Y": IdentityType.FOREIGN_PERMANENT,
    "I": IdentityType.FOREIGN_PERMANENT,
}


class CardDataError(DeviceError):
    """The card's text block cannot be read as any layout."""


def layout_of(block: bytes) -> str:
    """'J', 'Y', 'I' or 'resident' from the type byte."""
    marker = chr(block[TYPE_OFFSET]) if len(block) > TYPE_OFFSET else ""
    return marker if marker in ("J", "Y", "I") else "resident"


def _fields(block: bytes, layout: str) -> dict[str, str]:
    """Each field's text, unstripped (padding is spaces; some readers pad with NULs)."""
    out = {}
    for name, (offset, size) in LAYOUTS[layout].items():
        try:
            out[name] = block[offset:offset + size].decode("utf-16-le").replace("\x00", " ")
        except UnicodeDecodeError:
            raise CardDataError(_("身份证信息无法识别，请重新放置身份证"), f"{layout} field {name} is not UCS-2") from None
    return out


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise CardDataError(_("身份证日期信息有误"), f"{what} is not a YYYYMMDD date") from None


def parse_text_block(block: bytes, photo: bytes = b"") -> Identity:
    """One `Identity` from a 256-byte text block (and the card's encoded photo)."""
    if len(block) != TEXT_LEN:
        raise CardDataError(_("身份证信息长度错误，请重新放置身份证"), f"text block of {len(block)} bytes, not {TEXT_LEN}")
    layout = layout_of(block)
    raw = _fields(block, layout)
    # The 2023 card's English name runs on from part 1 into part 2: join before stripping the padding.
    english = (raw.get("english_name", "") + raw.get("english_name_1", "") + raw.get("english_name_2", "")).strip()
    f = {name: text.strip() for name, text in raw.items()}
    if not f["name"] and not english:
        raise CardDataError(_("身份证信息无法识别，请重新放置身份证"), f"{layout} text block without a name")
    valid_to = f["valid_to"]
    return Identity(
        type=LAYOUT_TYPES[layout],
        name=f["name"],
        id_number=f["id_number"].upper(),
        sex=sex_name(f["sex"]),
        nation=nation_name(f["nation"]) if layout == "resident" else "",
        birth=_date(f["birth"], "birth date"),
        address=f.get("address", ""),
        authority=f.get("authority", ""),
        valid_from=_date(f["valid_from"], "valid-from date"),
        valid_to=NO_EXPIRY_DATE if valid_to == NO_EXPIRY else _date(valid_to, "valid-to date"),
        pass_number=f.get("pass_number", ""),
        english_name=english,
        nationality=f.get("nationality", ""),
        source=IdentitySource.IDCARD,
        layout=layout,
        photo=bytearray(photo),
    )


def build_text_block(layout: str, values: dict[str, str]) -> bytes:
    """The inverse of `parse_text_block` (for the simulator): each value written UCS-2 at its offset,
    space padded; `card_type` is filled in from the layout."""
    spec = LAYOUTS[layout]
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    if "card_type" in spec:
        values = {**values, "card_type": layout}
    for name, text in values.items():
        offset, size = spec[name]
        raw = text.encode("utf-16-le")
        if len(raw) > size:
            raise CardDataError(_("模拟证件字段过长"), f"{layout} field {name} longer than {size} bytes")
        block[offset:offset + len(raw)] = raw
    return bytes(block)
