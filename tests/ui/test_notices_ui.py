"""三务公开's pictures in the real app (the `app` fixture, with the sandbox platform): shown in the notice,
opened full-screen by a tap, zoomed with two fingers, panned with one, reset by a double tap, and still there on
a day without the network."""

from __future__ import annotations

from typing import Any

from ui_support import (
    ends_on_the_attract_screen,  # noqa: F401 (autouse)
    labels_of,
    pump,
    tap,
    wait_until,
)


def open_notices(app: Any) -> Any:
    app.go_home()
    app.open_service("notices")
    pump()
    return app.current_screen


def pictures(screen: Any) -> list[Any]:
    from kiosk.ui.screens.services.notices import NoticePicture

    return [w for w in screen.body.ids.pictures.children[::-1] if isinstance(w, NoticePicture)]


def tap_picture(screen: Any, picture: Any) -> None:
    """Scroll the notice to its picture, as the citizen would, and touch it."""
    screen.body.ids.detail.scroll_to(picture, animate=False)
    pump()
    tap(picture)


def finance_notice(screen: Any) -> Any:
    return next(n for n in screen.notices if n.category == "finance" and n.images)


def touch(x: float, y: float) -> Any:
    from kivy.tests.common import UnitTestTouch

    return UnitTestTouch(x, y)


def leave(app: Any, screen: Any) -> None:
    """Home again: leaving the screen closes a picture left open (it lies over the whole window)."""
    app.go_home()
    pump()
    assert screen._zoom is None


def double_tap(x: float, y: float) -> None:
    """Two taps at one place, through Kivy's own double-tap detection (the input post-processing that a touch
    screen's events go through in the running app)."""
    from kivy.base import EventLoop
    from kivy.input.postproc import kivy_postproc_modules

    detector = kivy_postproc_modules["doubletap"]
    for _ in range(2):
        t = touch(x, y)
        for stage in ("begin", "end"):
            for kind, event in detector.process(events=[(stage, t)]):
                EventLoop.post_dispatch_input(kind, event)
    pump(1)


def test_a_notice_picture_opens_full_screen_and_zooms_with_two_fingers(app) -> None:
    screen = open_notices(app)
    wait_until(lambda: screen.notices and screen.state == "platform", "the station's notices")
    screen.choose("finance")
    screen.open(finance_notice(screen))
    pump()
    shown = pictures(screen)
    assert len(shown) == 1 and "点图片可放大查看" in labels_of(screen)
    tap_picture(screen, shown[0])
    zoom = screen._zoom
    assert zoom is not None and zoom.source == shown[0].source
    pump()
    surface = zoom.surface
    assert surface.scale == 1 and not surface.do_rotation
    # Pinch: two fingers down 100 px apart, one moves out to 300 px apart.
    cx, cy = surface.to_window(*surface.center)
    first, second = touch(cx - 50, cy), touch(cx + 50, cy)
    first.touch_down()
    second.touch_down()
    second.touch_move(cx + 250, cy)
    second.touch_up()
    first.touch_up()
    pump()
    assert surface.scale > 2
    # One finger pans the enlarged picture.
    before = tuple(surface.pos)
    finger = touch(cx, cy)
    finger.touch_down()
    finger.touch_move(cx + 120, cy - 80)
    finger.touch_up()
    pump()
    assert tuple(surface.pos) != before and surface.scale > 2
    # Never panned out of sight: the enlarged picture still covers the view.
    view = surface.parent
    assert surface.x <= view.x and surface.right >= view.right and surface.y <= view.y and surface.top >= view.top
    double_tap(cx, cy)
    assert surface.scale == 1 and tuple(surface.pos) == tuple(view.pos)
    close = next(w for w in zoom.walk() if getattr(w, "text", "") == "关闭")
    tap(close)
    wait_until(lambda: zoom.parent is None, "the picture to close")
    assert screen._zoom is None
    leave(app, screen)


def test_zoom_stops_at_its_limits(app) -> None:
    from kiosk.ui.widgets.zoom import MAX_SCALE

    screen = open_notices(app)
    wait_until(lambda: screen.notices and screen.state == "platform", "the station's notices")
    screen.open(finance_notice(screen))
    pump()
    tap_picture(screen, pictures(screen)[0])
    surface = screen._zoom.surface
    cx, cy = surface.to_window(*surface.center)
    for spread, squeeze in ((10, 900), (400, -390)):  # far out, then far in
        first, second = touch(cx - spread, cy), touch(cx + spread, cy)
        first.touch_down()
        second.touch_down()
        second.touch_move(cx + squeeze, cy)
        second.touch_up()
        first.touch_up()
        pump()
        assert 1 <= surface.scale <= MAX_SCALE
        if squeeze > 0:
            assert surface.scale == MAX_SCALE
    assert surface.scale == 1
    leave(app, screen)


def test_pictures_read_from_the_cache_on_a_day_without_the_network(app, monkeypatch) -> None:
    screen = open_notices(app)
    wait_until(lambda: screen.notices and screen.state == "platform", "the station's notices")
    monkeypatch.setattr("kiosk.runtime.kept.FRESH_S", 0.0)  # the list kept more than an hour ago
    monkeypatch.setattr(app.runtime, "backend", None)
    screen = open_notices(app)
    assert screen.state == "cached" and screen.notice.startswith("网络暂时不通，显示的是")
    screen.open(finance_notice(screen))
    pump()
    shown = pictures(screen)
    assert len(shown) == 1
    image = shown[0].ids.picture
    wait_until(lambda: image.texture is not None, "the kept picture to load")
    assert image.texture.width >= 1000
    tap_picture(screen, shown[0])
    assert screen._zoom is not None
    leave(app, screen)
