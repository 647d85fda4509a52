"""意见投诉's state machine, without Kivy: what must be typed before moving on, the payload, the outbox's answers
and the slip's."""

from __future__ import annotations

from kiosk.core.keypress import BACKSPACE
from kiosk.core.services.complaint import MAX_TEXT, Complaint, Stage
from kiosk.core.services.outcome import Then


def written(text: str = "路灯坏了") -> Complaint:
    complaint = Complaint("NC-BWZ", 5, text=text)
    assert complaint.primary() is Then.STAY and complaint.stage is Stage.CONTACT
    return complaint


def test_a_few_words_are_needed_before_asking_how_to_answer() -> None:
    complaint = Complaint("NC-BWZ", 5)
    complaint.type_text("好")
    assert complaint.primary() is Then.STAY
    assert complaint.stage is Stage.WRITE and complaint.notice == "请用下面的键盘写几句您的意见"
    complaint.type_text("的")
    assert complaint.notice == ""  # typing clears the notice
    assert complaint.primary() is Then.STAY and complaint.stage is Stage.CONTACT


def test_the_text_stops_at_its_longest_and_backspace_takes_one_character() -> None:
    complaint = Complaint("NC-BWZ", 5, text="字" * MAX_TEXT)
    complaint.type_text("多")
    assert complaint.text == "字" * MAX_TEXT
    complaint.type_text(BACKSPACE)
    assert len(complaint.text) == MAX_TEXT - 1


def test_a_valid_phone_or_anonymity_is_needed_to_send() -> None:
    complaint = written()
    for digit in "1394765123":
        complaint.type_phone(digit)
    assert complaint.primary() is Then.STAY and complaint.notice == "请输入11位手机号，或选择“匿名提交”"
    complaint.type_phone("4")
    assert complaint.primary() is Then.SEND
    assert complaint.payload() == {"category": "complaint", "content": "路灯坏了", "phone": "13947651234",
                                   "anonymous": False, "station_id": "NC-BWZ"}


def test_anonymity_drops_the_phone_and_typing_a_phone_drops_anonymity() -> None:
    complaint = written()
    complaint.type_phone("1")
    complaint.set_anonymous(True)
    assert complaint.phone == "" and complaint.primary() is Then.SEND
    assert complaint.payload()["phone"] is None and complaint.payload()["anonymous"] is True
    complaint.type_phone("1")
    assert not complaint.anonymous and complaint.phone == "1"


def test_back_from_contact_keeps_the_text_and_the_category_and_write_has_no_way_back() -> None:
    complaint = Complaint("NC-BWZ", 5, text=" 谢谢 ")
    complaint.choose("praise")
    assert complaint.back() is False
    complaint.primary()
    assert complaint.back() is True
    assert complaint.stage is Stage.WRITE and complaint.text == " 谢谢 " and complaint.category == "praise"
    complaint.primary()
    complaint.set_anonymous(True)
    assert complaint.payload()["content"] == "谢谢" and complaint.payload()["category"] == "praise"


def test_a_refused_sending_returns_to_contact_with_the_reason() -> None:
    complaint = written()
    complaint.set_anonymous(True)
    complaint.primary()
    complaint.sending()
    assert complaint.stage is Stage.BUSY
    complaint.sent(False, "", "内容不符合要求")
    assert complaint.stage is Stage.CONTACT and complaint.notice == "内容不符合要求" and complaint.message() == ""


def test_kept_it_shows_the_number_the_reply_and_then_the_printed_slip() -> None:
    complaint = written()
    complaint.set_anonymous(True)
    complaint.sending()
    complaint.sent(True, "TS20261127000001", "")
    assert complaint.stage is Stage.DONE and complaint.number == "TS20261127000001"
    assert complaint.message() == "已收到，我们会在5个工作日内答复"
    assert complaint.printed("TS-EARLIER", True, "") is False and not complaint.slip_printed
    assert complaint.printed("TS20261127000001", True, "") is True
    assert complaint.message() == "已收到，我们会在5个工作日内答复。凭条已打印，请取走"
    assert complaint.primary() is Then.HOME


def test_the_outbox_word_replaces_the_promise_and_a_failed_slip_says_to_note_the_number() -> None:
    complaint = written()
    complaint.set_anonymous(True)
    complaint.sent(True, "TS-OFFLINE-1", "网络不通，已保存，联网后自动提交")
    assert complaint.message() == "网络不通，已保存，联网后自动提交"
    assert complaint.printed("TS-OFFLINE-1", False, "缺纸") is False
    assert complaint.notice == "凭条没能打印（缺纸），请记下上面的编号"
    assert complaint.message() == "网络不通，已保存，联网后自动提交"
