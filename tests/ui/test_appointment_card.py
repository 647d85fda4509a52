"""预约办理 and a card laid on the reader before the screen asks for it: the reader delivers a card once per
placing, so a card laid down while the citizen still chooses, not taken yet, counts when the screen reaches its ID
step; a card of a previous session never does (the session's wipe forgets and wipes it). The simulated reader on a
pty, the real driver."""

from __future__ import annotations

import threading
from typing import Any

from ui_support import (
    ends_on_the_attract_screen,  # noqa: F401 (autouse)
    labels_of,
    press,
    pump,
    wait_until,
)


def place_and_wait_for_delivery(app: Any, key: str) -> Any:
    """Lay a demo card on the reader and wait until the driver has delivered it to the app."""
    delivered = threading.Event()
    cards: list[Any] = []

    def seen(event: Any) -> None:
        if event.kind == "card":
            cards.append(event.payload)
            delivered.set()

    unsubscribe = app.runtime.idcard.subscribe(seen)
    try:
        app.controller.demo_place_card(key)
        wait_until(delivered.is_set, "the reader to deliver the card")
        pump()  # the app's copy of the event arrives through the Clock
    finally:
        unsubscribe()
    return cards[0]


def open_appointment(app: Any) -> Any:
    app.open_service("appointment")
    pump()
    return app.current_screen


def test_a_card_laid_before_the_id_step_is_used_when_the_screen_gets_there(app) -> None:
    from kiosk.demo.items import demo_identity

    app.go_home()
    screen = open_appointment(app)
    assert screen.stage == "item"
    place_and_wait_for_delivery(app, "wang-jianguo")  # laid down while the citizen still chooses the item
    assert screen.stage == "item"
    press(app, "医疗费用报销")
    press(app, "下一步")
    assert screen.stage == "slot"  # no waiting at the ID step: the card lying there counts
    assert screen.booking.identity.id_number == demo_identity("wang-jianguo").id_number
    # Taken once: going back to the ID step waits for a card again instead of bouncing forward.
    press(app, "上一步")
    assert screen.stage == "identify" and screen.booking.identity is None
    pump(5)
    assert screen.stage == "identify"
    app.go_home()


def test_a_card_of_a_previous_session_never_counts_and_is_wiped(app) -> None:
    app.go_home()
    open_appointment(app)
    card = place_and_wait_for_delivery(app, "zhang-wei")
    app.end_session("test")  # the citizen walked away; the next one starts
    assert card.is_empty  # forgotten with the session, not just dropped
    app.start_session()
    screen = open_appointment(app)
    press(app, "医疗费用报销")
    press(app, "下一步")
    assert screen.stage == "identify" and "请将身份证放在读卡区" in labels_of(screen)
    pump(5)
    assert screen.stage == "identify" and screen.booking.identity is None
    # The new citizen's own card goes through as before.
    press(app, "演示：放置身份证 王建国")
    wait_until(lambda: screen.stage == "slot", "the card to be read")
    app.go_home()
