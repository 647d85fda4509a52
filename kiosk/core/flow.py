"""The step machine of one item, built from its catalog entry. Pure Python: no Kivy, no I/O.

Events go in (`flow.handle(event)`), the step to show comes out. When the flow needs the outside world (send the
application, run the query, create the payment) it sets `flow.action`; the app performs it off the UI thread and
feeds the answer back as an event. Everything the citizen gave lives in the `CitizenSession`, so wiping the
session (idle timeout, 返回首页) forgets it all.

    identify -> [form] -> [materials] -> [confirm] -> working -> result -> evaluate -> done
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from kiosk.base.i18n import _
from kiosk.core import company_names
from kiosk.core.catalog import FormField, Item, Material
from kiosk.core.forms import field_error, form_errors, normalize, typing_error
from kiosk.core.household import BankCard, Member, offers_household, takes_card
from kiosk.core.identity import Identity, identity_problem
from kiosk.core.session import CitizenSession


class Step(str, Enum):
    IDENTIFY = "identify"
    FORM = "form"
    MATERIALS = "materials"
    CONFIRM = "confirm"
    WORKING = "working"  # sending, querying or paying: progress shown, never frozen
    RESULT = "result"
    EVALUATE = "evaluate"
    DONE = "done"


# The steps with a place of their own on the step bar (WORKING, RESULT, EVALUATE and DONE share "完成").
BAR_STEPS = (Step.IDENTIFY, Step.FORM, Step.MATERIALS, Step.CONFIRM)


def bar_label(step: Step) -> str:
    """A step's name on the step bar, in the current language."""
    return {Step.IDENTIFY: _("身份识别"), Step.FORM: _("填写信息"), Step.MATERIALS: _("拍摄材料"),
            Step.CONFIRM: _("确认提交")}.get(step, _("完成"))

# Results that are an application to a department (sent through the outbox) rather than an answer now.
APPLICATIONS = ("acceptance", "report", "check")


# -- events ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IdentityRead:
    """A citizen identified: by card, e-ID or typed number (the identity says which, in `source`)."""

    identity: Identity


@dataclass(frozen=True)
class FieldTyped:
    """A keystroke's worth of a field: checked for certain errors only."""

    key: str
    text: str


@dataclass(frozen=True)
class FieldSet:
    """A finished value (a choice picked, a field left, a persons list edited)."""

    key: str
    value: Any


@dataclass(frozen=True)
class PageAdded:
    material: str
    page: bytes  # a corrected JPEG page
    thumbnail: bytes = b""  # a small PNG of it, for the screen


@dataclass(frozen=True)
class PageRemoved:
    material: str
    index: int


@dataclass(frozen=True)
class AtCounter:
    """The citizen will hand this material in at the counter (no camera, or they prefer to)."""

    material: str
    at_counter: bool = True


@dataclass(frozen=True)
class Consent:
    given: bool


@dataclass(frozen=True)
class ContactKnown:
    """The platform's record of the card holder: the phone ("" when it has none) prefills the item's phone fields;
    the household's members and the bank card are offered on the form (kiosk.core.household)."""

    phone: str = field(default="", repr=False)
    members: tuple[Member, ...] = field(default=(), repr=False)
    bank_card: BankCard | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Next:
    pass


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class PaymentCreated:
    payment: dict[str, Any]  # {payment_id, amount, qr_text, expires_at}


@dataclass(frozen=True)
class WorkDone:
    outcome: dict[str, Any]  # the platform's answer: receipt, query result, payment status "paid"


@dataclass(frozen=True)
class WorkFailed:
    message: str  # plain Chinese for the citizen
    queued: bool = False  # the application was saved in the outbox and will be sent by itself
    outcome: dict[str, Any] = field(default_factory=dict)  # e.g. the provisional receipt number


@dataclass(frozen=True)
class PrintRequested:
    pass


@dataclass(frozen=True)
class Printed:
    ok: bool
    message: str = ""  # why not, in plain words (paper out, printer offline)
    confirmed: bool = True  # False: sent, but the printer cannot say it printed (it is never sent twice)


@dataclass(frozen=True)
class Evaluated:
    level: int  # 1 非常不满意 .. 5 非常满意
    reasons: tuple[str, ...] = ()


Event = (IdentityRead | ContactKnown | FieldTyped | FieldSet | PageAdded | PageRemoved | AtCounter | Consent | Next | Back
         | PaymentCreated | WorkDone | WorkFailed | PrintRequested | Printed | Evaluated)


@dataclass(frozen=True)
class Action:
    """Work for the app, off the UI thread: `kind` is submit, query, pay or print; `payload` follows the platform
    contract (or, for print, names the receipt)."""

    kind: str
    payload: dict[str, Any]


# The reasons asked for a low evaluation. The Chinese is what is recorded and sent (the department reads it);
# the screens show evaluation_words().
EVALUATION_REASONS = ("等待时间太长", "操作太复杂", "看不清、听不清", "设备出了问题", "结果不满意", "其他")
# The five levels of 随手评, best first: level, its word as recorded, its face.
EVALUATION_LEVELS = ((5, "非常满意", "mood-happy"), (4, "满意", "mood-smile"), (3, "基本满意", "mood-empty"),
                     (2, "不满意", "mood-sad"), (1, "非常不满意", "mood-cry"))


def evaluation_words(recorded: str) -> str:
    """An evaluation level's word or a reason, as recorded, in the current language."""
    return {
        "等待时间太长": _("等待时间太长"), "操作太复杂": _("操作太复杂"), "看不清、听不清": _("看不清、听不清"),
        "设备出了问题": _("设备出了问题"), "结果不满意": _("结果不满意"), "其他": _("其他"),
        "非常满意": _("非常满意"), "满意": _("满意"), "基本满意": _("基本满意"), "不满意": _("不满意"),
        "非常不满意": _("非常不满意"),
    }.get(recorded, recorded)


class ItemFlow:
    """One citizen doing one item."""

    def __init__(self, item: Item, session: CitizenSession, today: dt.date | None = None) -> None:
        self.item = item
        self.session = session
        self.today = today or dt.date.today()
        self.steps = self._steps()
        self.step = self.steps[0]
        self.errors: dict[str, str] = {}  # field key or material code -> plain-words message
        self.notice = ""  # a message for the whole step (identity refused, platform down)
        self.action: Action | None = None
        self.consent = False
        self.refused = False  # the page on show was refused: its notice counts what is still wrong
        self.payment: dict[str, Any] = {}
        self.print_problem = ""  # set when the receipt could not be printed: the screen shows it instead
        self.print_unconfirmed = False  # sent, but not confirmed: the screen shows it too, with its QR
        session.item_code = item.code

    # -- shape ------------------------------------------------------------------------------------------------
    def _steps(self) -> list[Step]:
        steps = [Step.IDENTIFY]
        if self.item.fields:
            steps.append(Step.FORM)
        if self.item.materials:
            steps.append(Step.MATERIALS)
        if self.item.result in APPLICATIONS or self.item.result == "payment":
            steps.append(Step.CONFIRM)
        steps += [Step.WORKING, Step.RESULT, Step.EVALUATE, Step.DONE]
        return steps

    def bar(self) -> list[tuple[str, bool, bool]]:
        """The step bar: (label, done, current) for each visible step."""
        shown = [s for s in self.steps if s in BAR_STEPS]
        position = self.steps.index(self.step)
        bar = [(bar_label(s), self.steps.index(s) < position, s == self.step) for s in shown]
        finishing = self.step not in BAR_STEPS
        return bar + [(bar_label(Step.DONE), self.step is Step.DONE, finishing)]

    @property
    def is_application(self) -> bool:
        return self.item.result in APPLICATIONS

    @property
    def wants_record(self) -> bool:
        """Whether the form would use the platform's record of the card holder: a phone field to prefill, a list of
        persons that takes the household, a bank card field."""
        return self.session.identity is not None and any(
            spec.prefill == "phone" and not self.session.answers.get(spec.key) or offers_household(spec)
            or spec.type == "bank_card" for spec in self.item.fields)

    @property
    def wants_household(self) -> bool:
        return any(offers_household(spec) for spec in self.item.fields)

    def amount_due(self) -> Decimal | None:
        """What a payment will cost, shown before 确认缴费: the year's amount for each insured person."""
        if self.item.amount_per_person is None:
            return None
        return self.item.amount_per_person * len(self.session.answers.get("insured", []))

    @property
    def prints_by_itself(self) -> bool:
        """The result prints without a touch: an application's receipt, a payment's 缴费凭证, a certificate."""
        return self.is_application or self.item.result in ("payment", "certificate")

    @property
    def receipt_kind(self) -> str:
        """Which receipt the result prints: an acceptance receipt for applications, the 缴费凭证 for a payment, the
        certificate for certificate items, a slip for other answers."""
        if self.item.result == "payment":
            return "payment"
        if self.item.result == "certificate":
            return "certificate"
        return "acceptance" if self.is_application else "query"

    # -- events -----------------------------------------------------------------------------------------------
    def handle(self, event: Event) -> Step:
        match event:
            case IdentityRead():
                self._on_identity_read(event)
            case ContactKnown():
                self._on_contact_known(event)
            case FieldTyped():
                self._on_field_typed(event)
            case FieldSet():
                self._on_field_set(event)
            case PageAdded():
                self._on_page_added(event)
            case PageRemoved():
                self._on_page_removed(event)
            case AtCounter():
                self._on_at_counter(event)
            case Consent():
                self._on_consent(event)
            case Next():
                self._on_next(event)
            case Back():
                self._on_back(event)
            case PaymentCreated():
                self._on_payment_created(event)
            case WorkDone():
                self._on_work_done(event)
            case WorkFailed():
                self._on_work_failed(event)
            case PrintRequested():
                self._on_print_requested(event)
            case Printed():
                self._on_printed(event)
            case Evaluated():
                self._on_evaluated(event)
        return self.step

    def _on_identity_read(self, event: IdentityRead) -> None:
        if self.step is not Step.IDENTIFY:
            return
        problem = identity_problem(event.identity, self.item.identity, self.today)
        if problem:
            self.notice = problem
            return
        self.notice = ""
        self.session.identity = event.identity
        self._prefill()
        self._advance()

    def _on_contact_known(self, event: ContactKnown) -> None:
        # Offered, never put in by themselves: the citizen ticks the members and takes the card.
        self.session.household = event.members
        self.session.bank_card = event.bank_card
        # What the citizen typed wins; the platform's phone only fills a field still empty, and stays editable.
        for spec in self.item.fields:
            if spec.prefill == "phone" and event.phone and not self.session.answers.get(spec.key):
                phone = normalize(spec, event.phone)
                if not field_error(spec, phone, self.today):
                    self.session.answers[spec.key] = phone

    def _on_field_typed(self, event: FieldTyped) -> None:
        spec = self._field(event.key)
        error = typing_error(spec, event.text)
        self._set_error(event.key, error)

    def _on_field_set(self, event: FieldSet) -> None:
        spec = self._field(event.key)
        value = normalize(spec, event.value)
        self.session.answers[event.key] = value
        # A finished value is checked fully, but an empty one is only flagged when the page is done.
        error = field_error(spec, value, self.today) if value not in ("", []) else ""
        self._set_error(event.key, error)
        card = self.session.bank_card
        if card is not None and takes_card(spec, value, card):
            self._fill_bank(card)
        if company_names.is_company_type(spec):
            self._reform_names(company_names.organisation_form(str(value)))
        self._recount_refused()

    def _reform_names(self, form: str) -> None:
        """Another 企业类型: the names composed before end with its 组织形式 (有限公司 -> 合伙企业)."""
        for spec in self.item.fields:
            name = self.session.answers.get(spec.key)
            if spec.choose_from == "company_names" and name:
                self.session.answers[spec.key] = company_names.with_form(str(name), form)

    def _fill_bank(self, card: BankCard) -> None:
        """The card on record taken: its bank fills 开户银行 (prefill: bank), whatever was there (it is that card's
        bank), when the field can take it."""
        for spec in self.item.fields:
            if spec.prefill == "bank":
                bank = normalize(spec, card.bank)
                if not field_error(spec, bank, self.today):
                    self.session.answers[spec.key] = bank
                    self._set_error(spec.key, "")

    def _on_page_added(self, event: PageAdded) -> None:
        material = self._material(event.material)
        pages = self.session.materials.setdefault(material.code, [])
        if len(pages) >= material.pages:
            self._set_error(material.code, _("这份材料最多拍{n}页").format(n=material.pages))
            return
        pages.append(event.page)
        self.session.thumbnails.setdefault(material.code, []).append(event.thumbnail)
        self.session.at_counter.discard(material.code)
        self._set_error(material.code, "")
        self._recount_refused()

    def _on_page_removed(self, event: PageRemoved) -> None:
        pages = self.session.materials.get(event.material, [])
        if 0 <= event.index < len(pages):
            pages.pop(event.index)
            thumbnails = self.session.thumbnails.get(event.material, [])
            if event.index < len(thumbnails):
                thumbnails.pop(event.index)

    def _on_at_counter(self, event: AtCounter) -> None:
        self._material(event.material)
        if event.at_counter:
            self.session.at_counter.add(event.material)
            self._set_error(event.material, "")
            self._recount_refused()
        else:
            self.session.at_counter.discard(event.material)

    def _on_consent(self, event: Consent) -> None:
        self.consent = event.given
        if event.given:
            self.notice = ""

    def _on_next(self, event: Next) -> None:
        if self.step in (Step.FORM, Step.MATERIALS):
            self.errors = self._page_errors()
            # A refused page says so in words above it (the field or material in error says why).
            self.notice = self._refused_notice()
            self.refused = bool(self.notice)
            if not self.errors:
                self._advance()
        elif self.step is Step.CONFIRM:
            if not self.consent:
                self.notice = _("请先阅读并勾选同意")
                return
            self._advance()
        elif self.step in (Step.RESULT, Step.EVALUATE):
            # From the result to the evaluation, and past the evaluation without giving one.
            self.action = None
            self._advance()

    def _on_back(self, _: Back) -> None:
        # Answers stay: going back and forth never loses what was entered. Once sent, there is no way back.
        if self.step in (Step.FORM, Step.MATERIALS, Step.CONFIRM):
            index = self.steps.index(self.step)
            if index > 0:
                self.step = self.steps[index - 1]
                self.errors, self.notice, self.refused = {}, "", False

    def _on_payment_created(self, event: PaymentCreated) -> None:
        if self.step is Step.WORKING and self.action and self.action.kind == "pay":
            self.payment = dict(event.payment)

    def _on_work_done(self, event: WorkDone) -> None:
        if self.step is not Step.WORKING:
            return
        self.session.outcome.update(event.outcome)
        self.session.outcome.setdefault("status", "done")
        self.action = None
        self.notice = ""
        self._advance()

    def _on_work_failed(self, event: WorkFailed) -> None:
        if self.step is not Step.WORKING:
            return
        self.action = None
        self.notice = event.message
        if event.queued:
            # Saved in the outbox: the citizen gets a provisional receipt and goes home with it.
            self.session.outcome.update(event.outcome)
            self.session.outcome["status"] = "queued"
            self._advance()
        else:
            self.session.outcome["status"] = "failed"
            self.step = Step.RESULT

    def _on_print_requested(self, _: PrintRequested) -> None:
        if self.step is Step.RESULT and self.session.outcome.get("status") != "failed":
            self.action = Action("print", {"receipt": self.receipt_kind})

    def _on_printed(self, event: Printed) -> None:
        if self.action and self.action.kind == "print":
            self.action = None
            self.print_problem = "" if event.ok else (event.message or _("打印机暂时不能用"))
            self.print_unconfirmed = event.ok and not event.confirmed
            self.session.outcome["printed"] = event.ok

    def _on_evaluated(self, event: Evaluated) -> None:
        if self.step is not Step.EVALUATE:
            return
        if not 1 <= event.level <= 5:
            return
        if event.level <= 2 and not event.reasons:
            self.notice = _("请选一个原因，帮助我们改进")
            return
        self.session.outcome["evaluation"] = {"level": event.level, "reasons": list(event.reasons)}
        self.notice = ""
        self._advance()

    # -- checks -----------------------------------------------------------------------------------------------
    def _page_errors(self) -> dict[str, str]:
        if self.step is Step.FORM:
            return form_errors(self.item.fields, self.session.answers, self.today)
        if self.step is Step.MATERIALS:
            return self.material_errors()
        return {}

    def _refused_notice(self) -> str:
        """What a refused page says above itself: how many are not right yet, in words a villager reads."""
        count = len(self.errors)
        if not count:
            return ""
        if self.step is Step.MATERIALS:
            return _("还有{n}份材料没有拍，请拍好或选“到窗口交”，再点“下一步”").format(n=count)
        return _("还有{n}项没有填好，请按红字改好，再点“下一步”").format(n=count)

    def _recount_refused(self) -> None:
        """After a refused page, its notice follows what is still wrong (and goes when nothing is)."""
        if self.refused:
            self.notice = self._refused_notice()
            self.refused = bool(self.notice)

    def next_material_to_take(self, current: int) -> int | None:
        """The first material after `current` in the list that still needs its pages: one the item requires, not
        photographed and not left for the counter. None when none after it does: then 下一步 is the page's own
        check, which names what is missing (never round and round the list without a word)."""
        for index, material in enumerate(self.item.materials[current + 1:], start=current + 1):
            if material.required and not self.session.materials.get(material.code) \
                    and material.code not in self.session.at_counter:
                return index
        return None

    def material_errors(self) -> dict[str, str]:
        return {
            m.code: _("请拍摄这份材料，或选择“到窗口交”")
            for m in self.item.materials
            if m.required and not self.session.materials.get(m.code) and m.code not in self.session.at_counter
        }

    def relabel_errors(self) -> None:
        """The language changed: the errors shown are told again in it (same fields, same faults). An error made
        while typing, which the full check does not repeat, keeps its words until the field is typed in again."""
        if self.step not in (Step.FORM, Step.MATERIALS):
            return
        again = self._page_errors()
        self.errors = {key: again.get(key, message) for key, message in self.errors.items()}
        if self.refused:
            self.notice = self._refused_notice()

    # -- building the work ------------------------------------------------------------------------------------
    def _advance(self) -> None:
        self.step = self.steps[self.steps.index(self.step) + 1]
        self.errors, self.refused = {}, False
        if self.step is Step.WORKING:
            self.action = self._work()
        elif self.step is Step.RESULT and self.prints_by_itself and self.session.outcome.get("status") != "failed":
            # An application's receipt and a payment's prints by itself: it is the citizen's proof; a certificate is
            # what they came for.
            self.action = Action("print", {"receipt": self.receipt_kind})

    def _work(self) -> Action:
        identity = self.session.identity
        applicant = {"id_number": identity.id_number if identity else "", "name": identity.name if identity else ""}
        form = dict(self.session.answers)
        if self.item.result == "payment":
            year = form.get("year", "")
            lines = [{"id_number": p["id_number"], "name": p.get("name", ""), "year": year}
                     for p in form.get("insured", [])]
            return Action("pay", {"item_code": self.item.code, "payer_id_number": applicant["id_number"], "lines": lines})
        if self.is_application:
            materials = [
                {"material_code": m.code, "pages": len(self.session.materials.get(m.code, [])),
                 "at_counter": m.code in self.session.at_counter}
                for m in self.item.materials
            ]
            return Action("submit", {"item_code": self.item.code, "applicant": applicant, "form": form,
                                     "materials": materials})
        return Action("query", {"item_code": self.item.code, "id_number": applicant["id_number"], **form})

    def _prefill(self) -> None:
        identity = self.session.identity
        own = {"name": identity.name, "id_number": identity.id_number, "address": identity.address} if identity else {}
        for spec in self.item.fields:
            if spec.prefill and own.get(spec.prefill) and spec.key not in self.session.answers:
                self.session.answers[spec.key] = own[spec.prefill]
            if spec.type == "choice" and len(spec.choices) == 1 and spec.key not in self.session.answers:
                # Nothing to choose: the only option is taken (shown, and changeable to nothing else).
                self.session.answers[spec.key] = spec.choices[0]
            if spec.type == "persons" and spec.key not in self.session.answers:
                # The applicant is the first person of every list (insured, shareholders, household).
                first = {c.key: own.get(c.key, "") for c in spec.fields}
                if "relation" in first and "本人" in next(c.choices for c in spec.fields if c.key == "relation"):
                    first["relation"] = "本人"
                self.session.answers[spec.key] = [first]

    def _field(self, key: str) -> FormField:
        for spec in self.item.fields:
            if spec.key == key:
                return spec
        raise KeyError(f"item {self.item.code} has no field {key!r}")

    def _material(self, code: str) -> Material:
        for material in self.item.materials:
            if material.code == code:
                return material
        raise KeyError(f"item {self.item.code} has no material {code!r}")

    def _set_error(self, key: str, error: str) -> None:
        if error:
            self.errors[key] = error
        else:
            self.errors.pop(key, None)
