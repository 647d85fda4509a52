"""Typed results of platform calls, built from answers the contract has already checked.

Objects that hold identity show it masked in repr, so logging one never leaks a name or number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kiosk.base.privacy import mask_id_number, mask_name

STATUS_TEXT = {
    "accepted": "已受理",
    "reviewing": "审核中",
    "approved": "已办结",
    "returned": "退回补正",
    "rejected": "不予受理",
}
PAYMENT_STATUS_TEXT = {"pending": "待支付", "paid": "已支付", "expired": "已过期", "failed": "支付失败"}


def _datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _money(value: float | int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class EidIdentity:
    id_number: str = field(repr=False)
    name: str = field(repr=False)
    sex: str
    birth: dt.date = field(repr=False)
    expires_at: dt.datetime

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> EidIdentity:
        return cls(d["id_number"], d["name"], d["sex"], _date(d["birth"]), _datetime(d["expires_at"]))

    def __repr__(self) -> str:
        return f"EidIdentity({mask_name(self.name)}, {mask_id_number(self.id_number)}, expires {self.expires_at})"


@dataclass(frozen=True)
class Acceptance:
    receipt_no: str
    status: str
    accepted_at: dt.datetime
    promised_date: dt.date

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Acceptance:
        return cls(d["receipt_no"], d["status"], _datetime(d["accepted_at"]), _date(d["promised_date"]))


@dataclass(frozen=True)
class SupplementAcceptance:
    """补交材料 received: the application (by the platform's number) is under review again."""

    supplement_no: str
    receipt_no: str
    status: str
    received_at: dt.datetime

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SupplementAcceptance:
        return cls(d["supplement_no"], d["receipt_no"], d["status"], _datetime(d["received_at"]))


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    status: str
    note: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass(frozen=True)
class ApplicationProgress:
    receipt_no: str
    item_code: str
    item_name: str
    status: str
    promised_date: dt.date
    timeline: tuple[TimelineEntry, ...]
    kiosk_ref: str | None = None

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ApplicationProgress:
        timeline = tuple(TimelineEntry(_datetime(t["at"]), t["status"], t["note"]) for t in d["timeline"])
        return cls(
            d["receipt_no"], d["item_code"], d.get("item_name", ""), d["status"], _date(d["promised_date"]),
            timeline, d.get("kiosk_ref"),
        )


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate the platform issued with a query: its words, and the number anyone can check at verify_url."""

    number: str
    verify_url: str
    title: str
    statement: str = field(repr=False)
    issuer: str
    issued_at: dt.datetime
    rows: tuple[tuple[str, str], ...] = field(repr=False)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> IssuedCertificate:
        return cls(d["number"], d["verify_url"], d["title"], d["statement"], d["issuer"], _datetime(d["issued_at"]),
                   tuple((str(k), str(v)) for k, v in d["rows"]))


@dataclass(frozen=True)
class CertificateCheck:
    """What the platform says of a certificate number: what it certified, for whom (masked), when."""

    number: str
    item_code: str
    title: str
    holder: str
    issued_at: dt.datetime


@dataclass(frozen=True)
class QueryResult:
    """An instant query's answer: `summary` (label -> value) and `rows` (a table), as the platform words them;
    for 参保凭证, 权益记录 and 有无房产证明 the certificate issued with it."""

    item_code: str
    summary: dict[str, Any] = field(repr=False)
    rows: tuple[dict[str, Any], ...] = field(repr=False)
    certificate: IssuedCertificate | None = None

    def __repr__(self) -> str:
        return f"QueryResult({self.item_code}, {len(self.summary)} summary fields, {len(self.rows)} rows)"


@dataclass(frozen=True)
class PaymentLine:
    id_number: str = field(repr=False)
    year: int
    amount: Decimal
    name: str = field(default="", repr=False)  # the insured person's name as given (the receipt prints it masked)

    def as_json(self) -> dict[str, Any]:
        line: dict[str, Any] = {"id_number": self.id_number, "year": self.year, "amount": float(self.amount)}
        if self.name:
            line["name"] = self.name
        return line

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PaymentLine:
        return cls(d["id_number"], d["year"], _money(d["amount"]), d.get("name") or "")

    def __repr__(self) -> str:
        return f"PaymentLine({mask_id_number(self.id_number)}, {self.year}, {self.amount})"


@dataclass(frozen=True)
class PaymentOrder:
    payment_id: str
    amount: Decimal
    qr_text: str
    expires_at: dt.datetime

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PaymentOrder:
        return cls(d["payment_id"], _money(d["amount"]), d["qr_text"], _datetime(d["expires_at"]))


@dataclass(frozen=True)
class PaymentStatus:
    """A payment as the platform knows it: its state, and once paid the channel's transaction number and time."""

    status: str
    paid_at: dt.datetime | None = None
    payment_id: str = ""
    amount: Decimal = Decimal("0.00")
    lines: tuple[PaymentLine, ...] = ()
    transaction_no: str = ""
    created_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    payer_id_number: str = field(default="", repr=False)

    @property
    def status_text(self) -> str:
        return PAYMENT_STATUS_TEXT[self.status]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({line.year for line in self.lines}))

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PaymentStatus:
        return cls(
            d["status"], _datetime(d["paid_at"]) if d.get("paid_at") else None, d["payment_id"], _money(d["amount"]),
            tuple(PaymentLine.from_json(x) for x in d["lines"]), d.get("transaction_no") or "",
            _datetime(d["created_at"]), _datetime(d["expires_at"]), d["payer_id_number"],
        )


@dataclass(frozen=True)
class Slot:
    slot_id: str
    start: dt.datetime
    end: dt.datetime
    counter: str
    left: int

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Slot:
        return cls(d["slot_id"], _datetime(d["start"]), _datetime(d["end"]), d["counter"], d["left"])


@dataclass(frozen=True)
class Appointment:
    appointment_no: str
    start: dt.datetime
    place: str

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Appointment:
        return cls(d["appointment_no"], _datetime(d["start"]), d["place"])


@dataclass(frozen=True)
class Notice:
    id: str
    category: str
    title: str
    published_at: dt.date
    body: str
    images: tuple[str, ...]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Notice:
        return cls(
            d["id"], d.get("category", ""), d["title"], _date(d["published_at"]), d["body"], tuple(d["images"])
        )


@dataclass(frozen=True)
class StationInfo:
    station_id: str
    name: str
    level: str
    town: str
    address: str
    hours: tuple[str, ...]
    phone: str
    items: tuple[str, ...]
    lat: float
    lon: float

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StationInfo:
        return cls(
            d["station_id"], d["name"], d["level"], d["town"], d["address"], tuple(d["hours"]), d["phone"],
            tuple(d["items"]), float(d["lat"]), float(d["lon"]),
        )

    @property
    def map_url(self) -> str:
        """What the navigation page's QR opens on a phone (a geo: URI every map app understands)."""
        return f"geo:{self.lat:.5f},{self.lon:.5f}?q={self.lat:.5f},{self.lon:.5f}({self.name})"


@dataclass(frozen=True)
class AssistTicket:
    ticket: str
    helper_name: str
    helper_phone: str

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AssistTicket:
        return cls(d["ticket"], d["helper"]["name"], d["helper"]["phone"])


@dataclass(frozen=True)
class CatalogUpdate:
    version: str
    document: dict[str, Any] | None = field(repr=False)
    # This kiosk's configuration overlay ({section: {key: value}}) and the platform's signature of the three.
    overlay: dict[str, Any] | None = field(default=None, repr=False)
    signature: str = ""

    @property
    def newer(self) -> bool:
        return self.document is not None
