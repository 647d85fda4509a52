"""意见投诉 as a state machine: a category and what happened (write), a phone for the answer or anonymous
(contact), sending through the outbox (busy), the tracking number (done). The screen shows it, forwards the keys
and touches, sends `payload()` and prints the slip when told."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.base.i18n import _
from kiosk.core.checksums import phone_valid
from kiosk.core.keypress import apply_key
from kiosk.core.services.outcome import Then

KIND = "complaint"  # the outbox's kind of the payload
MIN_TEXT, MAX_TEXT = 2, 300


class Stage(StrEnum):
    WRITE = "write"
    CONTACT = "contact"
    BUSY = "busy"
    DONE = "done"


@dataclass
class Complaint:
    station_id: str
    reply_within_days: int  # what the slip promises; the screen says it too when the platform says nothing
    text: str = ""
    category: str = "complaint"
    phone: str = ""
    anonymous: bool = False
    stage: Stage = Stage.WRITE
    number: str = ""  # the tracking number, once sent
    reply: str = ""  # the platform's (or the outbox's) word on it, once sent
    slip_printed: bool = False
    notice: str = ""  # a problem, in the language of the moment it arose

    # -- input ----------------------------------------------------------------------------------------------
    def choose(self, category: str) -> None:
        self.category = category

    def type_text(self, key: str) -> None:
        self.notice = ""
        self.text = apply_key("text", self.text, key, MAX_TEXT)

    def type_phone(self, key: str) -> None:
        # Typing a number means the citizen wants an answer after all.
        self.notice, self.anonymous = "", False
        self.phone = apply_key("phone", self.phone, key)

    def set_anonymous(self, anonymous: bool) -> None:
        self.anonymous, self.notice = anonymous, ""
        if anonymous:
            self.phone = ""

    # -- moving on ------------------------------------------------------------------------------------------
    def back(self) -> bool:
        """One stage back; False when there is none inside the service (the screen goes home)."""
        if self.stage is Stage.CONTACT:
            self.stage = Stage.WRITE
            return True
        return False

    def primary(self) -> Then:
        match self.stage:
            case Stage.WRITE:
                if len(self.text.strip()) < MIN_TEXT:
                    self.notice = _("请用下面的键盘写几句您的意见")
                else:
                    self.notice, self.stage = "", Stage.CONTACT
            case Stage.CONTACT:
                if self.anonymous or phone_valid(self.phone):
                    return Then.SEND
                self.notice = _("请输入11位手机号，或选择“匿名提交”")
            case Stage.DONE:
                return Then.HOME
        return Then.STAY

    def payload(self) -> dict[str, Any]:
        """The platform's complaint body (contract: submitComplaint)."""
        return {"category": self.category, "content": self.text.strip(),
                "phone": None if self.anonymous else self.phone, "anonymous": self.anonymous,
                "station_id": self.station_id}

    # -- answers --------------------------------------------------------------------------------------------
    def sending(self) -> None:
        """The payload went to the outbox: wait for its word."""
        self.notice, self.stage = "", Stage.BUSY

    def tell(self, message: str) -> None:
        """A problem outside the complaint (the terminal not ready to send or print)."""
        self.notice = message

    def sent(self, kept: bool, number: str, message: str) -> None:
        """The outbox's word: kept (with its tracking number), or refused and the citizen may try again."""
        if not kept:
            self.notice, self.stage = message, Stage.CONTACT
            return
        self.number, self.reply, self.stage = number, message, Stage.DONE

    def printed(self, number: str, ok: bool, reason: str) -> bool:
        """The printer's word on the slip of complaint `number`; True when the slip is there to take. A late word
        on an earlier complaint is ignored."""
        if number != self.number or self.stage is not Stage.DONE:
            return False
        if not ok:
            self.notice = _("凭条没能打印（{reason}），请记下上面的编号").format(reason=reason)
        self.slip_printed = ok
        return ok

    def message(self) -> str:
        """The good news once received, in the language of the moment; "" before."""
        if self.stage is not Stage.DONE:
            return ""
        reply = self.reply or _("已收到，我们会在{days}个工作日内答复").format(days=self.reply_within_days)
        return _("{reply}。凭条已打印，请取走").format(reply=reply) if self.slip_printed else reply
