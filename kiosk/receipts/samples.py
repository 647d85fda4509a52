"""A sample of every receipt kind, for `kiosk receipt KIND --sample`, the benchmark and the golden tests.
The person is the first demo citizen of config/sim/identities.yaml; numbers follow the platform's shape
(NC + date + digits) but are made up here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from kiosk import CONFIG_DIR
from kiosk.receipts import kinds
from kiosk.receipts.model import Receipt

IDENTITIES = CONFIG_DIR / "sim" / "identities.yaml"
AT = datetime(2026, 11, 27, 14, 3)
SAMPLE_STATION = kinds.SlipStation("北洼子村便民服务站", "150429-YBP-BWZ", "150429-YBP-BWZ-01", "0476-4321001",
                                   "宁城县右北平镇北洼子村村委会")


def demo_citizen(path: Path = IDENTITIES) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["citizens"][0]


def sample(kind: str, station: kinds.SlipStation = SAMPLE_STATION) -> Receipt:
    """The sample receipt of `kind` (one of KINDS)."""
    return _BUILDERS[kind](demo_citizen(), station)


def _acceptance(p: dict[str, Any], station: kinds.SlipStation) -> Receipt:
    return kinds.acceptance_receipt(kinds.AcceptanceDetails(
        receipt_no="NC20261127000123",
        item="城乡居民基本养老保险参保登记",
        applicant_name=p["name"],
        applicant_id=p["id_number"],
        materials=["居民身份证（读卡）", "户口簿首页及本人页（拍照 2 页）"],
        pending_materials=["银行卡或社保卡复印件"],
        promised_date="2026-12-04（5个工作日）",
        progress_qr="NC20261127000123",
        accepted_at=AT,
        helper_phone="0476-4321001",
    ), station)


def _notice(p: dict[str, Any], station: kinds.SlipStation) -> Receipt:
    return kinds.one_time_notice(kinds.OneTimeNotice(
        notice_no="NC20261127000124",
        item="城乡居民基本医疗保险参保登记",
        applicant_name=p["name"],
        applicant_id=p["id_number"],
        reason="您的申请材料尚不齐全，请按下列要求一次补齐：",
        missing=[
            kinds.MissingMaterial("户口簿本人页", "原件拍照或复印件 1 份，须清晰可辨"),
            kinds.MissingMaterial("低保证或特困供养证", "享受参保费用减免时提供，原件"),
        ],
        hand_in_at="右北平镇便民服务中心 2 号窗口",
        deadline="2026-12-11 前",
        issued_at=AT,
        progress_qr="NC20261127000124",
    ), station)


def _query(p: dict[str, Any], station: kinds.SlipStation) -> Receipt:
    return kinds.query_slip(kinds.QueryDetails(
        query="城乡居民养老保险缴费记录",
        person_name=p["name"],
        person_id=p["id_number"],
        rows=[
            ("参保状态", "正常参保"),
            ("缴费档次", "每年 500 元"),
            ("2026 年度", "已缴 500.00 元"),
            ("2025 年度", "已缴 500.00 元"),
            ("累计缴费", "18 年"),
            ("个人账户", "￥12,480.36"),
            ("预留手机", p["phone"]),
        ],
        as_of=AT,
    ), station)


def _payment(p: dict[str, Any], station: kinds.SlipStation) -> Receipt:
    return kinds.payment_receipt(kinds.PaymentDetails(
        transaction_no="YB20261127000042140312",
        payment_id="P20261127000042",
        item="城乡居民医保参保缴费",
        payer_name=p["name"],
        payer_id=p["id_number"],
        insured=[kinds.InsuredLine(p["name"], p["id_number"], 2027, "420.00"),
                 kinds.InsuredLine("王小雨", "150429201506060026", 2027, "420.00")],
        amount="840.00",
        paid_at=AT,
        printed_at=AT,
    ), station)


def _check(p: dict[str, Any], station: kinds.SlipStation) -> Receipt:
    return kinds.check_slip(kinds.CheckDetails(
        receipt_no="NC20261127000125",
        item="城乡居民养老保险待遇资格认证",
        person_name=p["name"],
        person_id=p["id_number"],
        passed=True,
        note="待遇资格认证通过，本年度认证有效期至2027-11-27。",
        checked_at=AT,
    ), station)


def _appointment(p: dict[str, Any], station: kinds.SlipStation) -> Receipt:
    return kinds.appointment_slip(kinds.AppointmentDetails(
        appointment_no="YY20261127000031",
        item="不动产登记（有无房产证明）",
        person_name=p["name"],
        person_phone=p["phone"],
        place="宁城县政务服务中心一楼 8 号窗口",
        date="2026-12-01（星期二）",
        slot="09:00-09:30",
        bring=["居民身份证原件", "户口簿"],
        check_in_qr="YY20261127000031",
        booked_at=AT,
    ), station)


def _complaint(p: dict[str, Any], station: kinds.SlipStation) -> Receipt:
    return kinds.complaint_slip(kinds.Complaint(
        complaint_no="TS20261127000007",
        category="服务态度与效率",
        summary=f"村便民服务站周三下午无人值守，来电 {p['phone']} 无人接听，希望公布值班时间。",
        submitted_at=AT,
        reply_within_days=5,
        progress_qr="TS20261127000007",
        contact_phone="0476-4222345",
    ), station)


def _selftest(p: dict[str, Any], station: kinds.SlipStation) -> Receipt:
    return kinds.selftest_ticket(kinds.SelfTest(
        devices=[("读卡器", "正常"), ("扫码器", "正常"), ("打印机", "正常"), ("高拍仪", "未连接")],
        paper_receipts=137,
        paper_metres=16.4,
        paper_since="2026-11-20 09:12",
        versions=[("kiosk", "0.1.0"), ("escpos", "3.1")],
        at=AT,
    ), station)


_BUILDERS: dict[str, Callable[[dict[str, Any], kinds.SlipStation], Receipt]] = {
    "acceptance": _acceptance,
    "notice": _notice,
    "query": _query,
    "payment": _payment,
    "check": _check,
    "appointment": _appointment,
    "complaint": _complaint,
    "selftest": _selftest,
}
KINDS = tuple(_BUILDERS)
