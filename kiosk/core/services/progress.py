"""办件进度 as a state machine: a receipt number (typed on the pad or scanned from the receipt's QR) or the citizen's
ID card becomes a question for the platform (ask -> busy), answered by one application (detail) or the citizen's
applications (list). By card, the list also holds the citizen's paid payments, whose 缴费凭证 can be printed
again (a payment completed on the phone after the citizen left the kiosk). The screen shows it, forwards the keys,
codes and cards, and asks the platform its question."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.base.i18n import _
from kiosk.core.identity import Identity, identity_problem
from kiosk.core.keypress import apply_key
from kiosk.core.results import STATUS_TEXT, ApplicationProgress, PaymentStatus

MAX_NUMBER = 32
ACCEPTED = ("idcard",)  # only the card on the reader lists a person's applications


def status_word(status: str) -> str:
    """The plain word of a platform status code, as a msgid (shown through `_()`)."""
    return STATUS_TEXT.get(status, status)


def to_add(progress: ApplicationProgress) -> str:
    """For 退回补正: the platform's note saying what to add (the latest returned step's)."""
    if progress.status != "returned":
        return ""
    return next((t.note for t in reversed(progress.timeline) if t.status == "returned"), "")


@dataclass(frozen=True)
class ByNumber:
    """One application by its receipt number."""

    number: str

    def ask(self, client: Any) -> ApplicationProgress:
        return client.application(self.number)


@dataclass(frozen=True)
class PersonRecords:
    """What the platform holds for the card holder: applications, and the paid payments they made or are covered
    by."""

    applications: list[ApplicationProgress]
    payments: list[PaymentStatus]
    holder_id: str = field(default="", repr=False)
    holder_name: str = field(default="", repr=False)


@dataclass(frozen=True)
class ByPerson:
    """Every application and paid payment of the person whose card was read."""

    id_number: str = field(repr=False)
    name: str = field(default="", repr=False)

    def ask(self, client: Any) -> PersonRecords:
        payments = [p for p in client.payments(self.id_number) if p.status == "paid"]
        return PersonRecords(client.applications(self.id_number), payments, self.id_number, self.name)


Question = ByNumber | ByPerson


class Mode(StrEnum):
    ASK = "ask"
    BUSY = "busy"
    LIST = "list"
    DETAIL = "detail"


@dataclass
class Progress:
    applications: list[ApplicationProgress] = field(default_factory=list)  # of the citizen whose card was read
    payments: list[PaymentStatus] = field(default_factory=list)  # theirs, paid: a 缴费凭证 can be printed again
    shown: ApplicationProgress | None = None  # the application in detail
    typed: str = ""
    notice: str = ""
    mode: Mode = Mode.ASK
    message: str = ""  # good news (a receipt printed), shown apart from a notice

    def __post_init__(self) -> None:
        # A sample (kiosk screenshot) may start with an answer already there.
        self.mode = Mode.DETAIL if self.shown else Mode.LIST if self.applications or self.payments else Mode.ASK
        self._holder = ("", "")  # the card holder's ID number and name, for a payment receipt's payer

    # -- what the citizen gives -----------------------------------------------------------------------------
    def key(self, key: str) -> None:
        self.notice = ""
        self.typed = apply_key("text", self.typed, key, MAX_NUMBER)

    def primary(self) -> Question | None:
        """查询 with the typed number; None when there is nothing to ask (a notice says why)."""
        if self.mode is not Mode.ASK:
            return None
        if not self.typed:
            self.notice = _("请先输入回执上的受理编号")
            return None
        return self._by_number(self.typed)

    def scanned(self, text: str) -> Question | None:
        """A code from the scanner, read as a receipt number."""
        return None if self.mode is Mode.BUSY else self._by_number(text)

    def code_blurred(self) -> None:
        """The camera sees a code too blurred to read: while the number is asked for, say how to hold it."""
        if self.mode is Mode.ASK:
            self.notice = _("二维码太模糊，请拿稳不要动，离远一点")

    def card(self, identity: Identity, today: dt.date) -> Question | None:
        """A card laid on the reader: its holder's applications, if the card may be used."""
        if self.mode is Mode.BUSY:
            return None
        problem = identity_problem(identity, ACCEPTED, today)
        if problem:
            self.notice = problem
            return None
        return ByPerson(identity.id_number, identity.name)

    def card_error(self, message: str) -> None:
        """The reader could not read the card."""
        if self.mode is not Mode.BUSY:
            self.notice = message

    def _by_number(self, text: str) -> ByNumber | None:
        number = "".join(c for c in text.upper() if c.isalnum())[:MAX_NUMBER]
        if not number:
            self.notice = _("这个二维码不是办件回执，请扫描回执上的二维码")
            return None
        return ByNumber(number)

    # -- the platform ---------------------------------------------------------------------------------------
    def asking(self) -> None:
        """The question went to the platform."""
        self.notice, self.mode = "", Mode.BUSY

    def tell(self, message: str) -> None:
        """A problem outside the service (no platform to ask)."""
        self.notice = message

    def failed(self, message: str) -> None:
        self.mode, self.notice = Mode.ASK, message

    def answered(self, answer: ApplicationProgress | list[ApplicationProgress] | PersonRecords) -> None:
        match answer:
            case PersonRecords(applications, []):
                self.answered(applications)
            case PersonRecords():
                # Payments to list: the list shows, even with one application or none.
                self.applications, self.payments, self.mode = answer.applications, answer.payments, Mode.LIST
                self._holder = (answer.holder_id, answer.holder_name)
            case list() if not answer:
                self.mode, self.notice = Mode.ASK, _("没有查到您的办件。如在别处办理，请用回执上的受理编号查询")
            case [only]:
                self.applications = [only]
                self.show(only)
            case list():
                self.applications, self.mode = answer, Mode.LIST
            case _:
                self.show(answer)

    def payer_name(self, payment: PaymentStatus) -> str:
        """The payer's name for a payment's receipt: the card holder's when they paid it ("" otherwise: the
        receipt finds the payer among the insured, or prints no payer name)."""
        holder_id, holder_name = self._holder
        return holder_name if holder_id and payment.payer_id_number == holder_id else ""

    def printed(self, ok: bool, message: str = "") -> None:
        """A payment's receipt printed again, or why not."""
        self.message = _("缴费凭证已打印，请取走") if ok else ""
        self.notice = "" if ok else (message or _("打印机暂时不能用"))

    # -- moving about ---------------------------------------------------------------------------------------
    def show(self, progress: ApplicationProgress) -> None:
        self.shown, self.typed, self.mode = progress, "", Mode.DETAIL

    def back(self) -> None:
        """From one application back to the list of the citizen's; otherwise start over."""
        if self.mode is Mode.DETAIL and self.applications:
            self.shown, self.mode = None, Mode.LIST
        else:
            self.applications, self.shown, self.typed, self.notice, self.mode = [], None, "", "", Mode.ASK
            self.payments, self._holder, self.message = [], ("", ""), ""
