"""The platform's answers as a person reads them: an ISO timestamp becomes a date and a time in words, an ISO
date a date, and a web address a short label (the address itself goes on paper as a QR code, never as text).
The patterns come from the caller: the screen's in the citizen's language, the paper's in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

DAY = "{year}年{month}月{day}日"
MOMENT = "{year}年{month}月{day}日 {hour:02d}:{minute:02d}"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_LINK = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")


def is_link(value: Any) -> bool:
    return isinstance(value, str) and bool(_LINK.match(value.strip()))


def readable(value: Any, day: str = DAY, moment: str = MOMENT, link: str = "") -> str:
    """One value as shown: a timestamp in `moment` (its own clock time: the platform answers in local time), a
    date in `day`, a web address as `link`, anything else as it is."""
    text = str(value).strip()
    if _ISO_DATE.match(text):
        try:
            d = dt.date.fromisoformat(text)
        except ValueError:
            return text
        return day.format(year=d.year, month=d.month, day=d.day)
    if _ISO_MOMENT.match(text):
        try:
            t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        return moment.format(year=t.year, month=t.month, day=t.day, hour=t.hour, minute=t.minute)
    if is_link(text):
        return link
    return text


def readable_lines(summary: Mapping[str, Any], day: str = DAY, moment: str = MOMENT,
                   link: str = "") -> list[tuple[str, str]]:
    """(label, value) of an answer's summary as shown; a web address says `link` instead (left out when
    `link` is empty)."""
    return [(str(label), readable(value, day, moment, link)) for label, value in summary.items()
            if link or not is_link(value)]


def links(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, address) of the web addresses in an answer's summary: for QR codes on paper."""
    return [(str(label), str(value).strip()) for label, value in summary.items() if is_link(value)]
