"""办事指南: every catalog item's guide (conditions, materials and what a good photo of them looks like, fees,
promised time, legal basis, which levels handle it), found by characters, full pinyin or initials, with the
one-time notice (一次性告知单) of its materials printed on the receipt printer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.catalog import Catalog, Item
from kiosk.core.keypress import BACKSPACE
from kiosk.core.services.guide_search import search
from kiosk.receipts.guide_notice import notice_receipt
from kiosk.ui.screens.services.base import ServiceScreen, show_pane
from kiosk.ui.widgets.common import Tile

MAX_QUERY = 20


def level_name(level: str) -> str:
    """Which kind of place handles an item at a level of the county."""
    return {"village": _("村（嘎查）便民服务站"), "township": _("苏木乡镇便民服务中心"),
            "county": _("县政务服务中心"), "bank": _("合作银行网点")}[level]


class GuideSection(BoxLayout):
    """One part of a guide: a heading and its lines."""

    heading = StringProperty("")
    text = StringProperty("")


def promised_time(catalog: Catalog, item: Item) -> str:
    way = catalog.ways[item.way]
    return _("{way}：{time}").format(way=_(way.name), time=item.promise_words() or _(way.hint))


def listed(texts: list[str]) -> str:
    """Texts in a run (、 in Chinese)."""
    return _("、").join(texts)


def materials_text(item: Item) -> str:
    if not item.materials:
        return _("不需要提交材料，带上本人身份证即可。")
    lines = []
    for n, m in enumerate(item.materials, 1):
        # `pages` is how many photos the kiosk takes of it at most, not how long the paper is.
        extra = [_("最多拍{pages}页").format(pages=m.pages) if m.pages > 1 else "",
                 "" if m.required else _("有则提供"), _(m.example)]
        if m.source == "face_camera":
            extra.append(_("在终端上当场拍摄"))
        details = listed([e for e in extra if e])
        name = _(m.name)
        lines.append(f"{n}. " + (_("{name}（{details}）").format(name=name, details=details) if details else name))
    if any(m.source == "document_camera" for m in item.materials):
        lines.append(_("拍照时请把材料平放在拍摄区，四角完整、字迹清楚、不反光；多页的请逐页拍。"))
    return "\n".join(lines)


def sections(catalog: Catalog, item: Item) -> list[tuple[str, str]]:
    """The guide of `item` as (heading, text) in the order a villager asks: can I, what to bring, cost, how long,
    where, by which rules."""
    dept = catalog.department(item.dept)
    where = _("可办理的地方：{places}。").format(places=listed([level_name(level) for level in item.levels]))
    phone = _("电话 {phone}").format(phone=dept.phone) if dept.phone else ""
    parts = [
        (_("办理条件"), "\n".join(_(c) for c in item.guide.conditions)),
        (_("需要的材料"), materials_text(item)),
        (_("收费标准"), _(item.guide.fees)),
        (_("办理时限"), promised_time(catalog, item)),
        (_("在哪里办"), f"{where}\n{_(item.guide.where)}"),
        (_("主管部门"), "  ".join(t for t in (_(dept.full_name), phone) if t)),
        (_("办理依据"), listed([_(law) for law in item.guide.legal_basis])),
    ]
    if item.guide.notes:
        parts.append((_("温馨提示"), _(item.guide.notes)))
    return parts


class GuideScreen(ServiceScreen):
    body_class = "GuideBody"
    mode = OptionProperty("browse", options=["browse", "detail"])
    query = StringProperty("")  # characters chosen on the keyboard
    typed = StringProperty("")  # what is searched: the chosen characters and the pinyin letters still being typed
    item = ObjectProperty(None, allownone=True)
    printing = BooleanProperty(False)  # the one-time notice of the item shown

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("browse", "detail")}
        self._tiles: dict[str, Tile] = {}  # each item's tile in the list, kept by the item's code
        ids.keyboard.bind(composing=lambda *_: self._list())
        self.bind(mode=lambda *_: self.refill())  # bound after construction: see kiosk.ui.widgets.common.StepBar

    def prepare(self, item: str = "", **_params: Any) -> None:
        self.query, self.notice, self.message = "", "", ""
        self.body.ids.keyboard.reset()
        self.item = None
        self.mode = "browse"
        self.printing = False
        if item:
            self.open(self.app.catalog.item(item))
        self.refill()

    def refill(self) -> None:
        detail = self.mode == "detail" and self.item is not None
        show_pane(self.body, list(self._panes.values()), self._panes["detail" if detail else "browse"])
        self.title = _(self.item.name) if detail else _("办事指南")
        self.back_text = _("返回列表") if detail else ""
        self.primary_text = (_("正在打印…") if self.printing else _("打印一次性告知单")) if detail else ""
        if detail:
            box = self.body.ids.sections
            box.clear_widgets()
            for heading, text in sections(self.app.catalog, self.item):
                box.add_widget(GuideSection(heading=heading, text=text))
            self.body.ids.detail.scroll_y = 1
        else:
            self._list()

    def _list(self) -> None:
        self.typed = self.query + self.body.ids.keyboard.composing
        box = self.body.ids.results
        found = search(self.app.catalog.items, self.typed)
        # The tiles are kept (each letter typed made them all again, and each visit): given their words again, the
        # same unless the language or the catalog changed, they keep their drawn text.
        for item in found:
            tile = self._tiles.get(item.code)
            if tile is None:
                tile = self._tiles[item.code] = Tile()
                tile.bind(on_release=lambda _, code=item.code: self.open(self.app.catalog.item(code)))
            tile.title, tile.subtitle, tile.icon = _(item.short_name), _(item.name), item.icon
            tile.colour = self.app.theme.way_colour(item.way)
        shown = [self._tiles[item.code] for item in found]
        if list(reversed(box.children)) != shown:
            box.clear_widgets()
            for tile in shown:
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
        self.body.ids.keyboard.reset()
        self._list()

    def open(self, item: Item) -> None:
        self.item = item
        self.notice, self.message = "", ""
        self.mode = "detail"
        self.refill()

    def back(self) -> None:
        if self.mode == "detail":
            self.notice, self.message = "", ""
            self.mode = "browse"
        else:
            super().back()

    def primary(self) -> None:
        if self.mode != "detail" or self.printing:
            return
        item = self.item
        receipt = notice_receipt(self.app.catalog, item, self.app.config_model, dt.datetime.now())
        self.notice, self.message, self.printing = "", "", True
        self.refill()
        if not self.app.controller.print_receipt(receipt, lambda printed: self._printed(item, printed)):
            self.printing = False
            self.refill()
            self.notice = _("终端还在准备，请稍后再试")

    def _printed(self, item: Item, printed: Any) -> None:
        if self.item is not item or self.mode != "detail":
            return
        self.printing = False
        self.refill()
        if printed.ok:
            self.message = _("一次性告知单已打印，请取走")
            self.app.speak("take_receipt")
        else:
            self.notice = _("没能打印：{reason}。可以用手机拍下本页").format(reason=printed.message)

    @classmethod
    def sample(cls, app: Any, state: str = "") -> dict[str, Any]:
        """An item's guide; in the state "search" the list being searched."""
        return {} if state == "search" else {"item": "db-sq"}
