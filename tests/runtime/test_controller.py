"""The controller without a window: the headless view (kiosk.runtime.headless) and the real runtime (simulated
reader on a pseudo-terminal, the sandbox platform). A card laid on the reader reaches the flow through the
controller; the core judges the card; a new session leaves nothing of the finished one behind."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.base.config import load_config, scratch_copy
from kiosk.core.catalog import load_catalog
from kiosk.core.flow import Step
from kiosk.core.identity import identity_problem
from kiosk.demo.items import demo_identity
from kiosk.runtime.controller import Controller
from kiosk.runtime.headless import HeadlessView
from kiosk.runtime.runtime import Runtime

CARD_WAIT_S = 10.0
ITEM = "sb-gs"  # 社保卡挂失: offered at the demo village station, by ID card only, a form follows


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Controller, HeadlessView, Runtime]]:
    config = scratch_copy(load_config(environ={}), tmp_path_factory.mktemp("kiosk"))
    runtime = Runtime(config)
    runtime.start()
    view = HeadlessView()
    controller = Controller(config, load_catalog(config.catalog_path), runtime, view)
    controller.attach(runtime)
    yield controller, view, runtime
    controller.new_session()
    runtime.stop()


@pytest.fixture
def fresh(kiosk: tuple[Controller, HeadlessView, Runtime]) -> Iterator[tuple[Controller, HeadlessView]]:
    """A new citizen at item ITEM; afterwards the card is lifted."""
    controller, view, _runtime = kiosk
    controller.new_session()
    controller.open_item(ITEM)
    yield controller, view
    controller.new_session()
    view.drain()


def _lay(controller: Controller, view: HeadlessView, key: str, answered: Any) -> None:
    controller.demo_place_card(key)
    assert view.pump(answered, CARD_WAIT_S), f"the card of {key} did not reach the flow"


def test_a_card_on_the_reader_identifies_the_citizen_through_the_controller(fresh) -> None:
    controller, view = fresh
    flow = controller.flow
    assert view.current == "identify"
    _lay(controller, view, "zhang-wei", lambda: view.current != "identify")  # with the phone on record, if any
    assert flow.step is Step.FORM and view.current == "form"
    assert controller.session.identity is not None
    assert controller.session.identity.id_number == demo_identity("zhang-wei").id_number


def test_the_phone_is_prefilled_from_the_platforms_record_of_the_card_holder(fresh) -> None:
    controller, view = fresh
    flow = controller.flow
    phone = next(spec.key for spec in flow.item.fields if spec.prefill == "phone")
    _lay(controller, view, "wang-jianguo", lambda: view.current == "form")
    # The card holds no phone: the form opens with the platform's, which the citizen may still change.
    assert controller.session.answers[phone] == "13947651234"


def test_every_step_says_its_prompt_once_an_error_says_to_read_the_red_words_and_the_listen_key_repeats(
        fresh) -> None:
    from kiosk.core.flow import Next
    from kiosk.runtime.controller import STEP_PROMPTS
    from kiosk.ui.voice import PROMPTS

    controller, view = fresh
    assert set(STEP_PROMPTS.values()) <= set(PROMPTS) and set(STEP_PROMPTS) == set(Step) - {Step.DONE}
    assert list(view.spoken)[-1] == ("place_card", False)
    _lay(controller, view, "wang-jianguo", lambda: view.current == "form")
    assert list(view.spoken)[-1] == ("fill_form", False)
    controller.session.answers.clear()  # the phone on record taken away: 下一项 on an empty required field
    controller.flow_event(Next())
    assert list(view.spoken)[-1] == ("see_red_text", False)
    said = len(view.spoken)
    controller.flow_event(Next())  # the same refusal again says nothing new
    assert len(view.spoken) == said
    controller.repeat_prompt()
    assert list(view.spoken)[-1] == ("fill_form", True)


def test_a_refusal_with_a_common_cause_says_that_cause_and_any_other_to_read_the_red_words(kiosk) -> None:
    from kiosk.core.flow import FieldSet, Next
    from kiosk.runtime.controller import REFUSAL_PROMPTS
    from kiosk.ui.voice import PROMPTS, sound_path

    controller, view, _runtime = kiosk
    assert set(REFUSAL_PROMPTS.values()) <= set(PROMPTS)
    assert all(sound_path(key, lang).exists() for key in REFUSAL_PROMPTS.values() for lang in ("zh", "en"))

    def said() -> str:
        return list(view.spoken)[-1][0]

    controller.new_session()
    controller.open_item("sb-gs")
    _lay(controller, view, "wang-jianguo", lambda: view.current == "form")
    controller.flow_event(FieldSet("phone", "1394765123"))  # a digit left out
    assert said() == "phone_11_digits"
    controller.flow_event(FieldSet("phone", "23947651234"))  # 11 digits, not a mobile number: the red words say
    assert said() == "see_red_text"
    controller.new_session()
    controller.open_item("yb-jf")
    _lay(controller, view, "qiqige", lambda: view.current == "form")
    controller.flow_event(FieldSet("insured", [{"name": "张三", "id_number": "150429198809190035"}]))
    assert said() == "id_number_wrong"  # in a list of persons, the refused column's cause
    view.spoken.clear()
    controller.flow_event(Next())  # several fields at once: the red words
    assert said() == "see_red_text"
    controller.new_session()


def test_a_date_not_picked_says_to_pick_it_and_a_day_to_come_the_red_words() -> None:
    # 医疗费用报销 is not offered at the demo village station: its flow judged without the controller.
    import datetime as dt

    from kiosk.core.flow import FieldSet, ItemFlow, Next
    from kiosk.core.session import CitizenSession
    from kiosk.demo.items import drive, form_answers
    from kiosk.runtime.controller import refusal_prompt

    flow = ItemFlow(load_catalog(load_config(environ={}).catalog_path).item("yb-bx"), CitizenSession(),
                    today=dt.date(2026, 12, 5))
    drive(flow, Step.FORM)
    for event in form_answers(flow):
        flow.handle(event)
    flow.handle(FieldSet("admitted_on", ""))
    flow.handle(Next())  # the page done with only the admission's day not picked
    assert list(flow.errors) == ["admitted_on"] and refusal_prompt(flow, {}) == "pick_date"
    before = dict(flow.errors)
    flow.handle(FieldSet("admitted_on", "2026-12-24"))
    assert refusal_prompt(flow, before) == "see_red_text"


def test_the_household_and_the_bank_card_on_record_come_with_the_phone_and_go_with_the_session(kiosk) -> None:
    controller, view, _runtime = kiosk
    controller.new_session()
    controller.open_item("db-sq")
    try:
        _lay(controller, view, "wang-jianguo", lambda: view.current == "form")
        session = controller.session
        # Offered, not put in: his list holds only him until he ticks someone.
        assert [m.name for m in session.household] == ["刘桂芝", "王海涛", "王小雨"]
        assert session.bank_card is not None and session.bank_card.last_four == "0018"
        assert len(session.answers["members"]) == 1 and not session.answers.get("bank_card")
    finally:
        controller.new_session()
        view.drain()
    assert controller.session.household == () and controller.session.bank_card is None


def test_an_expired_card_is_refused_with_the_cores_message(fresh) -> None:
    controller, view = fresh
    flow = controller.flow
    screen = view.current_screen
    _lay(controller, view, "li-xiulan", lambda: bool(flow.notice))
    expected = identity_problem(demo_identity("li-xiulan"), flow.item.identity, flow.today)
    assert expected and flow.notice == expected
    assert flow.step is Step.IDENTIFY and controller.session.identity is None
    # The reader read the card; the flow refused it, and the screen on show was told to show the notice.
    assert screen.refusals == [] and screen.refreshes >= 1 and view.current_screen is screen


def test_an_item_the_station_level_does_not_offer_shows_where_it_is_offered(kiosk) -> None:
    controller, view, _runtime = kiosk
    controller.new_session()
    assert controller.config.station.level == "village"
    controller.open_item("qy-sl")  # 开办公司: township centres and the county only
    assert view.current == "navigation" and view.current_screen.params == {"item": "qy-sl"}
    assert controller.flow is None
    controller.open_item("gt-dj")  # 个体户登记: offered at villages
    assert view.current == "identify" and controller.flow.item.code == "gt-dj"
    controller.new_session()


def test_a_new_session_leaves_no_identity_or_session_of_the_finished_one(fresh) -> None:
    controller, view = fresh
    flow = controller.flow
    _lay(controller, view, "zhang-wei", lambda f=flow: f.step is not Step.IDENTIFY)
    session = weakref.ref(controller.session)
    identity = weakref.ref(controller.session.identity)
    del flow
    controller.new_session()
    view.drain()
    gc.collect()
    assert controller.session is not session()
    assert identity() is None
    assert session() is None
