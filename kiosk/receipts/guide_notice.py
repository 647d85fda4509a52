"""The one-time notice (一次性告知单) of an item's materials, printed from its guide before applying. Paper is the
department's record: it stays in Chinese whatever the language on screen. A bilingual station (display mode
mn+zh) prints the notice's heading and key lines in traditional Mongolian above the Chinese, as a raster image
(every receipt printer the kiosk drives prints GS v 0 raster: it is how lines outside its font are printed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.base.i18n import N_, translate
from kiosk.base.scripts import is_mongolian
from kiosk.core.catalog import Catalog, Item

# What the Mongolian block says, top to bottom: the notice's name, the heading of its list, and what to do.
MONGOLIAN_LINES = (N_("一次性告知单"), N_("需要的材料"), N_("材料齐全后即可办理"))


def promised_time_zh(catalog: Catalog, item: Item) -> str:
    way = catalog.ways[item.way]
    return f"{way.name}：{item.promise_text or way.hint}"


def mongolian_lines(config: Any) -> tuple[str, ...]:
    """The Mongolian lines a station prints above the Chinese: on a bilingual station, each line that has its
    Mongolian translation (one still waiting for the county's translators is left out, never printed in Chinese)."""
    if config.display.languages != "mn+zh":
        return ()
    lines = (translate("mn", line) for line in MONGOLIAN_LINES)
    return tuple(line for line in lines if is_mongolian(line))


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
        reason=f"办理“{item.name}”需要以下材料，请一次备齐。", mongolian=mongolian_lines(config),
    ), kinds.SlipStation.from_config(config))
