"""三务公开: the station's notices of party affairs, village affairs and finances from the platform, in large
type, a few titles a page, with their pictures (a tap shows one full-screen to zoom). The last notices fetched and
their pictures are kept on disk (kiosk.runtime.notices_cache, reached through the controller), so the board still
reads on days offline. The board's state is kiosk.core.services.notices's; this screen shows it with its buttons
and pictures, and decides how many titles fit a page."""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, NumericProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.core.results import Notice
from kiosk.core.services.notices import NoticeBoard, Source, category_name, short_date
from kiosk.ui.screens.services.base import ServiceScreen, show_pane
from kiosk.ui.widgets.label import Label

PER_PAGE = 4
ELDER_LANDSCAPE_PER_PAGE = 2  # what fits a landscape screen in 长辈模式's large type


class NoticeButton(ButtonBehavior, BoxLayout):
    title = StringProperty("")
    date = StringProperty("")
    category = StringProperty("")


class NoticePicture(ButtonBehavior, BoxLayout):
    """A notice's picture in the text; a tap opens it full-screen."""

    source = StringProperty("")
    hint = StringProperty("")


class NoticesScreen(ServiceScreen):
    """Shows a kiosk.core.services.notices.NoticeBoard and forwards the touches to it."""

    body_class = "NoticesBody"
    # The board's state, mirrored for the kv.
    mode = OptionProperty("list", options=["list", "detail"])
    category = StringProperty("")
    notices = ListProperty()  # every Notice of the station, newest first
    page = NumericProperty(0)
    pages = NumericProperty(1)
    shown = ObjectProperty(None, allownone=True)
    state = OptionProperty("platform", options=[s.value for s in Source])  # where the list came from
    saved_at = StringProperty("")  # the day the cached list was kept, when offline

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        ids = self.body.ids
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        self._panes = {name: ids[name].__self__ for name in ("list", "detail")}
        self._zoom: Any = None
        self.board = NoticeBoard()
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
        self.board = NoticeBoard(list(notices or []))
        if notices is None:
            station, cache = self.app.config_model.station.id, self.cache
            kept = cache.fresh()  # fetched within the hour (the heartbeat fetches ahead): shown at once
            if kept is not None:
                self.board.fetched(kept)
            else:
                self.board.loading()
                if not self.ask_platform(lambda client: cache.refresh(client, station), self._fetched,
                                         self._offline):
                    self._offline("")
        opened = self.board.notice(shown) if shown else None
        if opened is not None:
            self.board.open(opened)
        self._fill()

    def relabel(self) -> None:
        """The language changed: the same category, page and notice, in the new words."""
        self._fill()

    def on_leave(self, *_: Any) -> None:
        self.close_picture()

    def _fetched(self, notices: list[Notice]) -> None:
        self.board.fetched(notices)
        self._fill()

    def _offline(self, _message: str) -> None:
        self.board.offline(*self.cache.load())
        self._fill()

    # -- touches --------------------------------------------------------------------------------------------
    def choose(self, category: str) -> None:
        self.board.choose(category)
        self._fill()

    def turn(self, step: int) -> None:
        self.board.turn(step, self.per_page)
        self._fill()

    def open(self, notice: Notice) -> None:
        self.board.open(notice)
        self._fill()

    def back(self) -> None:
        if self.board.close():
            self._fill()
        else:
            super().back()

    # -- showing --------------------------------------------------------------------------------------------
    def _fill(self) -> None:
        b, per_page = self.board, self.per_page
        self.notices, self.category, self.shown = b.notices, b.category, b.shown
        self.state, self.saved_at = b.source.value, b.saved_at
        self.pages, self.page = b.pages(per_page), b.page_at(per_page)
        self.message, self.notice = b.status()
        self.mode = "detail" if b.shown is not None else "list"
        show_pane(self.body, list(self._panes.values()), self._panes[self.mode])
        self.title = b.shown.title if b.shown is not None else _("三务公开")
        self.back_text = _("返回列表") if b.shown is not None else ""
        self.primary_text = ""
        if b.shown is not None:
            self._fill_pictures(b.shown)
            return
        box = self.body.ids.titles
        box.clear_widgets()
        for n in b.listed(per_page):
            button = NoticeButton(title=n.title, date=short_date(n.published_at), category=category_name(n.category))
            button.bind(on_release=lambda _, shown=n: self.open(shown))
            box.add_widget(button)
        for button in self.body.ids.tabs.children:
            button.kind = "primary" if button.category == self.category else "secondary"

    def _fill_pictures(self, shown: Notice) -> None:
        box = self.body.ids.pictures
        box.clear_widgets()
        cache = self.cache
        for image_id in shown.images:
            path = cache.picture(image_id)
            if path is None:
                box.add_widget(Label(text=_("图片暂时无法显示"), size_hint_y=None, height=self.app.theme.button_h,
                                     font_size=self.app.theme.body, color=self.app.theme.text_muted))
                continue
            picture = NoticePicture(source=str(path), hint=_("点图片可放大查看"))
            picture.bind(on_release=lambda widget: self.open_picture(widget.source))
            box.add_widget(picture)
        self.body.ids.detail.scroll_y = 1

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

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        """The demo station's finance notice with its table, kept in the screenshot's own data folder."""
        from kiosk.demo.services import SAMPLE_NOTICE, sample_notices

        notices, pictures = sample_notices()
        app.controller.notice_cache().save(notices, pictures)
        return {"notices": notices, "shown": SAMPLE_NOTICE}
