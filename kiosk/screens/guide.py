"""办事指南: every catalog item's guide (conditions, materials and what a good photo of them looks like, fees,
promised time, legal basis, which levels handle it), found by characters, full pinyin or initials, with the
one-time notice (一次性告知单) of its materials printed on the receipt printer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.clock import Clock
from kivy.properties import ObjectProperty, OptionProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.catalog import Catalog, Item
from kiosk.guide_search import search
from kiosk.keys import BACKSPACE
from kiosk.screens.service_base import ServiceScreen, show_pane
from kiosk.widgets.common import Tile

LEVELS = {"village": "村（嘎查）便民服务站", "township": "苏木乡镇便民服务中心", "county": "县政务服务中心",
          "bank": "合作银行网点"}
GOOD_PHOTO = "拍照时请把材料平放在拍摄区，四角完整、字迹清楚、不反光；多页的请逐页拍。"
MAX_QUERY = 20


class GuideSection(BoxLayout):
    """One part of a guide: a heading and its lines."""

    heading = StringProperty("")
    text = StringProperty("")


def promised_time(catalog: Catalog, item: Item) -> str:
    way = catalog.ways[item.way]
    return f"{way.name}：{item.promise_text or way.hint}"


def materials_text(item: Item) -> str:
    if not item.materials:
        return "不需要提交材料，带上本人身份证即可。"
    lines = []
    for n, m in enumerate(item.materials, 1):
        extra = [f"共{m.pages}页" if m.pages > 1 else "", "" if m.required else "有则提供", m.example]
        if m.source == "face_camera":
            extra.append("在终端上当场拍摄")
        details = "，".join(e for e in extra if e)
        lines.append(f"{n}. {m.name}" + (f"（{details}）" if details else ""))
    if any(m.source == "document_camera" for m in item.materials):
        lines.append(GOOD_PHOTO)
    return "\n".join(lines)


def sections(catalog: Catalog, item: Item) -> list[tuple[str, str]]:
    """The guide of `item` as (heading, text) in the order a villager asks: can I, what to bring, cost, how long,
    where, by which rules."""
    dept = catalog.department(item.dept)
    where = "、".join(LEVELS[level] for level in item.levels)
    parts = [
        ("办理条件", "\n".join(item.guide.conditions)),
        ("需要的材料", materials_text(item)),
        ("收费标准", item.guide.fees),
        ("办理时限", promised_time(catalog, item)),
        ("在哪里办", f"可办理的地方：{where}。\n{item.guide.where}"),
        ("主管部门", f"{dept.full_name}" + (f"  电话 {dept.phone}" if dept.phone else "")),
        ("办理依据", "、".join(item.guide.legal_basis)),
    ]
    if item.guide.notes:
        parts.append(("温馨提示", item.guide.notes))
    return parts


def notice_receipt(catalog: Catalog, item: Item, config: Any, now: dt.datetime) -> Any:
    """The one-time notice of everything `item` needs, for the printer (no applicant: read before applying)."""
    from kiosk.receipts import kinds

    missing = [kinds.MissingMaterial(m.name, "" if m.required else "有则提供") for m in item.materials]
    if not missing:
        missing = [kinds.MissingMaterial("本人居民身份证", "不需要其他材料")]
    return kinds.one_time_notice(kinds.OneTimeNotice(
        notice_no=f"ZN{now:%Y%m%d%H%M%S}", item=item.name, applicant_name="", applicant_id="", missing=missing,
        hand_in_at=item.guide.where, deadline=promised_time(catalog, item), issued_at=now,
        reason=f"办理“{item.name}”需要以下材料，请一次备齐。",
    ), kinds.StationInfo.from_config(config))


class GuideScreen(ServiceScreen):
    body_class = "GuideBody"
    mode = OptionProperty("browse", options=["browse", "detail"])
    query = StringProperty("")  # characters chosen on the keyboard
    typed = StringProperty("")  # what is searched: the chosen characters and the pinyin letters still being typed
    item = ObjectProperty(None, allownone=True)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("browse", "detail")}
        ids.keyboard.bind(pinyin=lambda *_: self._list())

    def prepare(self, item: str = "", **_: Any) -> None:
        self.query, self.notice, self.message = "", "", ""
        self.body.ids.keyboard.pinyin = ""
        self.item = None
        self.mode = "browse"
        if item:
            self.open(self.app.catalog.item(item))
        self._fill()

    def on_mode(self, *_: Any) -> None:
        self._fill()

    def _fill(self) -> None:
        detail = self.mode == "detail" and self.item is not None
        show_pane(self.body, list(self._panes.values()), self._panes["detail" if detail else "browse"])
        self.title = self.item.name if detail else "办事指南"
        self.back_text = "返回列表" if detail else ""
        self.primary_text = "打印一次性告知单" if detail else ""
        if detail:
            box = self.body.ids.sections
            box.clear_widgets()
            for heading, text in sections(self.app.catalog, self.item):
                box.add_widget(GuideSection(heading=heading, text=text))
            self.body.ids.detail.scroll_y = 1
        else:
            self._list()

    def _list(self) -> None:
        self.typed = self.query + self.body.ids.keyboard.pinyin
        box = self.body.ids.results
        box.clear_widgets()
        found = search(self.app.catalog.items, self.typed)
        for item in found:
            tile = Tile(title=item.short_name, subtitle=item.name, icon=item.icon,
                        colour=self.app.theme.way_colour(item.way))
            tile.bind(on_release=lambda _, i=item: self.open(i))
            box.add_widget(tile)
        self.body.ids.nothing.opacity = 0 if found else 1

    def key(self, key: str) -> None:
        """A word or digit from the keyboard (its letters stay in the keyboard until a word is chosen)."""
        if key == BACKSPACE:
            self.query = self.query[:-1]
        elif len(self.query) + len(key) <= MAX_QUERY:
            self.query += key
        self._list()

    def clear(self) -> None:
        self.query = ""
        self.body.ids.keyboard.pinyin = ""
        self._list()

    def open(self, item: Item) -> None:
        self.item = item
        self.notice, self.message = "", ""
        self.mode = "detail"
        self._fill()

    def back(self) -> None:
        if self.mode == "detail":
            self.notice, self.message = "", ""
            self.mode = "browse"
        else:
            super().back()

    def primary(self) -> None:
        if self.mode != "detail" or self.primary_text != "打印一次性告知单":
            return
        work = getattr(self.app.runtime, "work", None)
        if work is None:
            self.notice = "终端还在准备，请稍后再试"
            return
        item = self.item
        receipt = notice_receipt(self.app.catalog, item, self.app.config_model, dt.datetime.now())
        self.notice, self.message, self.primary_text = "", "", "正在打印…"

        def done(printed: Any) -> None:
            Clock.schedule_once(lambda _: self._printed(item, printed))

        work.print_receipt(receipt, done)

    def _printed(self, item: Item, printed: Any) -> None:
        if self.item is not item or self.mode != "detail":
            return
        self.primary_text = "打印一次性告知单"
        if printed.ok:
            self.message = "一次性告知单已打印，请取走"
            self.app.speak("take_receipt")
        else:
            self.notice = f"没能打印：{printed.message}。可以用手机拍下本页"

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        return {"item": "db-sq"}
