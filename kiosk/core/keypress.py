"""What a key press does to a field's text, by field type. Pure: the on-screen keyboards call it.

Keys are single characters, or BACKSPACE / CLEAR. Keys that cannot belong to the field are ignored (a letter in a
phone number), so the citizen cannot type what would only be refused later.
"""

from __future__ import annotations

from kiosk.core.catalog import FormField
from kiosk.core.checksums import USCC_ALPHABET

BACKSPACE = "\b"
CLEAR = "\x7f"

# Which pad each field type uses, and the longest value it takes.
PAD = {
    "id_number": "numeric_x", "phone": "numeric", "bank_card": "numeric", "money": "numeric_dot",
    "date": "date", "uscc": "alnum", "text": "pinyin", "address": "address", "choice": "choice",
    "persons": "persons",
}
# A field answered from a list of what is known rather than typed (its catalog `choose_from`): its picker.
PICKERS = {"hospitals": "hospital", "business_scopes": "scope", "relief_reasons": "scope", "company_names": "company_name"}
MAX_LENGTH = {"id_number": 18, "phone": 11, "bank_card": 19, "money": 12, "date": 10, "uscc": 18}


def pad_for(field: FormField) -> str:
    """The keyboard or picker a field shows: by its list to choose from, else by its type."""
    return PICKERS.get(field.choose_from) or PAD[field.type]


def apply_key(field_type: str, text: str, key: str, max_length: int = 100) -> str:
    if key == CLEAR:
        return ""
    if key == BACKSPACE:
        text = text[:-1]
        return text[:-1] if field_type == "date" and text.endswith("-") else text
    limit = MAX_LENGTH.get(field_type, max_length)
    if field_type == "id_number":
        key = key.upper()
        allowed = key.isdigit() or (key == "X" and len(text) == 17)
        return text + key if allowed and len(text) < limit else text
    if field_type in ("phone", "bank_card"):
        return text + key if key.isdigit() and len(text) < limit else text
    if field_type == "money":
        if key == "." and ("." in text or not text):
            return text
        if key != "." and not key.isdigit():
            return text
        if "." in text and len(text.split(".")[1]) >= 2:
            return text
        return text + key if len(text) < limit else text
    if field_type == "date":
        # Digits only; the dashes of YYYY-MM-DD come by themselves.
        if not key.isdigit() or len(text) >= limit:
            return text
        text += key
        return text + "-" if len(text) in (4, 7) else text
    if field_type == "uscc":
        key = key.upper()
        return text + key if key in USCC_ALPHABET and len(text) < limit else text
    return text + key if len(text) + len(key) <= limit else text
