"""The slip of a complaint or suggestion, printed with its tracking number. Paper is the department's record: it
stays in Chinese whatever the language on screen (the screen shows the category words through `_()`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

CATEGORIES = {"complaint": "投诉", "suggestion": "建议", "praise": "表扬", "consultation": "咨询"}
REPLY_WITHIN_DAYS = 5


def complaint_receipt(number: str, category: str, text: str, config: Any, now: dt.datetime) -> Any:
    from kiosk.receipts import kinds

    return kinds.complaint_slip(kinds.Complaint(
        complaint_no=number, category=CATEGORIES[category], summary=text.strip(), submitted_at=now,
        reply_within_days=REPLY_WITHIN_DAYS,
    ), kinds.SlipStation.from_config(config))
