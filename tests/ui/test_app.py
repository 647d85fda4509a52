"""The kiosk in a real (offscreen) Kivy window with its real runtime: simulated reader, scanner and printer on
pseudo-terminals, the sandbox platform on loopback. Driven by visible labels and touches: the shell, the idle
timeout, the failsafe, and four items from the home screen to the printed receipt."""

from __future__ import annotations

from kiosk.demo.items import demo_identity

from ui_support import (
    find_tile,
    finish_with_evaluation,
    labels_of,
    lay_card_and_wait,
    press,
    printed_count,
    pump,
    tap,
    tick_member,
    type_pinyin,
    wait_until,
)


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


def test_a_service_not_built_yet_leads_to_a_proper_not_yet_open_screen_and_home_again(app, monkeypatch) -> None:
    from kiosk.core.catalog import Service

    # A newer catalog may name a service this kiosk has no screen for yet.
    future = Service(code="future-service", name="即将开通", hint="敬请期待", icon="tool")
    monkeypatch.setattr(app, "catalog", app.catalog.model_copy(update={"services": [*app.catalog.services, future]}))
    app.go_home()
    app.current_screen._build()
    pump()
    press(app, "即将开通")
    assert app.screens.current == "unavailable"
    assert "本机暂未开通此项自助办理" in labels_of(app.current_screen)
    press(app, "返回首页")
    assert app.screens.current == "home"
    monkeypatch.undo()
    app.current_screen._build()


def test_touch_targets_are_tall_enough(app) -> None:
    from kiosk.ui.widgets.common import BigButton, ServiceTile, Tile

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
    app.session.identity = demo_identity()
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

    from kiosk.ui.screens.items.identify import IdentifyScreen

    app.go_home()
    pump()  # the home screen laid out: its tiles where a touch finds them
    app.session.answers["secret"] = "x"

    def broken(self):
        raise RuntimeError("screen bug")

    monkeypatch.setattr(IdentifyScreen, "refresh", broken)
    tap(find_tile(app.current_screen, "医保缴费"))
    assert app.screens.current == "failsafe"
    assert not app.session.personal and app.flow is None
    failsafe = app.current_screen
    for _ in range(failsafe.seconds_left):
        failsafe._count_down()
    assert app.screens.current == "home"

    # An exception raised inside the event loop (a touch handler, a Clock callback) takes the same path.
    assert app._failsafe.handle_exception(ValueError("callback bug")) == ExceptionManager.PASS
    assert app.screens.current == "failsafe"
    app.go_home()





def test_provident_fund_query_from_home_to_printed_slip(app) -> None:
    app.go_home()
    pump()
    before = printed_count(app)
    tap(find_tile(app.current_screen, "公积金查询"))
    lay_card_and_wait(app, "张伟", "result")
    texts = labels_of(app.current_screen)
    assert "查询结果" in texts
    assert "48,216.35" in texts
    press(app, "打印")
    wait_until(lambda: printed_count(app) > before, "the slip to be printed")
    slip = app.runtime.printer.simulator.last_receipt.text
    assert "住房公积金缴存查询" in slip
    assert "张*" in slip and "张伟" not in slip  # masked on paper
    wait_until(lambda: app.flow.session.outcome.get("printed") is True, "the print job to be confirmed")
    finish_with_evaluation(app)


def test_social_security_card_loss_report_with_the_number_pad(app) -> None:
    app.go_home()
    pump()
    before = printed_count(app)
    tap(find_tile(app.current_screen, "社保卡挂失"))
    lay_card_and_wait(app, "王建国", "form")
    for digit in "13a947651234":  # the letter is not on the pad: only digits reach the field
        if digit.isdigit():
            press(app, digit)
    assert app.current_screen.text == "13947651234"
    press(app, "下一项")
    press(app, "丢失")  # a choice moves on by itself
    assert app.screens.current == "confirm"
    press(app, "确认提交")
    assert app.screens.current == "confirm" and "请先阅读并勾选同意" in labels_of(app.current_screen)
    tap(app.current_screen.body.ids.consent.parent)
    press(app, "确认提交")
    wait_until(lambda: app.screens.current == "result", "the platform's receipt")
    assert "申请已受理" in labels_of(app.current_screen)
    receipt_no = app.flow.session.outcome["receipt_no"]
    assert receipt_no.startswith("NC")
    wait_until(lambda: printed_count(app) > before, "the acceptance receipt to print by itself")
    receipt = app.runtime.printer.simulator.last_receipt
    assert receipt_no in receipt.text and receipt_no in receipt.qr_texts
    finish_with_evaluation(app)


def test_medical_insurance_payment_outlasts_the_idle_timeout_and_prints_its_receipt_by_itself(app, monkeypatch) -> None:
    sandbox = app.runtime.backend.sandbox
    monkeypatch.setattr(sandbox.sandbox.api, "pay_after_s", 0)  # paid when the citizen pays, below
    clock = [20000.0]
    monkeypatch.setattr(app, "now", lambda: clock[0])
    app.go_home()
    pump()
    before = printed_count(app)
    tap(find_tile(app.current_screen, "医保缴费"))
    lay_card_and_wait(app, "其其格", "form")
    press(app, "2027")
    assert app.current_screen.label == "参保人员（本人及家庭成员）"
    assert any("其其格" in t for t in labels_of(app.current_screen))  # the applicant comes first by herself
    press(app, "下一步")
    assert app.screens.current == "confirm"
    assert "应缴金额：420.00 元（1人，每人420.00 元）" in labels_of(app.current_screen)  # before 确认缴费
    tap(app.current_screen.body.ids.consent.parent)
    press(app, "确认缴费")
    wait_until(lambda: bool(app.flow and app.flow.payment.get("qr_text")), "the payment QR")
    assert "应缴金额：420.00 元" in labels_of(app.current_screen)

    # Paying on the phone takes her longer than the idle timeout: no warning over the QR, the session stays.
    clock[0] += app.idle.timeout_s + 60
    app.check_idle()
    pump()
    assert app.screens.current == "working" and app._idle_warning is None and app.session.identity is not None
    sandbox.pay(app.flow.payment["payment_id"])
    wait_until(lambda: app.screens.current == "result", "the payment to turn paid")
    assert "缴费成功" in labels_of(app.current_screen)
    payment = app.flow.session.outcome["payment"]
    assert payment.transaction_no in labels_of(app.current_screen)
    wait_until(lambda: printed_count(app) > before, "the payment receipt to print by itself")
    receipt = app.runtime.printer.simulator.last_receipt
    for expected in ("缴费凭证", payment.transaction_no, payment.payment_id, "2027年度", "其*格",
                     "1504**********0022", "420.00 元"):
        assert expected in receipt.text, expected
    assert "查询结果" not in receipt.text and "150429195508080022" not in receipt.text
    # Paid, the timeout counts again from now: she has the whole of it to take the receipt.
    clock[0] += 1
    app.check_idle()
    pump()
    assert app.screens.current == "result" and app._idle_warning is None
    finish_with_evaluation(app)


def test_a_payment_completed_after_the_citizen_left_prints_its_receipt_later_from_progress_by_card(
        app, monkeypatch) -> None:
    sandbox = app.runtime.backend.sandbox
    monkeypatch.setattr(sandbox.sandbox.api, "pay_after_s", 0)
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, "医保缴费"))
    lay_card_and_wait(app, "王建国", "form")
    press(app, "2027")
    press(app, "下一步")
    tap(app.current_screen.body.ids.consent.parent)
    press(app, "确认缴费")
    wait_until(lambda: bool(app.flow and app.flow.payment.get("qr_text")), "the payment QR")
    payment_id = app.flow.payment["payment_id"]
    press(app, "返回首页")  # he leaves; on the phone the payment goes through afterwards
    assert app.screens.current == "home" and app.flow is None
    sandbox.pay(payment_id)

    before = printed_count(app)
    press(app, "办件进度")
    screen = app.current_screen
    press(app, "演示：放置身份证 王建国")
    wait_until(lambda: screen.mode == "list", "his applications and payments")
    assert any("2027年度" in t and "420.00 元" in t for t in labels_of(screen))
    press(app, "打印缴费凭证")
    wait_until(lambda: printed_count(app) > before, "the payment receipt printed again")
    text = app.runtime.printer.simulator.last_receipt.text
    for expected in ("缴费凭证", payment_id, "2027年度", "王*国", "1504**********0012", "420.00 元"):
        assert expected in text, expected
    wait_until(lambda: screen.message == "缴费凭证已打印，请取走", "the screen to say it printed")
    app.go_home()

def test_medical_insurance_certificate_prints_by_itself_and_the_result_says_which(app) -> None:
    # No A4 queue on this terminal: the certificate is a slip that says how to verify it.
    app.go_home()
    pump()
    before = printed_count(app)
    tap(find_tile(app.current_screen, "医保查询打印"))
    lay_card_and_wait(app, "张伟", "result")
    wait_until(lambda: printed_count(app) > before, "the certificate to be printed")
    slip = app.runtime.printer.simulator.last_receipt.text
    assert "参保凭证" in slip and "核验码" in slip and "不作为证明使用" not in slip
    wait_until(lambda: app.flow.session.outcome.get("printed") is True, "the print job to be confirmed")
    pump()
    texts = labels_of(app.current_screen)
    number = app.flow.session.outcome["certificate"].number
    assert "证明已打印" in texts and "参保凭证（凭条，请从出纸口取走）" in texts and number in texts
    assert not app.current_screen.can_print  # printed already: no 打印 button for a second copy
    finish_with_evaluation(app)


def test_printer_out_of_paper_shows_the_receipt_on_screen(app) -> None:
    app.go_home()
    pump()
    app.runtime.printer.simulator.set_paper("out")
    try:
        tap(find_tile(app.current_screen, "公积金查询"))
        lay_card_and_wait(app, "陈嘉欣", "result")
        press(app, "打印")
        wait_until(lambda: app.current_screen.receipt_shown, "the receipt to be shown instead", timeout=60)
        assert any("没能打印回执" in t for t in labels_of(app.current_screen))
        assert app.flow.session.outcome["printed"] is False
    finally:
        app.runtime.printer.simulator.set_paper("ok")
        app.go_home()


def test_a_printer_that_cannot_confirm_says_take_the_receipt_and_shows_it_with_its_qr(app) -> None:
    app.go_home()
    pump()
    simulator = app.runtime.printer.simulator
    simulator.set_answers("no_sensor")  # DLE EOT answered, GS r 1 never: the printing cannot be confirmed
    before = simulator.receipt_count
    try:
        tap(find_tile(app.current_screen, "公积金查询"))
        lay_card_and_wait(app, "陈嘉欣", "result")
        press(app, "打印")
        wait_until(lambda: app.current_screen.receipt_shown, "the receipt to be shown too", timeout=60)
        assert any(t.startswith("请取走凭条") for t in labels_of(app.current_screen))
        assert app.current_screen.body.ids.preview.texture is not None  # a query slip has no QR: its picture
        assert app.flow.session.outcome["printed"] is True
        # The paper may still be moving when the kiosk gives up waiting for a confirmation: wait for the cut.
        assert simulator.wait_for_receipts(before + 1, timeout=30)
        assert simulator.receipt_count == before + 1  # and only one copy
    finally:
        simulator.set_answers("normal")
        app.go_home()


def test_an_expired_card_is_refused_with_a_clear_message(app) -> None:
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, "公积金查询"))
    press(app, "演示：放置身份证 李秀兰")
    wait_until(lambda: "过期" in app.current_screen.message, "the expired card to be refused")
    assert app.screens.current == "identify"
    app.go_home()



def test_individual_business_registration_with_pinyin_and_the_document_camera(app) -> None:
    from kiosk.ui.widgets.common import PagedScroll

    app.go_home()
    pump()
    before = printed_count(app)
    tap(find_tile(app.current_screen, "个体户登记"))
    lay_card_and_wait(app, "张伟", "form")
    screen = app.current_screen
    shop = type_pinyin(app, "tianyi") + type_pinyin(app, "shucai")
    assert screen.text == shop
    press(app, "下一项")
    press(app, "蔬菜、水果零售")  # 经营范围 from the standard phrases, one more typed under 其他
    press(app, "其他（自己写）")
    other = type_pinyin(app, "shucai")
    press(app, "选好了，回到列表")
    scope = "蔬菜、水果零售；" + other
    assert screen.text == scope
    press(app, "下一项")
    press(app, "天义镇")  # the address: town, village, then 组 and 门牌号 on the pad
    # The county's 21 villages of the town, then the station's: paged down to it.
    paged = next(w for w in screen.walk() if isinstance(w, PagedScroll))
    for _ in range(10):
        if paged.at_bottom:
            break
        press(app, "下翻")
    press(app, "东井子村")
    press(app, "3")
    press(app, "__号")
    for digit in "18":
        press(app, digit)
    assert screen.text == "宁城县天义镇东井子村3组18号"
    press(app, "下一项")
    press(app, "个人经营")
    for digit in "18647601188":
        press(app, digit)
    press(app, "下一步")
    assert app.screens.current == "materials", app.flow.errors
    assert app.flow.session.answers["scope"] == scope
    press(app, "演示：放一张A4纸")
    wait_until(lambda: len(app.flow.session.materials.get("premises", [])) == 1, "the page to be taken by itself")
    assert app.flow.session.materials["premises"][0][:2] == b"\xff\xd8"  # a JPEG
    press(app, "下一步")
    assert app.screens.current == "confirm"
    assert "已拍1页" in labels_of(app.current_screen)
    tap(app.current_screen.body.ids.consent.parent)
    press(app, "确认提交")
    wait_until(lambda: app.screens.current == "result", "the platform's receipt")
    wait_until(lambda: printed_count(app) > before, "the acceptance receipt")
    assert "个体工商户登记" in app.runtime.printer.simulator.last_receipt.text
    finish_with_evaluation(app)


def test_minimum_living_allowance_with_the_household_ticked_and_the_bank_card_on_record(app) -> None:
    from kiosk.ui.screens.items.form import PersonRow

    app.go_home()
    pump()
    before = printed_count(app)
    tap(find_tile(app.current_screen, "低保申请"))
    lay_card_and_wait(app, "张伟", "form")  # the form shows once the platform's record of him is in
    screen = app.current_screen
    assert screen.field.key == "members" and [m.name for m in screen.members()] == ["刘洋", "张子轩", "张国富"]
    shown = labels_of(screen)
    assert "1504**********0023" in shown and "150429199001280023" not in " ".join(shown)  # numbers masked
    # He is first, from his card: what the card does not say.
    pump()  # the list laid out before it is touched
    tap(next(w for w in screen.walk() if isinstance(w, PersonRow)).ids.edit)
    assert screen.editing_person and screen.field.key == "relation"
    for answer in ("本人", "下一项", "下一项", "健康", "务农"):
        press(app, answer)
    # His wife and son ticked: each straight on to what the record does not say.
    for name, health, work in (("刘洋", "慢性病", "务工"), ("张子轩", "健康", "在校")):
        tick_member(app, name)
        assert screen.editing_person and screen.field.key == "health"
        press(app, health)
        press(app, work)
        assert not screen.editing_person
    tick_member(app, "张国富")
    press(app, "健康")
    press(app, "务农")
    tick_member(app, "张国富")  # on second thought not: ticked off again
    members = app.flow.session.answers["members"]
    assert [(p["relation"], p["name"], p["work"]) for p in members] == [
        ("本人", "张伟", "务农"), ("配偶", "刘洋", "务工"), ("子女", "张子轩", "在校")]
    press(app, "下一项")
    for digit in "3600":
        press(app, digit)
    press(app, "下一项")
    press(app, "因病致贫")  # 申请理由 chosen, not typed
    press(app, "缺乏劳动能力")
    press(app, "下一项")
    assert app.flow.session.answers["reason"] == "因病致贫；缺乏劳动能力"
    assert screen.field.key == "bank_card"
    press(app, "尾号 1231 的银行卡")  # one choice, and on to the phone on record
    assert screen.field.key == "phone" and screen.text == "18647601188"
    assert app.flow.session.answers["bank_card"] == "6217996190001231231"
    press(app, "下一步")
    for _ in range(len(app.flow.item.materials) + 1):
        if app.screens.current != "materials":
            break
        if "到窗口交" in labels_of(app.current_screen):
            press(app, "到窗口交")
        press(app, "下一步")
    assert app.screens.current == "confirm", app.flow.errors
    shown = " ".join(labels_of(app.current_screen))
    assert "张伟、刘洋、张子轩" in shown and "尾号 1231 的银行卡" in shown and "6217996190001231231" not in shown
    tap(app.current_screen.body.ids.consent.parent)
    press(app, "确认提交")
    wait_until(lambda: app.screens.current == "result", "the platform's receipt")
    wait_until(lambda: printed_count(app) > before, "the acceptance receipt")
    assert "6217996190001231231" not in app.runtime.printer.simulator.last_receipt.text
    finish_with_evaluation(app)
    assert app.session.household == () and app.session.bank_card is None


def test_a_keyboard_wedge_burst_is_a_scan_and_identifies_by_eid(app) -> None:
    from kivy.core.window import Window

    app._watch_keyboard_scanner()
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, "公积金查询"))
    assert app.screens.current == "identify"
    clock = [500.0]
    app.now = lambda: clock[0]

    def keys(text: str, gap_s: float) -> None:
        for ch in text:
            Window.dispatch("on_key_down", ord(ch), 0, ch, [])
            clock[0] += gap_s
        Window.dispatch("on_key_down", 13, 0, None, [])

    keys("MSB-EID-3MZR8HTC", gap_s=0.5)  # a person typing slowly: not a scan, nothing happens
    pump()
    assert app.screens.current == "identify"
    keys("MSB-EID-8NDW2PLE", gap_s=0.004)  # a scanner's burst: 张伟's e-ID code
    wait_until(lambda: app.screens.current == "result", "the e-ID to identify the citizen")
    assert app.flow.session.identity.source == "eid"
    assert "48,216.35" in labels_of(app.current_screen)
    app.go_home()


def test_nothing_of_the_citizens_stays_on_any_screen_after_they_leave(app) -> None:
    import yaml

    from kiosk.devices.sim.citizens import IDENTITIES_FILE

    app.go_home()
    pump()
    people = yaml.safe_load(IDENTITIES_FILE.read_text(encoding="utf-8"))["citizens"]
    personal = [p["id_number"] for p in people] + [p["phone"] for p in people] + [p["name"] for p in people]
    personal += ["18647601188", "13947651234", "天义蔬菜"]  # what the tests above typed
    texts = [t for screen in app.screens.screens for t in labels_of(screen) if not t.startswith("演示")]
    texts += labels_of(app.header)
    for value in personal:
        assert not any(value in t for t in texts), value
    assert app.screen("result").body.ids.preview.texture is None
    assert not app.screen("materials").body.ids.thumbs.children


def test_no_widget_on_any_screen_or_overlay_belongs_to_a_family_whose_default_style_is_dropped(app) -> None:
    from kivy.core.window import Window

    from kiosk.ui.kivy_style import STYLE, kivy_data_folder, styled_classes, trim_style
    from kiosk.ui.screens import OVERLAYS, SCREENS
    from kiosk.ui.screens.base import screen_class
    from kiosk.ui.screenshots import OPEN_OVERLAY

    def classes_on_screen() -> set[str]:
        return {cls.__name__ for root in Window.children for widget in root.walk() for cls in type(widget).__mro__}

    seen: set[str] = set()
    for name in SCREENS:
        app.screen(name)
        app.show(name, **screen_class(name).sample(app))
        pump()
        seen |= classes_on_screen()
    for name in OVERLAYS:
        app.show("home")
        OPEN_OVERLAY[name](app)
        pump()
        seen |= classes_on_screen()
        for child in list(Window.children):
            if hasattr(child, "dismiss"):
                child.dismiss(animation=False)
    assert {"Label", "ScrollView", "ModalView", "Image"} <= seen  # the walk reached screens and overlays
    # Kv rules apply by class name along the class's ancestry.
    full = (kivy_data_folder() / STYLE).read_text(encoding="utf-8")
    assert not seen & (styled_classes(full) - styled_classes(trim_style(full)))
    app.end_session("test")
    pump()


def test_the_demo_e_id_button_identifies_and_the_demo_buttons_are_kept_between_visits(app) -> None:
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, "公积金查询"))
    buttons = list(app.current_screen.body.ids.demo.ids.buttons.children)
    app.go_home()
    pump()
    tap(find_tile(app.current_screen, "公积金查询"))
    assert list(app.current_screen.body.ids.demo.ids.buttons.children) == buttons  # not made again
    press(app, "演示：出示电子证照 张伟")
    wait_until(lambda: app.screens.current == "result", "张伟's e-ID code to identify him")
    assert app.flow.session.identity.source == "eid"
    app.go_home()


def test_screens_built_while_the_attract_screen_shows_show_the_item_each_is_opened_for(app) -> None:
    from kiosk.ui.app import PREBUILT

    app.end_session("test")
    wait_until(lambda: app.prebuilt, "the screens to be built while nobody is at the kiosk")
    identify = app.screen("identify")
    pump()
    tap(app.current_screen)
    assert app.screens.current == "home"
    for code, other in (("gjj-cx", "sb-rz"), ("sb-rz", "gjj-cx")):
        tap(find_tile(app.current_screen, app.catalog.item(code).short_name))
        assert app.current_screen is identify  # the one built before, not another
        texts = labels_of(identify)
        assert app.catalog.item(code).name in texts and app.catalog.item(other).name not in texts
        app.go_home()
        pump()
    assert all(app.screens.has_screen(name) for name in PREBUILT)


def test_the_text_keyboard_kept_between_fields_and_citizens_keeps_nothing_typed(app) -> None:
    def name_field() -> object:
        app.go_home()
        pump()
        tap(find_tile(app.current_screen, app.catalog.item("yb-jf").short_name))
        lay_card_and_wait(app, "张伟", "form")
        press(app, "2027")
        press(app, "添加其他人")
        assert app.current_screen.field.key == "name"
        return app.current_screen.body.keyboard

    keyboard = name_field()
    for letter in "wang":
        press(app, letter)
    press(app, "王")
    for letter in "xiu":
        press(app, letter)
    pinyin = keyboard._pinyin
    assert pinyin.pinyin == "xiu" and pinyin.candidates and keyboard.before == "王"
    app.go_home()  # the citizen leaves with letters typed
    pump()
    assert not pinyin.pinyin and not pinyin.candidates and not keyboard.before and not pinyin.before
    assert not [key.text for key in pinyin._candidate_keys if key.text]  # the kept keys hold no word of it
    assert name_field() is keyboard  # the next citizen's name field: the same keyboard, empty
    assert keyboard._pinyin is pinyin and not pinyin.pinyin and not pinyin.candidates
    assert "xiu" not in labels_of(app.current_screen)
    app.go_home()
