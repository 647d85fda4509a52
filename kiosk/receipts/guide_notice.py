"""The one-time notice (一次性告知单) of an item's materials, printed from its guide before applying. Paper is the
department's record: it stays in Chinese whatever the language on screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.core.catalog import Catalog, Item


def promised_time_zh(catalog: Catalog, item: Item) -> str:
    way = catalog.ways[item.way]
    return f"{way.name}：{item.promise_text or way.hint}"


def notice_receipt(catalog: Catalog, item: Item, config: Any, now: dt.datetime) -> Any:
    """The one-time notice of everything `item` needs, for the printer (no applicant: read before applying)."""
    from kiosk.receipts import kinds

    missing = [kinds.MissingMaterial(m.name, "" if m.required else "有则提供") for m in item.materials]
    if not missing:
        missing = [kinds.MissingMaterial("本人居民身份证", "不需要其他材料")]
    return kinds.one_time_notice(kinds.OneTimeNotice(
        notice_no=f"ZN{now:%Y%m%d%H%M%S}", item=item.name, applicant_name="", applicant_id="", missing=missing,
        # Read before applying, nothing is due yet: no 补交 deadline, only how long the department takes.
        hand_in_at=item.guide.where, deadline="", processing_time=promised_time_zh(catalog, item), issued_at=now,
        reason=f"办理“{item.name}”需要以下材料，请一次备齐。",
    ), kinds.SlipStation.from_config(config))
