"""三务公开: the station's notices of party affairs, village affairs and finances from the platform, in large
type, a few titles a page, with their pictures (a tap shows one full-screen to zoom). The last notices fetched and
their pictures are kept on disk (kiosk.runtime.notices_cache, reached through the controller), so the board still
reads on days offline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.properties import ListProperty, NumericProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.base.i18n import _
from kiosk.core.results import Notice
from kiosk.ui.screens.services.base import ServiceScreen, show_pane

PER_PAGE = 4
ELDER_LANDSCAPE_PER_PAGE = 2  # what fits a landscape screen in 长辈模式's large type


def category_name(code: str) -> str:
    """A notice category in words ("" is every category)."""
    return {"": _("全部"), "party": _("党务公开"), "village": _("村务公开"), "finance": _("财务公开")}.get(code, "")


def short_date(day: dt.date) -> str:
    return _("{month}月{day}日").format(month=day.month, day=day.day)


class NoticeButton(ButtonBehavior, BoxLayout):
    title = StringProperty("")
    date = StringProperty("")
    category = StringProperty("")


class NoticePicture(ButtonBehavior, BoxLayout):
    """A notice's picture in the text; a tap opens it full-screen."""

    source = StringProperty("")
    hint = StringProperty("")


class NoticesScreen(ServiceScreen):
    body_class = "NoticesBody"
    mode = OptionProperty("list", options=["list", "detail"])
    category = StringProperty("")
    notices = ListProperty()  # every Notice of the station, newest first
    page = NumericProperty(0)
    pages = NumericProperty(1)
    shown = ObjectProperty(None, allownone=True)
    # Where the list came from: what the lines above the list say, in the language of the moment.
    state = OptionProperty("platform", options=["loading", "platform", "cached", "offline"])
    saved_at = StringProperty("")  # the day the cached list was kept, when offline

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("list", "detail")}
        self._zoom: Any = None
        self.bind(mode=lambda *_: self._fill())  # bound after construction: see kiosk.ui.widgets.common.StepBar
        self.app.theme.bind(elder=self._theme_changed, portrait=self._theme_changed)

    def _theme_changed(self, *_: Any) -> None:
        if self.manager is not None and self.manager.current == self.name:
            self._fill()

    @property
    def per_page(self) -> int:
        theme = self.app.theme
        return ELDER_LANDSCAPE_PER_PAGE if theme.elder and not theme.portrait else PER_PAGE

    @property
    def cache(self) -> Any:
        return self.app.controller.notice_cache()

    def prepare(self, notices: list[Notice] | None = None, shown: str = "", **_ignored: Any) -> None:
        self.forget_questions()
        self.category, self.page, self.shown, self.mode = "", 0, None, "list"
        self.notices = notices or []
        self.state = "platform"
        if notices is None:
            station, cache = self.app.config_model.station.id, self.cache
            self.state = "loading"
            if not self.ask_platform(lambda client: cache.refresh(client, station), self._fetched, self._offline):
                self._offline("")
        self.shown = next((n for n in self.notices if n.id == shown), None) if shown else None
        if self.shown is not None:
            self.mode = "detail"
        self._fill()

    def relabel(self) -> None:
        """The language changed: the same category, page and notice, in the new words."""
        self._fill()

    def on_leave(self, *_: Any) -> None:
        self.close_picture()

    def _fetched(self, notices: list[Notice]) -> None:
        self.notices, self.state = notices, "platform"
        self._fill()

    def _offline(self, _message: str) -> None:
        self.saved_at, notices = self.cache.load()
        self.notices, self.state = notices, "cached" if notices else "offline"
        self._fill()

    def choose(self, category: str) -> None:
        self.category, self.page = category, 0
        self._fill()

    def turn(self, step: int) -> None:
        self.page = min(max(0, self.page + step), self.pages - 1)
        self._fill()

    def _fill(self) -> None:
        self._say_where_from()
        detail = self.mode == "detail" and self.shown is not None
        show_pane(self.body, list(self._panes.values()), self._panes["detail" if detail else "list"])
        self.title = self.shown.title if detail else _("三务公开")
        self.back_text = _("返回列表") if detail else ""
        self.primary_text = ""
        if detail:
            self._fill_pictures()
            return
        chosen = [n for n in self.notices if self.category in ("", n.category)]
        per_page = self.per_page
        self.pages = max(1, -(-len(chosen) // per_page))
        self.page = min(self.page, self.pages - 1)
        box = self.body.ids.titles
        box.clear_widgets()
        for n in chosen[self.page * per_page : (self.page + 1) * per_page]:
            button = NoticeButton(title=n.title, date=short_date(n.published_at), category=category_name(n.category))
            button.bind(on_release=lambda _, shown=n: self.open(shown))
            box.add_widget(button)
        for button in self.body.ids.tabs.children:
            button.kind = "primary" if button.category == self.category else "secondary"

    def _say_where_from(self) -> None:
        self.message = _("正在读取公开内容…") if self.state == "loading" else ""
        self.notice = {
            "cached": _("网络暂时不通，显示的是{day}保存的内容").format(day=self.saved_at),
            "offline": _("网络暂时不通，请稍后再看"),
        }.get(self.state, "")
        if self.state == "platform" and not self.notices:
            self.message = _("本站暂时没有公开内容")

    def _fill_pictures(self) -> None:
        box = self.body.ids.pictures
        box.clear_widgets()
        cache = self.cache
        for image_id in self.shown.images:
            path = cache.picture(image_id)
            if path is None:
                box.add_widget(Label(text=_("图片暂时无法显示"), size_hint_y=None, height=self.app.theme.button_h,
                                     font_size=self.app.theme.body, color=self.app.theme.text_muted))
                continue
            picture = NoticePicture(source=str(path), hint=_("点图片可放大查看"))
            picture.bind(on_release=lambda widget: self.open_picture(widget.source))
            box.add_widget(picture)
        self.body.ids.detail.scroll_y = 1

    def open(self, notice: Notice) -> None:
        self.shown = notice
        self.mode = "detail"
        self._fill()

    def open_picture(self, source: str) -> None:
        """The picture full-screen, to zoom with two fingers."""
        from kiosk.ui.widgets.zoom import ZoomView

        self.close_picture()
        self._zoom = ZoomView(source=source)
        self._zoom.bind(on_dismiss=lambda *_: setattr(self, "_zoom", None))
        self._zoom.open(animation=False)

    def close_picture(self) -> None:
        if self._zoom is not None:
            self._zoom.dismiss(animation=False)
            self._zoom = None

    def back(self) -> None:
        if self.mode == "detail":
            self.shown = None
            self.mode = "list"
        else:
            super().back()

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        """The demo station's finance notice with its table, kept in the screenshot's own data folder."""
        from kiosk.demo.services import SAMPLE_NOTICE, sample_notices

        notices, pictures = sample_notices()
        app.controller.notice_cache().save(notices, pictures)
        return {"notices": notices, "shown": SAMPLE_NOTICE}
