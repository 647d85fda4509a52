"""Form values: checked as the citizen types (only what is already certainly wrong) and when the page is done
(everything), with messages in plain words beside the field."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from kiosk.base.i18n import _
from kiosk.core.catalog import FormField
from kiosk.core.checksums import USCC_ALPHABET, id_number_valid, luhn_valid, normalize_id_number, phone_valid

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MONEY = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
MAX_MONEY = Decimal("999999999.99")


def clean_text(text: str) -> str:
    """Strip control characters and surrounding blanks from anything typed or scanned."""
    return _CONTROL.sub("", text).strip()


def typing_error(field: FormField, text: str) -> str:
    """An error that is certain while the value is still being typed (a letter in a phone number, a 19th digit)."""
    if not text:
        return ""
    kind = field.type
    if kind == "id_number":
        body, last = text[:17], text[17:]
        if len(text) > 18 or not body.isdigit() or (last and last not in "0123456789Xx"):
            return _("身份证号是18位，只有最后一位可能是X")
        if len(text) == 18 and not id_number_valid(text):
            return _("身份证号不对，请再核对一遍")
    elif kind == "phone":
        if not text.isdigit() or text[0] != "1" or (len(text) > 1 and text[1] not in "3456789") or len(text) > 11:
            return _("手机号是1开头的11位数字")
    elif kind == "bank_card":
        digits = text.replace(" ", "")
        if not digits.isdigit() or len(digits) > 19:
            return _("银行卡号是16到19位数字")
        if len(digits) == 19 and not luhn_valid(digits):
            return _("银行卡号不对，请再核对一遍")
    elif kind == "uscc":
        if len(text) > 18 or any(c not in USCC_ALPHABET for c in text.upper()):
            return _("统一社会信用代码是18位数字和大写字母（没有I、O、Z、S、V）")
    elif kind == "money":
        if not re.match(r"^\d{0,9}(\.\d{0,2})?$", text):
            return _("请输入金额，最多两位小数")
    elif kind in ("text", "address") and len(text) > field.max_length:
        return _("最多{n}个字").format(n=field.max_length)
    return ""


def field_error(field: FormField, value: Any, today: dt.date) -> str:
    """Everything wrong with a finished value ("" when it is fine). `persons` values are lists of dicts."""
    if field.type == "persons":
        return _persons_error(field, value or [], today)
    text = clean_text(str(value)) if value is not None else ""
    if not text:
        return _("请填写“{label}”").format(label=_(field.label)) if field.required else ""
    early = typing_error(field, text)
    if early:
        return early
    kind = field.type
    if kind == "id_number" and not id_number_valid(text, today):
        return _("身份证号不完整或不对，请再核对一遍")
    if kind == "phone" and not phone_valid(text):
        if len(text) < 11:  # the usual slip: a digit left out
            return _("手机号是11位数字，这里只有{n}位，请再核对一遍").format(n=len(text))
        return _("手机号是1开头的11位数字")
    if kind == "bank_card" and not luhn_valid(text):
        return _("银行卡号不完整或不对，请再核对一遍")
    if kind == "uscc" and len(text) != 18:
        return _("统一社会信用代码是18位")
    if kind == "money":
        if not _MONEY.match(text) or Decimal(text) > MAX_MONEY:
            return _("请输入正确的金额")
    if kind == "date":  # picked on year / month / day keys (kiosk.core.datepick), never typed: say it so
        day = parse_date(text)
        if day is None:
            return _("没有这一天，请重新选年、月、日")
        if day > today:
            return _("“{label}”不能是今天以后的日子，请重新选").format(label=_(field.label))
    if kind == "choice" and text not in field.choices:
        return _("请从选项中选一个")
    if kind == "address" and len(text) < 5:
        return _("请把地址写完整：乡镇、村、组、门牌号")
    return ""


def normalize(field: FormField, value: Any) -> Any:
    """The stored form of a finished value: ID numbers upper-case, bank cards without spaces, money as a string
    with two decimals (never a float)."""
    if field.type == "persons":
        return [{f.key: normalize(f, person.get(f.key, "")) for f in field.fields} for person in value or []]
    text = clean_text(str(value)) if value is not None else ""
    if field.type == "id_number":
        return normalize_id_number(text)
    if field.type == "uscc":
        return text.upper()
    if field.type == "bank_card":
        return text.replace(" ", "")
    if field.type == "money" and text and _MONEY.match(text):
        return str(Decimal(text).quantize(Decimal("0.01")))
    return text


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _persons_error(field: FormField, persons: list[dict[str, Any]], today: dt.date) -> str:
    if len(persons) < field.min_items:
        if field.min_items > 1:
            return _("请至少添加{n}人").format(n=field.min_items)
        return _("请添加“{label}”").format(label=_(field.label))
    if len(persons) > field.max_items:
        return _("最多{n}人").format(n=field.max_items)
    for number, person in enumerate(persons, start=1):
        for column in field.fields:
            error = field_error(column, person.get(column.key), today)
            if error:
                return _("第{n}人：{error}").format(n=number, error=error)
    numbers = [normalize_id_number(str(p.get("id_number", ""))) for p in persons if p.get("id_number")]
    if len(numbers) != len(set(numbers)):
        return _("同一个人不能添加两次")
    return ""


def form_errors(fields: list[FormField], answers: dict[str, Any], today: dt.date) -> dict[str, str]:
    """Every field's error on a finished page, including rules across fields (a discharge before the admission)."""
    errors = {f.key: e for f in fields if (e := field_error(f, answers.get(f.key), today))}
    for f in fields:
        if f.not_before and f.key not in errors and f.not_before not in errors:
            earlier, later = parse_date(str(answers.get(f.not_before, ""))), parse_date(str(answers.get(f.key, "")))
            if earlier and later and later < earlier:
                label = next(g.label for g in fields if g.key == f.not_before)
                errors[f.key] = _("“{label}”不能早于“{earlier}”，请重新选").format(label=_(f.label),
                                                                                earlier=_(label))
    return errors
