"""三务公开: the station's notices of party affairs, village affairs and finances from the platform, in large
type, a few titles a page; the last list fetched is kept on disk so the board still reads on days offline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

from kivy.properties import ListProperty, NumericProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.backend.results import Notice
from kiosk.screens.service_base import ServiceScreen, show_pane

log = logging.getLogger(__name__)

CATEGORIES = {"": "全部", "party": "党务公开", "village": "村务公开", "finance": "财务公开"}
PER_PAGE = 4


def save_cache(path: Path, notices: list[Notice]) -> None:
    """Keep the notices for offline days (public information: nothing personal)."""
    rows = [{**dataclasses.asdict(n), "published_at": n.published_at.isoformat(), "images": list(n.images)}
            for n in notices]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"saved_at": dt.date.today().isoformat(), "notices": rows},
                                   ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        log.warning("notices not cached: %s", exc)


def load_cache(path: Path) -> tuple[str, list[Notice]]:
    """The saved notices and the day they were saved; nothing when there is no readable cache."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["saved_at"], [Notice.from_json(row) for row in data["notices"]]
    except (OSError, ValueError, KeyError, TypeError):
        return "", []


class NoticeButton(ButtonBehavior, BoxLayout):
    title = StringProperty("")
    date = StringProperty("")
    category = StringProperty("")


class NoticesScreen(ServiceScreen):
    body_class = "NoticesBody"
    mode = OptionProperty("list", options=["list", "detail"])
    category = StringProperty("")
    notices = ListProperty()  # every Notice of the station, newest first
    page = NumericProperty(0)
    pages = NumericProperty(1)
    shown = ObjectProperty(None, allownone=True)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("list", "detail")}

    @property
    def cache_path(self) -> Path:
        return self.app.config_model.data_dir / "notices.json"

    def prepare(self, notices: list[Notice] | None = None, **_: Any) -> None:
        self.forget_questions()
        self.notice, self.message, self.category, self.page, self.shown = "", "", "", 0, None
        self.mode = "list"
        self.notices = notices or []
        if notices is None:
            station = self.app.config_model.station.id
            self.message = "正在读取公开内容…"
            if not self.ask_platform(lambda client: client.notices(station), self._fetched, self._offline):
                self._offline("")
        self._fill()

    def _fetched(self, notices: list[Notice]) -> None:
        self.message = "" if notices else "本站暂时没有公开内容"
        self.notices = notices
        save_cache(self.cache_path, notices)
        self._fill()

    def _offline(self, _: str) -> None:
        saved_at, notices = load_cache(self.cache_path)
        self.notices = notices
        self.message = ""
        self.notice = f"网络暂时不通，显示的是{saved_at}保存的内容" if notices else "网络暂时不通，请稍后再看"
        self._fill()

    def on_mode(self, *_: Any) -> None:
        self._fill()

    def choose(self, category: str) -> None:
        self.category, self.page = category, 0
        self._fill()

    def turn(self, step: int) -> None:
        self.page = min(max(0, self.page + step), self.pages - 1)
        self._fill()

    def _fill(self) -> None:
        detail = self.mode == "detail" and self.shown is not None
        show_pane(self.body, list(self._panes.values()), self._panes["detail" if detail else "list"])
        self.title = self.shown.title if detail else "三务公开"
        self.back_text = "返回列表" if detail else ""
        self.primary_text = ""
        if detail:
            self.body.ids.detail.scroll_y = 1
            return
        chosen = [n for n in self.notices if self.category in ("", n.category)]
        self.pages = max(1, -(-len(chosen) // PER_PAGE))
        self.page = min(self.page, self.pages - 1)
        box = self.body.ids.titles
        box.clear_widgets()
        for n in chosen[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]:
            button = NoticeButton(title=n.title, date=f"{n.published_at.month}月{n.published_at.day}日",
                                  category=CATEGORIES.get(n.category, ""))
            button.bind(on_release=lambda _, shown=n: self.open(shown))
            box.add_widget(button)
        for button in self.body.ids.tabs.children:
            button.kind = "primary" if button.text == CATEGORIES[self.category] else "secondary"

    def open(self, notice: Notice) -> None:
        self.shown = notice
        self.mode = "detail"
        self._fill()

    def back(self) -> None:
        if self.mode == "detail":
            self.shown = None
            self.mode = "list"
        else:
            super().back()

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.backend.sandbox_data import NOTICES

        rows = next(iter(NOTICES.values()))
        return {"notices": [Notice.from_json(r) for r in rows]}
