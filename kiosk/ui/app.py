"""KioskApp: the window, its screens, the header, the idle warning and the staff gesture. What happens between
the devices, the flow and the platform is the Kivy-free controller's (kiosk.runtime.controller); the app is its
view.

Import this module only after `kiosk.ui.kivy_setup.configure_kivy()`: importing it creates the window.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk.base.config import KioskConfig
from kiosk.base.i18n import _, next_language
from kiosk.core.catalog import Catalog
from kiosk.core.flow import ItemFlow
from kiosk.core.idle import IdlePhase, IdleTimer
from kiosk.core.services.copies import ELSEWHERE
from kiosk.core.session import CitizenSession
from kiosk.devices.base import DeviceEvent
from kiosk.runtime.controller import Controller
from kiosk.runtime.runtime import Runtime
from kiosk.ui.collector import UiThreadCollector
from kiosk.ui.screens.base import KioskScreen, screen_class
from kiosk.ui.voice import VoiceGuide
from kiosk.ui.widgets.common import Header
from kiosk.ui.widgets.lang import bilingual, tr, vertical
from kiosk.ui.widgets.theme import Theme

log = logging.getLogger(__name__)

# Too many errors in a short time means the failsafe itself is failing: let the process end and the
# service manager restart it, rather than loop.
FAILSAFE_BURST = 5
FAILSAFE_WINDOW_S = 30
CORNER_TAPS = 5  # taps in the top-left corner ...
CORNER_WINDOW_S = 3.0  # ... within this long open the staff PIN pad
# The screens a citizen reaches from the home screen in a touch or two, built while the attract screen shows
# (nobody at the kiosk), one every PREBUILD_EVERY_S: built on a citizen's first touch instead, each held that touch
# up by 50-200 ms on a 2-core terminal. A touch on the attract screen waits at most for the one being built.
PREBUILT = ("home", "identify", "form", "navigation", "guide", "progress", "queries", "notices", "appointment",
            "copy", "complaint", "evaluation", "unavailable", "materials", "confirm", "working", "result", "evaluate")
PREBUILD_EVERY_S = 0.1


class InstantTransition(NoTransition):
    """A switch of screens done at once. Kivy's NoTransition completes on the next frame (an animation of no
    length): the frame that shows a new screen drew the screen left beneath it, twice the drawing with software GL,
    and the screen left heard `on_leave` a frame late. Here the screen left is out before the next frame is drawn,
    and `on_leave` / `on_enter` come as the switch is made."""

    def start(self, manager: ScreenManager) -> None:
        super().start(manager)
        self._anim.cancel(self)
        self._on_complete()


class _Failsafe(ExceptionHandler):
    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.recent: list[float] = []

    def handle_exception(self, exception: BaseException) -> int:
        if isinstance(exception, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        now = time.monotonic()
        self.recent = [t for t in self.recent if now - t < FAILSAFE_WINDOW_S] + [now]
        log.error("unhandled error in the UI", exc_info=exception)
        if len(self.recent) >= FAILSAFE_BURST:
            return ExceptionManager.RAISE
        self.app.fail()
        return ExceptionManager.PASS


class KioskApp(App):
    title = _("政务服务自助终端")

    def __init__(self, config: KioskConfig, catalog: Catalog, runtime: Runtime | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config_model = config
        self.runtime = runtime
        self.controller = Controller(config, catalog, runtime, view=self, clock=lambda: self.now())
        self.theme = Theme(elder_scale=config.display.elder_scale)
        self.idle = IdleTimer(config.session.idle_timeout_s, config.session.warning_s)
        self.now: Callable[[], float] = time.monotonic  # tests drive time through this
        self.header: Header | None = None
        self.screens: ScreenManager | None = None
        self._idle_warning: Any = None  # the IdleWarning dialog while it shows
        self._failsafe = _Failsafe(self)
        self.voice = VoiceGuide(config)
        self.exit_code = 0  # the process's exit status once the app stops (see quit_kiosk)
        self.collector = UiThreadCollector(quiet=lambda: bool(self.current) and not self.current_screen.in_session)
        self._prebuilding: Any = None  # the clock event building PREBUILT (on_start)

    @property
    def catalog(self) -> Catalog:
        """The catalog in use: the controller's, which a version from the platform replaces between sessions."""
        return self.controller.catalog

    @catalog.setter
    def catalog(self, catalog: Catalog) -> None:
        self.controller.catalog = catalog

    # -- building -------------------------------------------------------------------------------------------
    def build(self) -> BoxLayout:
        self.theme.fit_window(*Window.size)
        if self.runtime is not None:
            from kiosk.ui.kivy_setup import sdl_video_driver

            self.runtime.display_driver = sdl_video_driver()
        Window.bind(size=lambda _, size: self.theme.fit_window(*size))
        Window.bind(on_touch_down=self._on_activity, on_key_down=self._on_activity)
        Window.clearcolor = self.theme.background
        ExceptionManager.add_handler(self._failsafe)
        root = BoxLayout(orientation="vertical")
        self.header = Header(station_name=self.config_model.station.name)
        self.screens = ScreenManager(transition=InstantTransition())
        root.add_widget(self.header)
        root.add_widget(self.screens)
        Clock.schedule_interval(self.check_idle, 0.5)
        if self.config_model.devices.scanner.driver == "keyboard":
            self._watch_keyboard_scanner()
        self._setup_maintenance()
        self._start_watchdog()
        Window.bind(on_flip=self._first_frame_drawn)
        if self.runtime is not None:
            if self.runtime.ready.is_set():
                self._runtime_ready(self.runtime)
            else:
                # Devices and the platform start right after the first frame: importing their libraries holds
                # the interpreter lock, and the citizen should see the kiosk first.
                Window.bind(on_flip=self._start_runtime)
        return root

    def on_start(self) -> None:
        # The attract screen, unless a session was started before the first frame (`kiosk bench startup` goes
        # straight to home): a screen nobody sees is not built.
        if not self.screens.current:
            self.show("attract")
        self._prebuilding = Clock.schedule_interval(self._prebuild_next, PREBUILD_EVERY_S)

    @property
    def prebuilt(self) -> bool:
        """Whether every screen of PREBUILT is built."""
        return all(self.screens.has_screen(name) for name in PREBUILT)

    def _prebuild_next(self, *_: Any) -> bool:
        """One screen of PREBUILT built, while the attract screen shows; False (stop) once all are."""
        if self.current != "attract":
            return True
        name = next((name for name in PREBUILT if not self.screens.has_screen(name)), None)
        if name is None:
            return False
        self.screen(name)
        return True

    def _first_frame_drawn(self, *_: Any) -> None:
        # `kiosk run` starts with the collector off (see kiosk.cli): the start-up objects are in place now. From here
        # on, collections run between frames on this thread (see kiosk.ui.collector).
        Window.unbind(on_flip=self._first_frame_drawn)
        self.collector.start()

    def _start_runtime(self, *_: Any) -> None:
        Window.unbind(on_flip=self._start_runtime)
        self.runtime.start_async(on_ready=self._runtime_ready)

    def on_stop(self) -> None:
        Clock.unschedule(self.check_idle)  # a stopped app must not raise its idle warning over another window
        if self._prebuilding is not None:
            self._prebuilding.cancel()
        self.controller.new_session()
        self.controller.close()
        ExceptionManager.remove_handler(self._failsafe)
        self.collector.stop()
        if self.runtime is not None:
            self.runtime.stop()

    # -- the controller's view ------------------------------------------------------------------------------
    def _runtime_ready(self, runtime: Runtime) -> None:
        self.controller.attach(runtime)

    def post(self, call: Callable[[], None]) -> None:
        Clock.schedule_once(lambda _: call())

    @property
    def current(self) -> str:
        return self.screens.current or ""

    @property
    def flow(self) -> ItemFlow | None:
        return self.controller.flow

    @property
    def session(self) -> CitizenSession:
        return self.controller.session

    def _watch_keyboard_scanner(self) -> None:
        """A scanner in keyboard mode types its codes: a burst of keys far faster than a person, ending in Enter.
        Such bursts become "code" events like a serial scanner's; no screen takes typing from a keyboard."""
        from kiosk.devices.scanner.wedge import WedgeDetector

        detector = WedgeDetector.from_config(self.config_model.devices.scanner)

        def act(actions: list[Any]) -> None:
            for action in actions:
                if action.kind == "scan":
                    self.controller.keyboard_code(action.text)
            if detector.holding:
                Clock.schedule_once(lambda _: act(detector.tick(self.now())), detector.max_gap_s * 1.5)

        def on_key(_window: Any, key: int, _scancode: int, codepoint: str | None, _modifiers: Any) -> None:
            text = "\r" if key == 13 else codepoint
            if text:
                act(detector.key(text, self.now()))

        Window.bind(on_key_down=on_key)

    @property
    def current_screen(self) -> KioskScreen:
        return self.screens.current_screen

    # -- navigation -----------------------------------------------------------------------------------------
    def screen(self, name: str) -> KioskScreen:
        """The screen called `name`, created (and its .kv loaded) on first use."""
        if not self.screens.has_screen(name):
            self.screens.add_widget(screen_class(name)(name=name))
        return self.screens.get_screen(name)

    def show(self, name: str, **params: Any) -> None:
        try:
            screen = self.screen(name)
            screen.params = params
            screen.prepare(**params)
            self.screens.current = name
            self._apply_elder(self.session.elder)
        except Exception:
            log.exception("could not show screen %s", name)
            if name == "failsafe":
                raise
            self.fail()
            return
        self.header.show_home = name != "attract"

    def fail(self) -> None:
        """Wipe the session and show the failsafe screen, which returns home by itself."""
        self._dismiss_idle_warning()
        self.controller.new_session(self.session.elder)
        self.show("failsafe")

    def start_session(self) -> None:
        """A touch on the attract screen: 长辈模式 or the language chosen there is kept for the session it starts
        (the session before was ended with the defaults)."""
        elder = self.session.elder
        self.controller.new_session(elder)
        self._apply_elder(elder)
        self.idle.touch(self.now())
        self.show("home")

    def go_home(self) -> None:
        """返回首页: what was entered is wiped; the person at the screen keeps 长辈模式."""
        self.controller.new_session(self.session.elder)
        self.idle.touch(self.now())
        self.show("home")

    def end_session(self, reason: str) -> None:
        """The citizen left (idle timeout) or finished: wipe everything and wait for the next one."""
        log.info("session %s ended: %s", self.session.session_id[:8], reason)
        self._dismiss_idle_warning()
        self.controller.new_session()
        self._apply_elder(False)
        self.set_language(self.config_model.display.language)
        self.show("attract")
        self.controller.apply_central()  # a catalog version from the platform waits for exactly this moment

    def open_service(self, code: str) -> None:
        """A public service's screen (its code names the screen); those not built yet say where to go instead."""
        from kiosk.ui.screens import SCREENS

        service = next(s for s in self.catalog.services if s.code == code)
        if not self.controller.service_available(code):
            self.show("unavailable", title=service.name, where=ELSEWHERE)
        elif code in SCREENS:
            self.controller.end_flow()
            self.show(code)
        else:
            self.show("unavailable", title=service.name)

    # -- header actions -------------------------------------------------------------------------------------
    def toggle_elder(self) -> None:
        self._apply_elder(not self.session.elder)

    def _apply_elder(self, elder: bool) -> None:
        """长辈模式 on or off everywhere it shows: the session, the header's button, the idle time, and the type
        size, except on the staff's pages (laid out for the normal size)."""
        self.session.elder = elder
        if self.header is not None:
            self.header.elder = elder
        screen = self.screens.current_screen if self.screens is not None else None
        size = elder and not (screen is not None and screen.for_staff)
        if self.theme.elder != size:
            self.theme.elder = size
        timeouts = self.config_model.session
        self.idle.timeout_s = timeouts.elder_idle_timeout_s if elder else timeouts.idle_timeout_s

    def set_language(self, lang: str) -> None:
        """Switch every visible text live: kv rules follow `tr`, the screen on show rebuilds its own text."""
        mode = self.config_model.display.languages
        self.header.other_language = next_language(lang, mode)
        self.header.bilingual = bilingual(mode, lang)
        self.header.vertical = vertical(mode, lang)
        if tr.lang == lang:
            return
        tr.lang = lang
        if self.screens is not None and self.screens.current:
            self.screens.current_screen.relabel()

    def toggle_language(self) -> None:
        self.set_language(self.header.other_language)

    def call_helper(self) -> None:
        """呼叫帮办: the controller notifies the helper through the platform; the dialog shows the answer."""
        from kiosk.ui.widgets.dialogs import HelpDialog  # dialogs load on first use, like screens

        dialog = HelpDialog(phone=self.config_model.station.phone)
        dialog.open()
        self.controller.call_helper(dialog.answered, dialog.unreachable)

    def speak(self, prompt: str, asked: bool = False) -> bool:
        """A short spoken prompt (kiosk.ui.voice), when the voice settings want one for this citizen or the citizen
        asked for it (`asked`, the 🔊 key)."""
        return bool(prompt) and self.voice.say(prompt, self.session.elder, asked)

    # -- idle timeout ---------------------------------------------------------------------------------------
    def _on_activity(self, *_: Any) -> None:
        self.idle.touch(self.now())

    def check_idle(self, *_: Any) -> None:
        if not self.current_screen.in_session:
            self._dismiss_idle_warning()
            return
        now = self.now()
        self.idle.hold(self.controller.idle_hold_until(), now)  # a pending payment: the citizen pays on the phone
        phase = self.idle.phase(now)
        if phase is IdlePhase.EXPIRED:
            self.end_session("idle timeout")
        elif phase is IdlePhase.WARNING:
            if self._idle_warning is None:
                from kiosk.ui.widgets.dialogs import IdleWarning

                self._idle_warning = IdleWarning()
                self._idle_warning.bind(on_dismiss=lambda *_: self._forget_idle_warning())
                self._idle_warning.open(animation=False)
            self._idle_warning.seconds_left = self.idle.remaining(now)
        else:
            self._dismiss_idle_warning()

    def _forget_idle_warning(self) -> None:
        self._idle_warning = None
        self.idle.touch(self.now())

    def _dismiss_idle_warning(self) -> None:
        if self._idle_warning is not None:
            warning, self._idle_warning = self._idle_warning, None
            warning.dismiss(animation=False)

    # -- maintenance ----------------------------------------------------------------------------------------
    def _setup_maintenance(self) -> None:
        """Five taps in the top-left corner within three seconds open the staff PIN pad."""
        from kiosk.staff.desk import StaffDesk

        self.staff_desk = StaffDesk(self.config_model, self.runtime, clock=lambda: self.now())
        self.controller.staff_card = self._staff_card_scanned
        self._corner_taps: list[float] = []
        Window.bind(on_touch_down=self._maintenance_touch)

    def _maintenance_touch(self, window: Any, touch: Any) -> bool:
        if self.staff_desk.signed_in:
            self.staff_desk.touch()
            return False
        corner = self.theme.button_h
        if touch.x > corner or touch.y < window.height - corner:
            self._corner_taps = []
            return False
        now = self.now()
        self._corner_taps = [t for t in self._corner_taps if now - t < CORNER_WINDOW_S] + [now]
        if len(self._corner_taps) >= CORNER_TAPS:
            self._corner_taps = []
            Clock.schedule_once(lambda _: self.open_staff_entry())
        return False

    def open_staff_entry(self, holder: str = "") -> None:
        """The PIN pad (`holder`: the account a staff card chose), or on a terminal without any account the
        first-start screen that creates the first admin."""
        self._dismiss_idle_warning()
        self.controller.new_session()
        if self.staff_desk.needs_setup():
            self.show("staff-setup")
        else:
            self.show("staff-pin", holder=holder)

    def _staff_card_scanned(self, event: DeviceEvent) -> bool:
        """A staff card's QR (serial scanner or keyboard wedge) opens the PIN pad with its holder chosen. Any
        other code goes on to the citizens' screens; in maintenance the scan test shows every code."""
        if event.device != "scanner" or event.kind != "code" or self.staff_desk.signed_in:
            return False
        member = self.staff_desk.card_holder(event.payload.text)
        if member is None:
            return False
        self.open_staff_entry(holder=member.name)
        return True

    def enter_maintenance(self) -> None:
        self.show("maint-devices")

    def leave_maintenance(self, reason: str) -> None:
        self.staff_desk.sign_out(reason)
        self.end_session("maintenance ended")

    def quit_kiosk(self, restart: bool) -> None:
        """重启 (any staff member): the service manager starts the kiosk again. 退出到桌面 (admin): the exit
        status tells systemd not to (RestartPreventExitStatus in deploy/kiosk.service)."""
        from kiosk.runtime.watchdog import EXIT_TO_DESKTOP

        self.staff_desk.act("restart" if restart else "exit_to_desktop", admin=not restart)
        self.staff_desk.sign_out("restart" if restart else "exit to desktop")
        self.exit_code = 0 if restart else EXIT_TO_DESKTOP
        self.stop()

    def sample_maintenance(self) -> None:
        """For screenshots: a staff member signed in (no PIN asked)."""
        from kiosk.staff.accounts import SAMPLE_NAME, Role, StaffMember

        self.staff_desk.member = StaffMember(SAMPLE_NAME, Role.ADMIN)
        self.staff_desk.touch()

    def _start_watchdog(self) -> None:
        """Tell systemd the kiosk is up; ping its watchdog from the UI thread (a frozen UI stops the pings)."""
        from kiosk.runtime.watchdog import notify, ping_interval_s

        notify("READY=1")
        interval = ping_interval_s()
        if interval:
            Clock.schedule_interval(lambda _: notify("WATCHDOG=1"), interval)
