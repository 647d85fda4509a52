"""The second language in the shell and the item steps: the header switches live, a session ends in the configured
language, an item is done in English by its English labels, a switch mid-form or mid-materials loses nothing, and
the pure layers (form checks, identity refusals, the step bar) speak English when the language is English."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.base import i18n
from kiosk.base.i18n import _

from ui_support import find_tile, labels_of, press, printed_count, pump, tap, wait_for_prefilled_phone, wait_until


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language(i18n.SOURCE)


@pytest.fixture
def back_to_chinese(app: Any) -> Iterator[None]:  # noqa: F811
    yield
    app.set_language("zh")
    app.go_home()
    pump()


# -- the pure layers ----------------------------------------------------------------------------------------------
def test_form_checks_speak_english(english) -> None:
    from kiosk.core.catalog import FormField
    from kiosk.core.forms import field_error, form_errors, typing_error

    phone = FormField(key="phone", label="联系电话", type="phone")
    assert typing_error(phone, "2") == "A mobile number has 11 digits and starts with 1"
    required = FormField(key="hospital", label="就诊医院", type="text")
    # The field's own label comes from the catalog's translation when there is one, else it stays as written.
    assert field_error(required, "", dt.date(2026, 11, 28)) == f'Please fill in "{_("就诊医院")}"'
    dates = [FormField(key="admitted_on", label="入院日期", type="date"),
             FormField(key="discharged_on", label="出院日期", type="date", not_before="admitted_on")]
    errors = form_errors(dates, {"admitted_on": "2026-10-08", "discharged_on": "2026-10-01"}, dt.date(2026, 11, 28))
    assert errors == {"discharged_on": f'"{_("出院日期")}" cannot be before "{_("入院日期")}": choose again'}


def test_identity_refusals_and_the_step_bar_speak_english(english, app) -> None:  # noqa: F811
    from kiosk.core.flow import IdentityRead, ItemFlow
    from kiosk.core.identity import IdentitySource, identity_problem
    from kiosk.core.session import CitizenSession
    from kiosk.demo.items import demo_identity

    identity = dataclasses.replace(demo_identity(), source=IdentitySource.EID)
    loss_report = app.catalog.item("sb-gs")  # the ID card only
    assert identity_problem(identity, loss_report.identity, dt.date(2026, 11, 28)) == (
        "This needs your own ID card. Please place it on the card reader")
    expired = demo_identity("li-xiulan")  # the demo card that has run out
    assert identity_problem(expired, loss_report.identity, dt.date(2026, 11, 28)) == (
        "Your ID card has expired. Please renew it at the police station first")
    flow = ItemFlow(loss_report, CitizenSession(), today=dt.date(2026, 11, 28))
    flow.handle(IdentityRead(identity))
    assert flow.notice.startswith("This needs your own ID card")
    assert [label for label, _done, _current in flow.bar()] == ["Identify", "Details", "Confirm", "Done"]


def test_the_header_clock_is_built_from_the_date_in_either_language(english) -> None:
    from kiosk.ui.widgets.common import clock_text

    moment = time.struct_time((2026, 11, 28, 1, 10, 0, 5, 332, 0))  # a Saturday
    assert clock_text(moment) == "Sat 28 Nov 01:10"
    i18n.set_language("zh")
    assert clock_text(moment) == "11月28日 星期六 01:10"


# -- the app ------------------------------------------------------------------------------------------------------
def test_the_header_button_switches_the_language_live_and_back(app, back_to_chinese) -> None:  # noqa: F811
    app.go_home()
    pump()
    assert "请选择您要办理的事项" in labels_of(app.current_screen)
    press(app, "English")
    assert "What would you like to do?" in labels_of(app.current_screen)
    assert "请选择您要办理的事项" not in labels_of(app.current_screen)
    header = labels_of(app.header)
    assert {"Large text", "Call staff", "Home", "中文"} <= set(header)
    tiles = [w.subtitle for w in app.current_screen.walk() if type(w).__name__ == "Tile"]
    assert f"{_('承诺办')} · 20 working days" in tiles  # rebuilt in Python, not only the kv text
    press(app, "中文")
    assert "请选择您要办理的事项" in labels_of(app.current_screen)
    assert {"长辈模式", "呼叫帮办", "返回首页", "English"} <= set(labels_of(app.header))


def test_a_session_that_ends_returns_to_the_configured_language(app, monkeypatch, back_to_chinese) -> None:  # noqa: F811
    app.go_home()
    press(app, "English")
    app.end_session("walked away")
    pump()
    assert i18n.language() == "zh" and "请触摸屏幕开始" in labels_of(app.current_screen)
    # A kiosk configured for English starts (and ends) every session in English.
    display = app.config_model.display.model_copy(update={"language": "en"})
    monkeypatch.setattr(app, "config_model", app.config_model.model_copy(update={"display": display}))
    app.end_session("configured for English")
    pump()
    assert "Touch the screen to start" in labels_of(app.current_screen)
    tap(app.current_screen)
    assert app.screens.current == "home" and "What would you like to do?" in labels_of(app.current_screen)
    press(app, "中文")
    app.end_session("the next one")
    pump()
    assert i18n.language() == "en" and "Touch the screen to start" in labels_of(app.current_screen)


def test_a_loss_report_done_in_english_from_home_to_the_evaluation(app, back_to_chinese) -> None:  # noqa: F811
    app.go_home()
    app.set_language("en")
    pump()
    before = printed_count(app)
    tap(find_tile(app.current_screen, _("社保卡挂失")))
    assert app.screens.current == "identify"
    press(app, "Demo: ID card 王建国")
    wait_until(lambda: app.screens.current == "form", "the card to lead to the form")
    texts = labels_of(app.current_screen)
    assert "Next field" in texts and "1 of 2" in texts and "Back" in texts
    for digit in "13947651234":
        press(app, digit)
    press(app, "Next field")
    press(app, _("丢失"))  # a choice, shown in English where the catalog says so, moves on by itself
    assert app.screens.current == "confirm"
    assert app.flow.session.answers["reason"] == "丢失"  # what is sent stays the catalog's value
    texts = labels_of(app.current_screen)
    assert "Please check your details" in texts and "Applicant" in texts
    press(app, "Confirm")
    assert "Please read and tick to agree first" in labels_of(app.current_screen)
    tap(app.current_screen.body.ids.consent.parent)
    press(app, "Confirm")
    wait_until(lambda: app.screens.current == "result", "the platform's receipt")
    texts = labels_of(app.current_screen)
    assert "Application accepted" in texts and "Application number" in texts
    wait_until(lambda: printed_count(app) > before, "the acceptance receipt to print")
    assert "挂失" in app.runtime.printer.simulator.last_receipt.text  # the paper stays Chinese
    press(app, "Next")
    assert "Were you satisfied with the service?" in labels_of(app.current_screen)
    press(app, "Dissatisfied")
    press(app, "中文")  # the face chosen stays through a switch
    assert app.current_screen.level == 2 and "请选一个原因（可以多选）" in labels_of(app.current_screen)
    press(app, "English")
    press(app, "Send rating")
    assert "Please choose a reason to help us improve" in labels_of(app.current_screen)
    press(app, "Waited too long")
    press(app, "Send rating")
    assert app.screens.current == "home"
    assert not app.session.personal


def test_switching_mid_form_keeps_what_was_typed_and_tells_the_error_again(app, back_to_chinese) -> None:  # noqa: F811
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, "社保卡挂失"))
    press(app, "演示：放置身份证 张伟")  # another card than the test before: the reader reports a card newly laid
    wait_until(lambda: app.screens.current == "form", "the card to lead to the form")
    screen = app.current_screen
    wait_for_prefilled_phone(app)
    press(app, "清空")
    for digit in "2":
        press(app, digit)
    assert screen.error == "手机号是1开头的11位数字"
    press(app, "English")
    assert app.screens.current == "form" and screen.text == "2"
    assert screen.error == "A mobile number has 11 digits and starts with 1"
    assert "A mobile number has 11 digits and starts with 1" in labels_of(screen)
    press(app, "Delete")
    for digit in "139":
        press(app, digit)
    press(app, "中文")
    assert screen.text == "139" and screen.error == "" and "下一项" in labels_of(screen)
    press(app, "English")
    for digit in "47651234":
        press(app, digit)
    press(app, "Next field")
    assert app.flow.session.answers["phone"] == "13947651234"
    press(app, "Back")
    assert screen.text == "13947651234"


def test_switching_on_the_materials_step_keeps_the_pages_taken(app, back_to_chinese) -> None:  # noqa: F811
    from kiosk.demo.items import sample_flow

    sample_flow(app, "yb-bx", "materials")
    app.controller.show_step()
    pump()
    screen = app.current_screen
    assert app.screens.current == "materials"
    press(app, "演示：放一张A4纸")
    wait_until(lambda: len(app.flow.session.materials.get("invoice", [])) == 1, "the page to be taken by itself")
    press(app, "English")
    assert app.screens.current == "materials"
    assert len(app.flow.session.materials["invoice"]) == 1
    assert len(screen.body.ids.thumbs.children) == 1
    texts = labels_of(screen)
    assert "1 page taken" in texts and "Photo" in texts and "At counter" in texts
    press(app, "Next")  # on to the next document still missing, named in English
    assert screen.index == 1 and screen.moved_on == "Next document: " + _("费用明细清单")
    for _n in range(3):  # to the discharge record, the bank card, and past the last
        press(app, "Next")
    # none after the last: the other required documents are missing, said in English
    assert app.flow.errors["cost-list"] == 'Photograph this document, or choose "At counter"'
    press(app, "中文")
    assert app.flow.errors["cost-list"] == "请拍摄这份材料，或选择“到窗口交”"
    assert len(app.flow.session.materials["invoice"]) == 1 and "已拍1页" in labels_of(screen)


def test_the_face_chosen_stays_when_the_receipts_print_job_answers_late(app, back_to_chinese) -> None:  # noqa: F811
    from kiosk.core.flow import Printed
    from kiosk.demo.items import sample_flow

    sample_flow(app, "gjj-cx", "evaluate")
    app.controller.show_step()
    press(app, "满意")
    app.controller.flow_event(Printed(True))  # the printer's final answer arrives after the citizen moved on
    pump()
    assert app.current_screen.level == 4 and app.current_screen.primary_text == "提交评价"
    press(app, "English")
    assert app.current_screen.level == 4 and "Send rating" in labels_of(app.current_screen)
