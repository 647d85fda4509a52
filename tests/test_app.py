"""The kiosk shell in a real (offscreen) Kivy window: it builds, a touch on a tile navigates, the idle timeout
warns then wipes the session, and an error in a screen lands on the failsafe screen."""

from __future__ import annotations

from typing import Iterator

import pytest

from kiosk.catalog import load_catalog
from kiosk.config import load_config


@pytest.fixture(scope="module")
def app() -> Iterator[object]:
    config = load_config(environ={})  # the window itself was configured by conftest.py
    from kiosk.app import KioskApp

    kiosk = KioskApp(config, load_catalog(config.catalog_path))
    kiosk._run_prepare()  # builds the root and opens the window without entering the main loop
    pump()
    yield kiosk
    kiosk.stop()


def pump(frames: int = 3) -> None:
    from kivy.base import EventLoop

    for _ in range(frames):
        EventLoop.idle()


def tap(widget: object) -> None:
    """A real touch at the widget's centre, through the window's input dispatch."""
    from kivy.tests.common import UnitTestTouch

    x, y = widget.to_window(*widget.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    touch.touch_up()
    pump()


def labels_of(widget: object) -> list[str]:
    from kivy.uix.label import Label

    return [w.text for w in widget.walk() if isinstance(w, Label)]


def find_tile(screen: object, title: str) -> object:
    from kiosk.widgets.common import Tile

    return next(w for w in screen.walk() if isinstance(w, Tile) and w.title == title)


def test_starts_on_the_attract_screen_and_a_touch_starts_a_session(app) -> None:
    app.end_session("test")
    pump()
    assert app.screens.current == "attract"
    assert "请触摸屏幕开始" in labels_of(app.current_screen)
    tap(app.current_screen)
    assert app.screens.current == "home"


def test_home_shows_the_eleven_items_and_the_services(app) -> None:
    app.go_home()
    pump()
    texts = labels_of(app.current_screen)
    for item in app.catalog.items:
        assert item.short_name in texts
    for service in app.catalog.services:
        assert service.name in texts
    assert "承诺办 · 20个工作日" in texts
    header = labels_of(app.header)
    assert app.config_model.station.name in header and "呼叫帮办" in header and "返回首页" in header


def test_touch_on_a_tile_leads_to_a_proper_not_yet_open_screen_and_home_again(app) -> None:
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, "公积金查询"))
    assert app.screens.current == "unavailable"
    texts = labels_of(app.current_screen)
    assert "住房公积金缴存查询" in texts
    assert "本机暂未开通此项自助办理" in texts
    home_button = next(w for w in app.header.walk() if getattr(w, "text", None) == "返回首页" and hasattr(w, "kind"))
    tap(home_button)
    assert app.screens.current == "home"


def test_touch_targets_are_tall_enough(app) -> None:
    from kiosk.widgets.common import BigButton, ServiceTile, Tile

    app.go_home()
    pump()
    targets = [w for w in app.root.walk() if isinstance(w, (BigButton, Tile, ServiceTile))]
    assert targets
    assert min(w.height for w in targets) >= 80


def test_elder_mode_enlarges_type_and_shows_the_most_used_items(app) -> None:
    app.go_home()
    pump()
    body = app.theme.body
    app.toggle_elder()
    pump()
    try:
        assert app.theme.body >= body * 1.4
        tiles = [w.title for w in app.current_screen.walk() if type(w).__name__ == "Tile"]
        assert [i.short_name for i in app.catalog.elder_items()] == tiles[:6]
        assert "更多事项" in tiles
    finally:
        app.toggle_elder()
        pump()
    assert app.theme.body == body


def test_idle_timeout_warns_then_wipes_the_session(app) -> None:
    clock = [1000.0]
    app.now = lambda: clock[0]
    app.start_session()
    pump()
    app.session.answers["phone"] = "13947651234"
    app.session.identity = object()
    session = app.session
    timeout, warning = app.idle.timeout_s, app.idle.warning_s

    clock[0] += timeout - warning - 1
    app.check_idle()
    pump()
    assert app._idle_warning is None

    clock[0] += 2
    app.check_idle()
    pump()
    assert app._idle_warning is not None
    assert "秒后将返回首页" in " ".join(labels_of(app._idle_warning))

    clock[0] += warning
    app.check_idle()
    pump()
    assert app.screens.current == "attract"
    assert app._idle_warning is None
    assert not session.personal and session.identity is None
    assert not app.session.personal


def test_a_touch_during_the_warning_keeps_the_session(app) -> None:
    clock = [5000.0]
    app.now = lambda: clock[0]
    app.start_session()
    app.session.answers["x"] = "kept"
    clock[0] += app.idle.timeout_s - 5
    app.check_idle()
    pump()
    assert app._idle_warning is not None
    tap(app.root)
    app.check_idle()
    pump()
    assert app._idle_warning is None
    assert app.screens.current == "home"
    assert app.session.answers == {"x": "kept"}


def test_an_error_in_a_screen_lands_on_the_failsafe_screen_which_goes_home_by_itself(app, monkeypatch) -> None:
    from kivy.base import ExceptionManager

    from kiosk.screens.unavailable import UnavailableScreen

    app.go_home()
    app.session.answers["secret"] = "x"

    def broken(self, **params):
        raise RuntimeError("screen bug")

    monkeypatch.setattr(UnavailableScreen, "prepare", broken)
    app.open_item("yb-jf")
    pump()
    assert app.screens.current == "failsafe"
    assert not app.session.personal
    failsafe = app.current_screen
    for _ in range(failsafe.seconds_left):
        failsafe._count_down()
    assert app.screens.current == "home"

    # An exception raised inside the event loop (a touch handler, a Clock callback) takes the same path.
    assert app._failsafe.handle_exception(ValueError("callback bug")) == ExceptionManager.PASS
    assert app.screens.current == "failsafe"
    app.go_home()
