"""What every maintenance page shares (staff only, after the PIN): the frame in page.kv (the pages down the left,
who is signed in, the page's own body), the idle exit, the desk's refusals in the notice line, and the widgets
more than one page uses.

The work behind the buttons is kiosk.staff.desk.StaffDesk (`self.desk`); pages only show its answers. Maintenance
returns to the citizens' screens by itself after [maintenance] idle_exit_s without a touch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.common import BigButton


def pages() -> list[tuple[str, str, str]]:
    """The pages down the left: (screen, label, icon), in the language on show."""
    return [("maint-devices", _("设备"), "tool"), ("maint-paper", _("纸张"), "receipt"),
            ("maint-outbox", _("待提交"), "progress"), ("maint-stats", _("统计"), "list-search"),
            ("maint-logs", _("日志"), "clipboard-check"), ("maint-settings", _("设置"), "settings"),
            ("maint-leave", _("离开"), "home")]


def refusal(exc: BaseException) -> str:
    """What a desk call done off the UI thread (controller.run) answered with its refusal; anything else is a
    fault and goes on to the app's failsafe."""
    if isinstance(exc, KioskError):
        return exc.message
    raise exc


class PageBody(BoxLayout):
    """The page's own part; its kv rules read the screen through `root.screen`."""

    screen = ObjectProperty(None, allownone=True, rebind=True)


class MaintenanceScreen(KioskScreen):
    for_staff = True
    in_session = False  # the citizens' idle countdown does not apply; maintenance has its own
    body_class = ""
    nav_page = ""  # the page highlighted on the left ("": this screen)
    watches_devices = False  # pages showing devices' state refresh when a device's status or paper changes
    refresh_s = 0.0  # pages showing what no device event tells (the outbox) refresh this often
    heading = StringProperty("")
    who = StringProperty("")
    notice = StringProperty("")

    def on_kv_post(self, base_widget: Any) -> None:
        self.body = Factory.get(self.body_class)(screen=self)
        self.ids.content.add_widget(self.body)
        self._nav()

    def _nav(self) -> None:
        nav = self.ids.nav
        nav.clear_widgets()
        for name, label, icon in pages():
            kind = "primary" if name == (self.nav_page or self.name) else "secondary"
            button = BigButton(text=label, icon=icon, kind=kind)
            button.bind(on_release=lambda _b, page=name: self.app.show(page))
            nav.add_widget(button)
        nav.add_widget(Widget())

    def title(self) -> str:
        """The page's heading, in the language on show."""
        return ""

    def relabel(self) -> None:
        notice = self.notice
        self._nav()
        super().relabel()
        self.notice = notice  # what the last action answered stays (in the language it was said in)

    @property
    def desk(self) -> Any:
        return self.app.staff_desk

    def prepare(self, **_params: Any) -> None:
        member = self.desk.member
        self.heading = self.title()
        self.who = _("维护人员：{name}（{role}）").format(name=member.name, role=member.role.label) if member else ""
        self.notice = ""
        self.refresh()

    def on_enter(self, *_: Any) -> None:
        self._stop_watching()
        self._ticks = [Clock.schedule_interval(self._tick, 1)]
        if self.refresh_s:
            self._ticks.append(Clock.schedule_interval(self._tick_refresh, self.refresh_s))
        if self.watches_devices:
            self._unwatch_devices = self.desk.watch_devices(lambda: self.app.post(self._device_changed))

    def on_leave(self, *_: Any) -> None:
        self._stop_watching()
        Clock.schedule_once(self._left)

    def _stop_watching(self) -> None:
        for tick in getattr(self, "_ticks", []):
            tick.cancel()
        self._ticks = []
        unwatch = getattr(self, "_unwatch_devices", None)
        if unwatch is not None:
            unwatch()
        self._unwatch_devices = None

    def _showing(self) -> bool:
        # on_enter can come after the screen was already left again (quick navigation): then stop watching.
        if self.manager is not None and self.manager.current == self.name:
            return True
        self._stop_watching()
        return False

    def _left(self, _dt: float) -> None:
        # Leaving for a citizen's screen (返回首页 in the header, the idle exit) signs the staff member out.
        if not self.app.screens.current.startswith("maint-"):
            self.desk.sign_out("left maintenance")

    def _tick(self, _dt: float) -> None:
        if self._showing() and (not self.desk.signed_in or self.desk.idle_expired()):
            self.app.leave_maintenance("idle")

    def _tick_refresh(self, _dt: float) -> None:
        if self._showing():
            self.refresh()

    def _device_changed(self) -> None:
        if self._showing():
            self.refresh()

    def refresh(self) -> None:
        """Show the current state; pages override."""

    def act(self, action: Any, done: str = "") -> Any:
        """Carry out a desk action, showing its refusal (or `done`) in the notice line."""
        try:
            result = action()
        except KioskError as exc:
            self.notice = exc.message
            return None
        self.notice = done
        self.refresh()
        return result

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        app.sample_maintenance()
        return {}


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
