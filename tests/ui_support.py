"""What the UI tests share: driving the real (offscreen) window by visible labels and real touches, and waiting
for the devices and the platform, which answer on their own threads. The app itself is the `app` fixture of
tests/ui/conftest.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest


def pump(frames: int = 3) -> None:
    from kivy.base import EventLoop

    for _ in range(frames):
        EventLoop.idle()


def wait_until(condition: Callable[[], bool], what: str | Callable[[], str], timeout: float = 30.0) -> None:
    """Run the UI until `condition` holds (devices and the platform answer on their own threads). `what` may be a
    function, to say at the timeout what the kiosk shows then."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
        pump(1)
        time.sleep(0.02)


def tap(widget: Any) -> None:
    """A real touch at the widget's centre, through the window's input dispatch."""
    from kivy.tests.common import UnitTestTouch

    x, y = widget.to_window(*widget.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    touch.touch_up()
    pump()


def labels_of(widget: Any) -> list[str]:
    from kivy.uix.label import Label

    return [w.text for w in widget.walk() if isinstance(w, Label)]


def press(app: Any, text: str) -> None:
    """Touch the visible button (or tile, key, face) whose label is `text`, on the screen or in the header."""
    from kivy.uix.behaviors import ButtonBehavior

    pump()  # let the layout settle: a widget that just appeared may still be moving into place
    for root in (app.current_screen, app.header):
        for widget in root.walk():
            if not isinstance(widget, ButtonBehavior) or widget.disabled or widget.opacity == 0:
                continue
            texts = [getattr(widget, "text", ""), getattr(widget, "title", ""), getattr(widget, "label", "")]
            if text in texts:
                tap(widget)
                return
    raise AssertionError(f"no button {text!r} on {app.screens.current}: {labels_of(app.current_screen)}")


def find_tile(screen: Any, title: str) -> Any:
    from kiosk.ui.widgets.common import Tile

    return next(w for w in screen.walk() if isinstance(w, Tile) and w.title == title)


def printed_count(app: Any) -> int:
    return len(app.runtime.printer.simulator.receipts)


def lay_card_and_wait(app: Any, name: str, until: str) -> None:
    assert app.screens.current == "identify"
    assert "请将身份证放在读卡区" in labels_of(app.current_screen)
    press(app, f"演示：放置身份证 {name}")
    wait_until(lambda: app.screens.current == until,
               lambda: f"the card of {name} to lead to {until} (on {app.screens.current}: {labels_of(app.current_screen)})")


def tick_member(app: Any, name: str) -> None:
    """Tick (or untick) a household member on record on a list of persons."""
    from kiosk.ui.widgets.household import MemberTick

    pump()  # let the layout settle, as press does: the list was just built
    row = next((w for w in app.current_screen.walk() if isinstance(w, MemberTick) and w.text.startswith(name)), None)
    assert row is not None, f"no member {name} on record offered: {labels_of(app.current_screen)}"
    tap(row)


def adds_a_person(screen: Any) -> str:
    """The button that adds a person typed by hand: 添加其他人 beside a household on record, else 添加一人."""
    return "添加其他人" if screen.members() else "添加一人"


def wait_for_prefilled_phone(app: Any) -> str:
    """The platform's phone for the card holder fills the phone field shortly after the card is read (the field on
    show): wait for it, so what a test types next is typed over it, never raced by it."""
    answers = app.flow.session.answers
    wait_until(lambda: bool(answers.get("phone")) and app.current_screen.text == answers["phone"],
               "the phone on record to be prefilled")
    return str(answers["phone"])


def finish_with_evaluation(app: Any) -> None:
    press(app, "下一步")
    assert app.screens.current == "evaluate"
    press(app, "满意")
    press(app, "提交评价")
    assert app.screens.current == "home"
    assert not app.session.personal


def type_pinyin(app: Any, pinyin: str) -> str:
    """Type letters on the pinyin keyboard and pick the first candidate; returns the word picked."""
    from kiosk.ime import engine as ime
    word = ime.candidates(pinyin)[0]
    for letter in pinyin:
        press(app, letter)
    press(app, word)
    return word


def text_keyboard(screen: Any) -> Any:
    """The text keyboard (pinyin or handwriting) on the screen."""
    from kiosk.ui.widgets.handwriting import TextKeyboard

    return next(w for w in screen.walk() if isinstance(w, TextKeyboard))


def writing_pad(screen: Any) -> Any:
    from kiosk.ui.widgets.handwriting import HandwritingKeyboard

    return next(w for w in screen.walk() if isinstance(w, HandwritingKeyboard))


def write(pad: Any, character: str) -> None:
    """The character's strokes, neatly, as touches: down, a move for every point, up."""
    from kivy.tests.common import UnitTestTouch

    from kiosk.demo.handwriting import clean_strokes

    ink = pad.ids.ink
    for stroke in clean_strokes(character, (ink.width, ink.height)):
        points = [ink.to_window(ink.x + x, ink.top - y) for x, y in stroke]
        touch = UnitTestTouch(*points[0])
        touch.touch_down()
        for point in points[1:]:
            touch.touch_move(*point)
        touch.touch_up()
        pump(1)


def corner_taps(app: Any, count: int = 5) -> None:
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    for _ in range(count):
        touch = UnitTestTouch(10, Window.height - 10)
        touch.touch_down()
        touch.touch_up()
    pump()


@pytest.fixture(autouse=True)
def ends_on_the_attract_screen(app: Any) -> Iterator[None]:
    """Each test ends its session: an app left in one keeps its idle timer scheduled after its module ends, and its
    idle warning would open over the next module's window. Import it into a module to apply it there."""
    yield
    app.end_session("test over")
    pump()
