"""Builders for each kind of receipt the kiosk prints. Each takes plain data (its dataclass, or a dict with the
same keys, as the flows have it) and the station, and returns a Receipt. Personal data is masked on paper
unless `mask=False` (config: privacy.mask_on_paper), and left out of the dataclasses' repr (logs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from kiosk.base.errors import KioskError
from kiosk.base.privacy import mask_id_number, mask_name, mask_phone, mask_text
from kiosk.receipts.model import Barcode, Blank, Block, Heading, Note, Qr, Receipt, Row, Separator

T = TypeVar("T")


@dataclass(frozen=True)
class SlipStation:
    name: str
    station_id: str = ""
    kiosk_id: str = ""
    phone: str = ""
    address: str = ""

    @classmethod
    def from_config(cls, config: Any) -> SlipStation:
        """From a KioskConfig: its station and the kiosk id."""
        s = config.station
        return cls(s.name, s.id, config.backend.kiosk_id, s.phone, s.address)


@dataclass(frozen=True)
class AcceptanceDetails:
    receipt_no: str
    item: str
    applicant_name: str = field(repr=False)
    applicant_id: str = field(repr=False)
    materials: Sequence[str]
    promised_date: str
    progress_qr: str
    accepted_at: datetime
    pending_materials: Sequence[str] = ()
    helper_phone: str = ""
    # Materials photographed now whose originals must still be handed in: each with where and by when, in words.
    originals: Sequence[str] = ()


@dataclass(frozen=True)
class MissingMaterial:
    name: str
    requirement: str = ""


@dataclass(frozen=True)
class OneTimeNotice:
    notice_no: str
    item: str
    applicant_name: str = field(repr=False)
    applicant_id: str = field(repr=False)
    missing: Sequence[MissingMaterial | Mapping[str, str]]
    hand_in_at: str
    deadline: str  # by when the missing materials are to be handed in; "" when there is none (before applying)
    issued_at: datetime
    reason: str = ""
    progress_qr: str = ""
    processing_time: str = ""  # how long the department takes once all is in (承诺办：30天)
    mongolian: Sequence[str] = ()  # its heading and key lines in traditional Mongolian, printed above the Chinese


@dataclass(frozen=True)
class QueryDetails:
    query: str
    person_name: str = field(repr=False)
    person_id: str = field(repr=False)
    rows: Sequence[tuple[str, str]] = field(repr=False)
    as_of: datetime
    note: str = "本凭条仅供查询参考，不作为证明使用。"
    links: Sequence[tuple[str, str]] = ()  # (label, web address): printed as QR codes, never as text


@dataclass(frozen=True)
class InsuredLine:
    """One insured person and year of a payment, as the platform recorded it."""

    name: str = field(repr=False)
    id_number: str = field(repr=False)
    year: int
    amount: str  # yuan, two decimals ("420.00")


@dataclass(frozen=True)
class PaymentDetails:
    transaction_no: str  # the payment channel's number (the citizen's proof with the bank or the bureau)
    payment_id: str
    item: str
    payer_name: str = field(repr=False)
    payer_id: str = field(repr=False)
    insured: Sequence[InsuredLine | Mapping[str, Any]]
    amount: str  # the total, yuan, two decimals
    paid_at: datetime | str
    printed_at: datetime


@dataclass(frozen=True)
class CheckDetails:
    """A check done at once (养老资格认证): whether the person passed, in the platform's words."""

    receipt_no: str
    item: str
    person_name: str = field(repr=False)
    person_id: str = field(repr=False)
    passed: bool
    note: str
    checked_at: datetime


@dataclass(frozen=True)
class AppointmentDetails:
    appointment_no: str
    item: str
    person_name: str = field(repr=False)
    person_phone: str = field(repr=False)
    place: str
    date: str
    slot: str
    bring: Sequence[str] = ()
    check_in_qr: str = ""
    booked_at: datetime = field(default_factory=datetime.now)


@dataclass(frozen=True)
class Complaint:
    complaint_no: str
    category: str
    summary: str = field(repr=False)
    submitted_at: datetime
    reply_within_days: int
    progress_qr: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class SelfTest:
    devices: Sequence[tuple[str, str]]
    paper_receipts: int
    paper_metres: float
    versions: Sequence[tuple[str, str]]
    at: datetime
    paper_since: str = ""


def _coerce(cls: type[T], data: T | Mapping[str, Any]) -> T:
    """A dataclass from itself or from a dict with its field names; a clear error for missing or extra keys."""
    if isinstance(data, cls):
        return data
    if not isinstance(data, Mapping):
        raise KioskError("凭条数据有误", f"{cls.__name__}: expected a mapping, got {type(data).__name__}")
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    extra = set(data) - names
    if extra:
        raise KioskError("凭条数据有误", f"{cls.__name__}: unknown keys {sorted(extra)}")
    try:
        return cls(**data)
    except TypeError as exc:
        raise KioskError("凭条数据有误", f"{cls.__name__}: {exc}") from None


def _when(value: datetime | str) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value)


def _person(name: str, id_number: str, mask: bool) -> list[Block]:
    rows: list[Block] = [Row("申请人", mask_name(name) if mask else name)]
    if id_number:
        rows.append(Row("身份证号", mask_id_number(id_number) if mask else id_number))
    return rows


def _numbered(items: Sequence[str]) -> list[Block]:
    return [Note(f"{i}. {item}", hang=len(f"{i}. ")) for i, item in enumerate(items, 1)]


def _footer(station: SlipStation, *extra: str) -> tuple[str, ...]:
    lines = [*extra]
    if station.phone:
        lines.append(f"服务电话：{station.phone}")
    lines.append("政务服务便民热线：12345")
    return tuple(lines)


def _station_rows(station: SlipStation, at: datetime | str) -> list[Block]:
    rows: list[Block] = [Row("办理地点", station.name)]
    if station.kiosk_id:
        rows.append(Row("终端编号", station.kiosk_id))
    rows.append(Row("打印时间", _when(at)))
    return rows


def acceptance_receipt(data: AcceptanceDetails | Mapping[str, Any], station: SlipStation, mask: bool = True) -> Receipt:
    """受理回执: proof that the application was received, with the progress QR code."""
    d = _coerce(AcceptanceDetails, data)
    blocks: list[Block] = [
        Row("受理编号", d.receipt_no),
        Row("办理事项", d.item),
        *_person(d.applicant_name, d.applicant_id, mask),
        Row("受理时间", _when(d.accepted_at)),
        Row("承诺办结", d.promised_date),
        Separator(),
        Heading("已收材料"),
        *(_numbered(d.materials) if d.materials else [Note("无")]),
    ]
    if d.pending_materials:
        blocks += [Heading("待补材料"), *_numbered(d.pending_materials)]
    if d.originals:
        blocks += [Heading("须交原件"), *_numbered(d.originals)]
    blocks += [Separator(), Qr(d.progress_qr, "扫码查询办理进度"), Blank(), Barcode(d.receipt_no), Separator(),
               *_station_rows(station, d.accepted_at)]
    if d.helper_phone:
        blocks.append(Row("帮办电话", d.helper_phone))
    return Receipt("acceptance", "受理回执", tuple(blocks), _footer(station, "请妥善保管本回执"), station.name)


def one_time_notice(data: OneTimeNotice | Mapping[str, Any], station: SlipStation, mask: bool = True) -> Receipt:
    """一次性告知单: everything still needed, told once, so the citizen comes back only once."""
    d = _coerce(OneTimeNotice, data)
    blocks: list[Block] = [
        Row("告知编号", d.notice_no),
        Row("办理事项", d.item),
        # Printed from the service guide before applying, the notice has no applicant yet.
        *(_person(d.applicant_name, d.applicant_id, mask) if d.applicant_name else []),
        Separator(),
    ]
    if d.reason:
        blocks.append(Note(d.reason))
    blocks.append(Heading("需补充的材料"))
    for i, raw in enumerate(d.missing, 1):
        m = raw if isinstance(raw, MissingMaterial) else _coerce(MissingMaterial, raw)
        blocks.append(Note(f"{i}. {m.name}", bold=True, hang=len(f"{i}. ")))
        if m.requirement:
            blocks.append(Note(f"   {m.requirement}", hang=3))
    blocks += [Separator(), Row("提交地点", d.hand_in_at)]
    if d.deadline:
        blocks.append(Row("补交期限", d.deadline))
    if d.processing_time:
        blocks.append(Row("办理时限", d.processing_time))
    if d.progress_qr:
        blocks += [Separator(), Qr(d.progress_qr, "扫码查看告知内容")]
    blocks += [Separator(), *_station_rows(station, d.issued_at)]
    footer = _footer(station, "以上为需补充的全部材料", "材料齐全后即可办理")
    return Receipt("notice", "一次性告知单", tuple(blocks), footer, station.name, tuple(d.mongolian))


def query_slip(data: QueryDetails | Mapping[str, Any], station: SlipStation, mask: bool = True) -> Receipt:
    """查询结果凭条: what the citizen looked up, with names and numbers masked on paper."""
    d = _coerce(QueryDetails, data)
    rows = [Row(k, mask_text(v) if mask else v) for k, v in d.rows]
    person: list[Block] = [Row("查询人", mask_name(d.person_name) if mask else d.person_name)]
    if d.person_id:
        person.append(Row("身份证号", mask_id_number(d.person_id) if mask else d.person_id))
    blocks: list[Block] = [
        Heading(d.query),
        *person,
        Row("数据截至", _when(d.as_of)),
        Separator(),
        *rows,
        Separator(),
        *[Qr(address, f"扫码{label}") for label, address in d.links],
        Note(d.note),
        Separator(),
        *_station_rows(station, d.as_of),
    ]
    return Receipt("query", "查询结果", tuple(blocks), _footer(station), station.name)


def payment_receipt(data: PaymentDetails | Mapping[str, Any], station: SlipStation, mask: bool = True) -> Receipt:
    """缴费凭证: what was paid, for whom, which year, and the platform's transaction number to prove it."""
    d = _coerce(PaymentDetails, data)
    lines = [x if isinstance(x, InsuredLine) else _coerce(InsuredLine, x) for x in d.insured]
    years = "、".join(str(y) for y in sorted({x.year for x in lines}))
    blocks: list[Block] = [
        Row("流水号", d.transaction_no),
        Row("缴费单号", d.payment_id),
        Row("缴费事项", d.item),
        Row("缴费年度", f"{years}年度"),
    ]
    if d.payer_name:
        blocks.append(Row("缴费人", mask_name(d.payer_name) if mask else d.payer_name))
    if d.payer_id:
        blocks.append(Row("身份证号", mask_id_number(d.payer_id) if mask else d.payer_id))
    blocks += [Separator(), Heading(f"参保人员（共{len(lines)}人）")]
    for i, x in enumerate(lines, 1):
        name = mask_name(x.name) if mask else x.name
        number = mask_id_number(x.id_number) if mask else x.id_number
        blocks += [Note(f"{i}. {name}  {number}", hang=len(f"{i}. ")), Note(f"   {x.year}年度  {x.amount} 元", hang=3)]
    blocks += [Separator(), Row("缴费金额", f"{d.amount} 元"), Row("缴费时间", _when(d.paid_at)),
               Row("缴费状态", "已缴费"), Separator(), *_station_rows(station, d.printed_at)]
    footer = _footer(station, "请妥善保管本凭证", "缴费记录可在医保查询中核对")
    return Receipt("payment", "缴费凭证", tuple(blocks), footer, station.name)


def check_slip(data: CheckDetails | Mapping[str, Any], station: SlipStation, mask: bool = True) -> Receipt:
    """资格认证结果: whether the check passed (not a promise of a later answer), with its number."""
    d = _coerce(CheckDetails, data)
    blocks: list[Block] = [
        Row("认证编号", d.receipt_no),
        Row("认证事项", d.item),
        Row("认证人", mask_name(d.person_name) if mask else d.person_name),
        Row("身份证号", mask_id_number(d.person_id) if mask else d.person_id),
        Row("认证时间", _when(d.checked_at)),
        Separator(),
        Note("认证通过" if d.passed else "认证未通过", align="center", bold=True),
        Note(d.note),
        Separator(),
        Qr(d.receipt_no, "扫码查询认证记录"),
        Separator(),
        *_station_rows(station, d.checked_at),
    ]
    extra = () if d.passed else ("如有疑问，请到乡镇社保窗口咨询，或请代办员上门认证",)
    return Receipt("check", "资格认证结果", tuple(blocks), _footer(station, *extra), station.name)


def appointment_slip(data: AppointmentDetails | Mapping[str, Any], station: SlipStation, mask: bool = True) -> Receipt:
    """预约凭条: when and where to come, with the check-in code."""
    d = _coerce(AppointmentDetails, data)
    blocks: list[Block] = [
        Row("预约编号", d.appointment_no),
        Row("办理事项", d.item),
        Row("预约人", mask_name(d.person_name) if mask else d.person_name),
    ]
    if d.person_phone:
        blocks.append(Row("联系电话", mask_phone(d.person_phone) if mask else d.person_phone))
    blocks += [Row("办理地点", d.place), Row("预约日期", d.date), Row("时间段", d.slot), Separator()]
    if d.bring:
        blocks += [Heading("请携带"), *_numbered(d.bring), Separator()]
    if d.check_in_qr:
        blocks += [Qr(d.check_in_qr, "到场后扫码签到"), Separator()]
    blocks += [Row("预约时间", _when(d.booked_at)), Row("打印地点", station.name)]
    footer = _footer(station, "请提前10分钟到达", "如需取消请提前一天致电")
    return Receipt("appointment", "预约凭条", tuple(blocks), footer, station.name)


def complaint_slip(data: Complaint | Mapping[str, Any], station: SlipStation, mask: bool = True) -> Receipt:
    """投诉建议受理凭条: the number to follow up a complaint, and when to expect an answer."""
    d = _coerce(Complaint, data)
    summary = mask_text(d.summary) if mask else d.summary
    if len(summary) > 60:
        summary = summary[:59] + "…"
    blocks: list[Block] = [
        Row("受理编号", d.complaint_no),
        Row("类别", d.category),
        Row("提交时间", _when(d.submitted_at)),
        Row("答复时限", f"{d.reply_within_days}个工作日内"),
        Separator(),
        Heading("内容摘要"),
        Note(summary),
        Separator(),
    ]
    if d.progress_qr:
        blocks += [Qr(d.progress_qr, "扫码查询处理进度"), Separator()]
    blocks.append(Row("受理地点", station.name))
    callback = [f"回访电话：{d.contact_phone}"] if d.contact_phone else []
    footer = _footer(station, *callback, "感谢您的监督")
    return Receipt("complaint", "投诉建议受理凭条", tuple(blocks), footer, station.name)


def selftest_ticket(data: SelfTest | Mapping[str, Any], station: SlipStation) -> Receipt:
    """维护自检单: the printer's own check (text, Chinese, full-width signs, QR, barcode) and the kiosk's state."""
    d = _coerce(SelfTest, data)
    blocks: list[Block] = [
        Row("站点", station.name),
        Row("站点编号", station.station_id),
        Row("终端编号", station.kiosk_id),
        Row("自检时间", _when(d.at)),
        Separator(),
        Heading("设备状态"),
        *(Row(name, state) for name, state in d.devices),
        Separator(),
        Heading("纸张"),
        Row("换纸以来", f"{d.paper_receipts} 张，约 {d.paper_metres:.1f} 米"),
    ]
    if d.paper_since:
        blocks.append(Row("上次换纸", d.paper_since))
    blocks += [Separator(), Heading("版本"), *(Row(name, version) for name, version in d.versions), Separator(),
               Heading("打印测试"),
               Note("ASCII 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz"),
               Note("汉字：宁城县政务服务一网通办"),
               Note("全角符号：￥12.30：（）【】《》，。、“”"),
               Qr(f"SELFTEST {station.kiosk_id} {_when(d.at)}", "二维码测试"),
               Barcode("ST0123456789")]
    return Receipt("selftest", "维护自检单", tuple(blocks), ("打印正常请保留本单备查",), station.name)


def _selftest(data: SelfTest | Mapping[str, Any], station: SlipStation, mask: bool = True) -> Receipt:
    return selftest_ticket(data, station)


BUILDERS = {
    "acceptance": acceptance_receipt,
    "notice": one_time_notice,
    "query": query_slip,
    "payment": payment_receipt,
    "check": check_slip,
    "appointment": appointment_slip,
    "complaint": complaint_slip,
    "selftest": _selftest,
}


def build(kind: str, data: Any, station: SlipStation, mask: bool = True) -> Receipt:
    """The receipt of `kind` (a key of BUILDERS) from its data."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise KioskError("凭条种类有误", f"unknown receipt kind {kind!r}; one of {', '.join(BUILDERS)}")
    return builder(data, station, mask)
