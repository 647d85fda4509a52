"""随手评 on its own (服务评价 on the home screen) as a state machine: which item it was about, one of five levels,
reasons for the two lowest (choose), sending through the outbox (busy), thanks (done). The screen shows it, forwards
the touches and sends `payload()`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.base.i18n import _
from kiosk.core.services.outcome import Then

KIND = "evaluation"  # the outbox's kind of the payload
LOWEST_WITHOUT_REASON = 3  # levels below this (不满意, 非常不满意) ask what went wrong


class Stage(StrEnum):
    CHOOSE = "choose"
    BUSY = "busy"
    DONE = "done"


@dataclass
class Evaluation:
    station_id: str
    item_code: str = ""
    level: int = 0  # 0: no face chosen yet
    reasons: list[str] = field(default_factory=list)  # the platform's words: those of flow.EVALUATION_REASONS
    stage: Stage = Stage.CHOOSE
    thanks_note: str = ""  # the outbox's word on the sending, once sent
    notice: str = ""

    @property
    def asks_reasons(self) -> bool:
        return 0 < self.level < LOWEST_WITHOUT_REASON

    def choose_item(self, code: str) -> None:
        self.item_code, self.notice = code, ""

    def choose(self, level: int) -> None:
        self.level, self.notice = level, ""
        if not self.asks_reasons:
            self.reasons = []

    def toggle_reason(self, reason: str) -> None:
        self.notice = ""
        self.reasons = [r for r in self.reasons if r != reason] if reason in self.reasons else [*self.reasons, reason]

    def primary(self) -> Then:
        match self.stage:
            case Stage.DONE:
                return Then.HOME
            case Stage.CHOOSE if not self.item_code:
                self.notice = _("请先选您办的是哪件事")
            case Stage.CHOOSE if not self.level:
                self.notice = _("请点一个表情")
            case Stage.CHOOSE if self.asks_reasons and not self.reasons:
                self.notice = _("请选一个不满意的原因，帮助我们改进")
            case Stage.CHOOSE:
                return Then.SEND
        return Then.STAY

    def payload(self) -> dict[str, Any]:
        """The platform's evaluation body (contract: submitEvaluation)."""
        return {"item_code": self.item_code, "level": self.level, "reasons": list(self.reasons), "comment": "",
                "station_id": self.station_id}

    def sending(self) -> None:
        self.notice, self.stage = "", Stage.BUSY

    def tell(self, message: str) -> None:
        """A problem outside the evaluation (the terminal not ready to send)."""
        self.notice = message

    def sent(self, kept: bool, message: str) -> None:
        """The outbox's word: kept (thanks, with its note), or refused and the citizen may try again."""
        if not kept:
            self.notice, self.stage = message, Stage.CHOOSE
            return
        self.thanks_note, self.stage = message, Stage.DONE

    def message(self) -> str:
        """The thanks once sent, in the language of the moment; "" before."""
        if self.stage is not Stage.DONE:
            return ""
        return _("谢谢您的评价！（{note}）").format(note=self.thanks_note) if self.thanks_note else _("谢谢您的评价！")
