"""随手评's state machine, without Kivy: an item and a face are needed, reasons only for the two lowest levels,
and the outbox's answers."""

from __future__ import annotations

from kiosk.core.flow import EVALUATION_REASONS
from kiosk.core.services.evaluation import Evaluation, Stage
from kiosk.core.services.outcome import Then


def test_an_item_then_a_face_are_needed() -> None:
    evaluation = Evaluation("NC-BWZ")
    assert evaluation.primary() is Then.STAY and evaluation.notice == "请先选您办的是哪件事"
    evaluation.choose_item("db-sq")
    assert evaluation.notice == ""
    assert evaluation.primary() is Then.STAY and evaluation.notice == "请点一个表情"
    evaluation.choose(4)
    assert not evaluation.asks_reasons and evaluation.primary() is Then.SEND
    assert evaluation.payload() == {"item_code": "db-sq", "level": 4, "reasons": [], "comment": "",
                                    "station_id": "NC-BWZ"}


def test_the_two_lowest_levels_ask_a_reason_and_a_better_face_drops_them() -> None:
    evaluation = Evaluation("NC-BWZ", item_code="db-sq")
    evaluation.choose(2)
    assert evaluation.asks_reasons
    assert evaluation.primary() is Then.STAY and evaluation.notice == "请选一个不满意的原因，帮助我们改进"
    evaluation.toggle_reason(EVALUATION_REASONS[0])
    evaluation.toggle_reason(EVALUATION_REASONS[2])
    evaluation.toggle_reason(EVALUATION_REASONS[0])
    assert evaluation.reasons == [EVALUATION_REASONS[2]] and evaluation.primary() is Then.SEND
    evaluation.choose(1)
    assert evaluation.reasons == [EVALUATION_REASONS[2]]  # still unhappy: the reasons stay
    evaluation.choose(3)
    assert evaluation.reasons == [] and not evaluation.asks_reasons


def test_refused_it_can_be_sent_again_and_kept_it_thanks_with_the_outbox_note() -> None:
    evaluation = Evaluation("NC-BWZ", item_code="db-sq", level=5)
    evaluation.sending()
    assert evaluation.stage is Stage.BUSY and evaluation.primary() is Then.STAY
    evaluation.sent(False, "终端还在准备，请稍后再试")
    assert evaluation.stage is Stage.CHOOSE and evaluation.notice == "终端还在准备，请稍后再试"
    assert evaluation.message() == ""
    evaluation.sending()
    evaluation.sent(True, "")
    assert evaluation.stage is Stage.DONE and evaluation.message() == "谢谢您的评价！"
    assert evaluation.primary() is Then.HOME
    evaluation.sent(True, "网络不通，已保存")
    assert evaluation.message() == "谢谢您的评价！（网络不通，已保存）"
