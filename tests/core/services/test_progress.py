"""办件进度's state machine, without Kivy: typed and scanned numbers and laid cards become questions for the
platform, identities are judged, and the answers become a list or one application."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kiosk.core.identity import Identity, IdentitySource, IdentityType
from kiosk.core.keypress import BACKSPACE
from kiosk.core.results import ApplicationProgress, PaymentLine, PaymentStatus, TimelineEntry
from kiosk.core.services.progress import ByNumber, ByPerson, Mode, PersonRecords, Progress, to_add

TODAY = dt.date(2026, 11, 27)
AT = dt.datetime(2026, 11, 20, 9, 30)


def card(valid_to: dt.date = dt.date(2036, 5, 12), id_number: str = "150429196203150012",
         source: IdentitySource = IdentitySource.IDCARD) -> Identity:
    return Identity(type=IdentityType.RESIDENT, name="王建国", id_number=id_number,
                    address="内蒙古自治区赤峰市宁城县右北平镇北洼子村三组18号", valid_to=valid_to, source=source)


def application(number: str, *steps: tuple[str, str]) -> ApplicationProgress:
    timeline = tuple(TimelineEntry(AT + dt.timedelta(days=i), status, note) for i, (status, note) in enumerate(steps))
    return ApplicationProgress(number, "db-sq", "最低生活保障申请", timeline[-1].status, dt.date(2026, 12, 15),
                               timeline)


RETURNED = application("NC1", ("accepted", ""), ("returned", "请补充家庭收入证明"))
APPROVED = application("NC2", ("accepted", ""), ("approved", "已办结"))
WANG, CHILD = "150429196203150012", "150429201506060026"


def payment(status: str, payer: str = WANG) -> PaymentStatus:
    lines = (PaymentLine(WANG, 2027, Decimal("420.00"), "王建国"), PaymentLine(CHILD, 2027, Decimal("420.00"), "王小雨"))
    return PaymentStatus(status, AT if status == "paid" else None, "P20261120000001", Decimal("840.00"), lines,
                         "YB2026112000000112345" if status == "paid" else "", AT, AT + dt.timedelta(minutes=15),
                         payer)


PAID, UNPAID = payment("paid"), payment("expired")


class Client:
    """What the platform client answers, recorded."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def application(self, number: str) -> ApplicationProgress:
        self.asked.append(("application", number))
        return APPROVED

    def applications(self, id_number: str) -> list[ApplicationProgress]:
        self.asked.append(("applications", id_number))
        return [RETURNED, APPROVED]

    def payments(self, id_number: str) -> list[PaymentStatus]:
        self.asked.append(("payments", id_number))
        return [PAID, UNPAID]


def test_a_typed_number_is_needed_and_is_asked_cleaned() -> None:
    progress = Progress()
    assert progress.primary() is None and progress.notice == "请先输入回执上的受理编号"
    for key in "nc-2026x":
        progress.key(key)
    assert progress.notice == ""
    progress.key(BACKSPACE)
    assert progress.typed == "nc-2026"
    question = progress.primary()
    assert question == ByNumber("NC2026")
    client = Client()
    assert question.ask(client) is APPROVED and client.asked == [("application", "NC2026")]


def test_a_scanned_code_without_a_number_is_not_a_receipt() -> None:
    progress = Progress()
    assert progress.scanned(" ·· ") is None
    assert progress.notice == "这个二维码不是办件回执，请扫描回执上的二维码"
    assert progress.scanned("NC20261127000123") == ByNumber("NC20261127000123")


def test_a_code_too_blurred_to_read_says_how_to_hold_it_only_while_the_number_is_asked_for() -> None:
    progress = Progress()
    progress.code_blurred()
    assert progress.notice == "二维码太模糊，请拿稳不要动，离远一点"
    progress.asking()
    progress.code_blurred()
    assert progress.notice == "" and progress.mode is Mode.BUSY


def test_a_valid_card_asks_for_its_holders_applications() -> None:
    question = Progress().card(card(), TODAY)
    assert isinstance(question, ByPerson) and "150429" not in repr(question)
    client = Client()
    records = question.ask(client)
    assert records.applications == [RETURNED, APPROVED]
    assert records.payments == [PAID]  # only a paid payment has a receipt to print
    assert sorted(client.asked) == [("applications", WANG), ("payments", WANG)]


def test_an_expired_or_invalid_card_or_an_eid_is_refused_with_its_reason() -> None:
    progress = Progress()
    assert progress.card(card(valid_to=dt.date(2026, 1, 1)), TODAY) is None
    assert progress.notice == "您的证件已过期，请到派出所换领新证后再来办理" and progress.mode is Mode.ASK
    assert progress.card(card(id_number="150429196203150013"), TODAY) is None
    assert progress.notice == "证件号码校验不通过，请到窗口办理"
    assert progress.card(card(source=IdentitySource.EID), TODAY) is None
    assert progress.notice == "办理此事项需要刷本人身份证，请把身份证放在读卡区"


def test_while_asking_codes_and_cards_wait_and_a_failure_returns_to_asking() -> None:
    progress = Progress()
    progress.asking()
    assert progress.mode is Mode.BUSY
    assert progress.scanned("NC2") is None and progress.card(card(), TODAY) is None
    progress.card_error("读卡失败")
    assert progress.notice == ""
    progress.failed("未查询到该办件，请核对受理编号")
    assert progress.mode is Mode.ASK and progress.notice == "未查询到该办件，请核对受理编号"


def test_several_applications_are_listed_and_back_returns_to_the_list_then_starts_over() -> None:
    progress = Progress()
    progress.asking()
    progress.answered([RETURNED, APPROVED])
    assert progress.mode is Mode.LIST and progress.applications == [RETURNED, APPROVED]
    progress.show(RETURNED)
    assert progress.mode is Mode.DETAIL and to_add(progress.shown) == "请补充家庭收入证明"
    progress.back()
    assert progress.mode is Mode.LIST and progress.shown is None
    progress.back()
    assert progress.mode is Mode.ASK and progress.applications == []


def test_one_application_is_shown_at_once_and_none_says_where_else_to_look() -> None:
    progress = Progress()
    progress.answered([APPROVED])
    assert progress.mode is Mode.DETAIL and progress.shown is APPROVED and to_add(APPROVED) == ""
    progress.back()
    assert progress.mode is Mode.LIST
    progress.answered([])
    assert progress.mode is Mode.ASK and progress.notice.startswith("没有查到您的办件")


def test_an_application_by_number_is_shown_and_the_typed_number_cleared() -> None:
    progress = Progress()
    progress.key("N")
    progress.answered(APPROVED)
    assert progress.mode is Mode.DETAIL and progress.typed == ""
    progress.back()
    assert progress.mode is Mode.ASK


def test_a_sample_starts_where_its_answer_is() -> None:
    assert Progress(shown=APPROVED).mode is Mode.DETAIL
    assert Progress([RETURNED, APPROVED]).mode is Mode.LIST
    assert Progress(payments=[PAID]).mode is Mode.LIST


def test_a_payment_made_after_the_citizen_left_is_listed_by_card_and_its_receipt_printed_again() -> None:
    progress = Progress()
    question = progress.card(card(), TODAY)
    progress.asking()
    progress.answered(question.ask(Client()))
    assert progress.mode is Mode.LIST and progress.payments == [PAID]
    assert progress.payer_name(PAID) == "王建国"  # he paid it: his name from the card
    assert progress.payer_name(payment("paid", payer=CHILD)) == ""  # someone else paid: not his name
    progress.printed(True)
    assert (progress.message, progress.notice) == ("缴费凭证已打印，请取走", "")
    progress.printed(False, "打印机缺纸")
    assert (progress.message, progress.notice) == ("", "打印机缺纸")
    progress.printed(True)
    progress.back()
    assert progress.mode is Mode.ASK and progress.payments == [] and progress.payer_name(PAID) == ""
    assert progress.message == ""


def test_payments_alone_or_with_one_application_are_listed() -> None:
    progress = Progress()
    progress.answered(PersonRecords([], [PAID], WANG, "王建国"))
    assert progress.mode is Mode.LIST and progress.applications == []
    progress.answered(PersonRecords([APPROVED], [PAID], WANG, "王建国"))
    assert progress.mode is Mode.LIST  # the payment stays in sight
    progress.show(APPROVED)
    progress.back()
    assert progress.mode is Mode.LIST
    progress.answered(PersonRecords([APPROVED], [], WANG, "王建国"))
    assert progress.mode is Mode.DETAIL  # as before: one application, no payment
    progress.answered(PersonRecords([], [], WANG, "王建国"))
    assert progress.mode is Mode.ASK and progress.notice.startswith("没有查到您的办件")
