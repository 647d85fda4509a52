"""What the sandbox platform does for each call of the contract, on already checked input.

Each handler takes a `Call` and returns the answer's `data`, or raises `Refusal` (status, code, Chinese message).
Time comes from `clock` (the demo can move it forward); application timelines and payments follow it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.backend.signing import bundle_signature
from kiosk.base.privacy import mask_id_number, mask_name
from kiosk.core.checksums import id_number_valid
from kiosk.core.stations import StationEntry
from kiosk.core.workdays import WorkCalendar
from kiosk.sandbox.data import (
    CONTRIBUTION_YUAN,
    CST,
    DEMO_STATION,
    EXPIRED_EID_CODE,
    ITEMS,
    MEDICAL_INSURANCE,
    NEW_APPLICATION_STEPS,
    NOTICES,
    PAST_APPLICATIONS,
    PROPERTIES,
    PROVIDENT_FUND,
    SOCIAL_INSURANCE,
    Person,
)
from kiosk.sandbox.images import IMAGES, image_bytes
from kiosk.sandbox.store import SandboxStore

EID_VALID_S = 300
PAYMENT_VALID_S = 900
SLOT_MINUTES = 30
SLOT_CAPACITY = 2
# Where a certificate's QR leads: the platform's public check of its number (GET /v1/certificates/{number}).
VERIFY_URL = "https://zwfw.sandbox.invalid/verify/"
PENSION_STATES = ("领取待遇", "退休")  # a social insurance record of someone drawing a pension


@dataclass(frozen=True)
class Published:
    """A catalog version the county published (the demo control POST /sandbox/catalog): the document (None: the
    catalog file's), each kiosk's configuration overlay, and `tampered`: signed with a key that is not the
    kiosk's, as a proxy or a broken disk would hand it over (for the tests of refusal)."""

    version: str
    document: dict[str, Any] | None = None
    overlays: dict[str, dict[str, Any]] = field(default_factory=dict)
    tampered: bool = False


class Refusal(Exception):
    """A refused call: status, code, a Chinese message for the citizen, and optionally the technical reason
    (`detail`, never a value the kiosk sent)."""

    def __init__(self, status: int, code: str, message: str, detail: str = "") -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.detail = status, code, message, detail


@dataclass
class Call:
    kiosk_id: str
    path_params: dict[str, str]
    query: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)
    upload: bytes = b""


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, CST).isoformat(timespec="seconds")


class SandboxApi:
    def __init__(
        self,
        store: SandboxStore,
        people: dict[str, Person],
        stations: dict[str, StationEntry],
        *,
        clock: Callable[[], float],
        pay_after_s: float,
        catalog_file: Path,
        calendar: WorkCalendar,
    ) -> None:
        self.store = store
        self.people = people
        self.stations = stations
        self.clock = clock
        self.pay_after_s = pay_after_s
        self.catalog_file = catalog_file
        self.published: Published | None = None
        self._catalog_cache: tuple[tuple[int, int], str, dict[str, Any]] | None = None
        self.calendar = calendar  # promised dates are counted in its working days: never on a holiday
        self._by_key = {p.key: p for p in people.values()}
        self._seed()

    def handler(self, operation_id: str) -> Callable[[Call], Any]:
        return getattr(self, "op_" + operation_id)

    # -- identity ---------------------------------------------------------------------------------------------------
    def op_resolveEid(self, call: Call) -> dict[str, Any]:
        code = call.body["code"].strip()
        if code == EXPIRED_EID_CODE:
            raise Refusal(410, "eid_expired", "电子身份码已过期，请在手机上刷新后重新出示")
        person = next((p for p in self.people.values() if p.eid_code == code), None)
        if person is None:
            raise Refusal(404, "eid_unknown", "未能识别该电子身份码，请确认是“蒙速办”的身份码")
        return {
            "id_number": person.id_number, "name": person.name, "sex": person.sex,
            "birth": person.birth.isoformat(), "expires_at": iso(self.clock() + EID_VALID_S),
        }

    def op_verifyIdentity(self, call: Call) -> dict[str, Any]:
        person = self.people.get(call.body["id_number"])
        return {"verified": person is not None and person.name == call.body["name"].strip()}

    def op_getContact(self, call: Call) -> dict[str, Any]:
        person = self.people.get(call.query["id_number"])
        card = person.bank_card if person else None
        return {"phone": person.phone if person else None,
                "bank_card": {"number": card[0], "bank": card[1]} if card else None}

    def op_getHousehold(self, call: Call) -> dict[str, Any]:
        person = self.people.get(call.query["id_number"])
        household = person.household if person else ()
        return {"members": [{"id_number": self._by_key[key].id_number, "name": self._by_key[key].name,
                             "relation": relation} for key, relation in household]}

    # -- files and submissions ----------------------------------------------------------------------------------
    def op_uploadFile(self, call: Call) -> dict[str, Any]:
        content, kind = call.upload, call.body["kind"]
        if hashlib.sha256(content).hexdigest() != call.body["sha256"]:
            raise Refusal(422, "file_corrupted", "材料文件传输不完整，请重新提交")
        if not content.startswith(b"\xff\xd8\xff" if kind == "jpeg" else b"%PDF-"):
            raise Refusal(422, "file_type", "材料文件格式不正确，只接受照片（JPEG）或PDF文件")
        file_id = "F" + secrets.token_hex(10)
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO files (file_id, kiosk_id, kind, sha256, size, content, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (file_id, call.kiosk_id, kind, call.body["sha256"], len(content), content, self.clock()),
            )
        return {"file_id": file_id}

    def op_submitApplication(self, call: Call) -> dict[str, Any]:
        body = call.body
        item = self._item(body["item_code"])
        if body["station_id"] not in self.stations:
            raise Refusal(422, "unknown_station", "服务站点编号有误，请联系工作人员")
        if not id_number_valid(body["applicant"]["id_number"]):
            raise Refusal(422, "invalid_id_number", "申请人身份证号码有误")
        wanted = {f for m in body["materials"] for f in m["file_ids"]}
        if wanted:
            marks = ",".join("?" * len(wanted))
            found = self.store.rows(f"SELECT file_id FROM files WHERE file_id IN ({marks})", *wanted)
            if len(found) != len(wanted):
                raise Refusal(422, "unknown_file", "部分材料文件未收到，请重新提交")
        now = self.clock()
        receipt_no = self.store.next_number("NC", _day(now))
        promised = self.calendar.add_working_days(dt.datetime.fromtimestamp(now, CST).date(), item[2])
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO applications (receipt_no, item_code, id_number, station_id, kiosk_id, kiosk_ref, body,"
                " accepted_at, promised_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    receipt_no, body["item_code"], body["applicant"]["id_number"], body["station_id"], call.kiosk_id,
                    body.get("kiosk_ref"), json.dumps(body, ensure_ascii=False), now, promised.isoformat(),
                ),
            )
            steps = ([(0, *self._pension_check(body["applicant"]["id_number"], now))] if body["item_code"] == "sb-rz"
                     else NEW_APPLICATION_STEPS)
            db.executemany(
                "INSERT INTO timeline (receipt_no, at, status, note) VALUES (?, ?, ?, ?)",
                [(receipt_no, now + after, status, note) for after, status, note in steps],
            )
        return {"receipt_no": receipt_no, "status": steps[0][1], "accepted_at": iso(now),
                "promised_date": promised.isoformat()}

    def _pension_check(self, id_number: str, now: float) -> tuple[str, str]:
        """养老资格认证 is decided at once: a pensioner on record passes for a year; anyone else is told why not."""
        person = self.people.get(id_number)
        record = SOCIAL_INSURANCE.get(person.key, {}) if person else {}
        if record.get("summary", {}).get("参保状态") in PENSION_STATES:
            until = dt.datetime.fromtimestamp(now, CST).date().replace(day=1) + dt.timedelta(days=365)
            return "approved", f"待遇资格认证通过，本年度认证有效期至{until:%Y年%m月}。"
        return "rejected", "未查询到您领取养老保险待遇的记录，不需要做资格认证。如有疑问，请到乡镇社保窗口咨询。"

    def op_submitEvaluation(self, call: Call) -> dict[str, Any]:
        self._item(call.body["item_code"])
        if call.body["level"] <= 2 and not call.body["reasons"]:
            raise Refusal(422, "reasons_required", "请选择不满意的原因，帮助我们改进")
        return {"evaluation_id": self._keep_submission("PJ", "evaluation", call)}

    def op_submitComplaint(self, call: Call) -> dict[str, Any]:
        return {"complaint_no": self._keep_submission("TS", "complaint", call)}

    def _keep_submission(self, prefix: str, kind: str, call: Call) -> str:
        now = self.clock()
        number = self.store.next_number(prefix, _day(now))
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO submissions (number, kind, kiosk_id, kiosk_ref, body, at) VALUES (?, ?, ?, ?, ?, ?)",
                (number, kind, call.kiosk_id, call.body.get("kiosk_ref"), json.dumps(call.body, ensure_ascii=False),
                 now),
            )
        return number

    def op_submitSupplement(self, call: Call) -> dict[str, Any]:
        """补交: accepted only for an application now returned for correction, with files this platform has; the
        application goes back to review, its timeline saying so."""
        number = call.path_params["receipt_no"]
        row = self.store.row("SELECT * FROM applications WHERE receipt_no = ? OR kiosk_ref = ?", number, number)
        if row is None:
            raise Refusal(404, "not_found", "未查询到该办件，请核对受理编号")
        if self._progress(row)["status"] != "returned":
            raise Refusal(409, "not_returned", "这件申请现在不需要补交材料")
        if call.body["station_id"] not in self.stations:
            raise Refusal(422, "unknown_station", "服务站点编号有误，请联系工作人员")
        wanted = set(call.body["files"])
        marks = ",".join("?" * len(wanted))
        if len(self.store.rows(f"SELECT file_id FROM files WHERE file_id IN ({marks})", *wanted)) != len(wanted):
            raise Refusal(422, "unknown_file", "部分材料文件未收到，请重新提交")
        now = self.clock()
        supplement_no = self._keep_submission("BZ", "supplement", call)
        with self.store.transaction() as db:
            db.execute("INSERT INTO timeline (receipt_no, at, status, note) VALUES (?, ?, ?, ?)",
                       (row["receipt_no"], now, "reviewing",
                        f"已收到补交的材料（{len(call.body['files'])}页），重新审核"))
        return {"supplement_no": supplement_no, "receipt_no": row["receipt_no"], "status": "reviewing",
                "received_at": iso(now)}

    # -- progress -----------------------------------------------------------------------------------------------------
    def op_getApplication(self, call: Call) -> dict[str, Any]:
        number = call.path_params["receipt_no"]
        row = self.store.row("SELECT * FROM applications WHERE receipt_no = ? OR kiosk_ref = ?", number, number)
        if row is None:
            raise Refusal(404, "not_found", "未查询到该办件，请核对受理编号")
        return self._progress(row)

    def op_listApplications(self, call: Call) -> list[dict[str, Any]]:
        rows = self.store.rows(
            "SELECT * FROM applications WHERE id_number = ? ORDER BY accepted_at DESC", call.query["id_number"]
        )
        return [self._progress(r) for r in rows]

    def _progress(self, row: Any) -> dict[str, Any]:
        steps = self.store.rows(
            "SELECT at, status, note FROM timeline WHERE receipt_no = ? AND at <= ? ORDER BY at",
            row["receipt_no"], self.clock(),
        )
        timeline = [{"at": iso(s["at"]), "status": s["status"], "note": s["note"]} for s in steps]
        return {
            "receipt_no": row["receipt_no"], "item_code": row["item_code"], "item_name": ITEMS[row["item_code"]][0],
            "status": timeline[-1]["status"], "promised_date": row["promised_date"], "kiosk_ref": row["kiosk_ref"],
            "timeline": timeline,
        }

    # -- instant queries ------------------------------------------------------------------------------------------
    def op_runQuery(self, call: Call) -> dict[str, Any]:
        item_code, id_number = call.path_params["item_code"], call.body["id_number"]
        person = self.people.get(id_number)
        key = person.key if person else ""
        if item_code == "gjj-cx":
            if key not in PROVIDENT_FUND:
                raise Refusal(404, "no_account", "未查询到您的住房公积金账户。如有疑问，请咨询县公积金中心 0476-4222345")
            return PROVIDENT_FUND[key]
        if item_code == "sb-jl":
            if key not in SOCIAL_INSURANCE:
                raise Refusal(404, "no_record", "未查询到您的社会保险参保记录")
            record = SOCIAL_INSURANCE[key]
            years = set(call.body.get("years") or [])
            rows = [r for r in record["rows"] if not years or r["年度"] in years]
            result = {"summary": record["summary"], "rows": rows}
        elif item_code == "yb-cx":
            result = self._medical(key)
        else:
            result = self._properties(key, call.body.get("purpose", ""))
        return {**result, "certificate": self._certificate(call, item_code, result)}

    def _certificate(self, call: Call, item_code: str, result: dict[str, Any]) -> dict[str, Any]:
        """The certificate the department issues with the answer, numbered and kept so its number can be checked."""
        now = self.clock()
        number = self.store.next_number("ZM", _day(now))
        summary, rows = result["summary"], result["rows"]
        today = dt.datetime.fromtimestamp(now, CST)
        if item_code == "yb-cx":
            title, issuer = "参保凭证", "宁城县医疗保障局"
            statement = (f"经查询，参保人参加{summary['险种']}，参保地为{summary['参保地']}，"
                         f"{summary['参保年度']}年度参保状态为“{summary['参保状态']}”。特此证明。")
            lines = [("险种", summary["险种"]), ("参保状态", summary["参保状态"]), ("参保地", summary["参保地"]),
                     *((f"{r['年度']}年度", f"{r['参保状态']}，个人缴费 {r['个人缴费(元)']}") for r in rows)]
        elif item_code == "sb-jl":
            title, issuer = "社会保险个人权益记录", "宁城县社会保险事业服务中心"
            span = f"{rows[-1]['年度']}—{rows[0]['年度']}年度" if rows else "所选年度无缴费记录"
            statement = f"以上为参保人在宁城县社会保险经办机构登记的个人权益记录（{span}），与系统记录一致。"
            lines = [*((k, str(v)) for k, v in summary.items()),
                     *((f"{r['年度']}年度", f"缴费{r['缴费月数']}个月，个人缴费 {r['个人缴费(元)']} 元") for r in rows)]
        else:
            title, issuer = "有无房产证明", "宁城县不动产登记中心"
            if rows:
                statement = (f"经查询宁城县不动产登记信息系统，截至{today:%Y年%m月%d日}，上述人员在本县范围内有"
                             f"{len(rows)}条不动产登记记录，详见上表。")
            else:
                statement = (f"经查询宁城县不动产登记信息系统，截至{today:%Y年%m月%d日}，上述人员在本县范围内无登记在其"
                             "名下的不动产。")
            lines = [("查询范围", "宁城县"), ("查询用途", summary["查询用途"]),
                     *((f"不动产{i}", f"{r['坐落']}（{r['用途']}，{r['不动产权证号']}）") for i, r in enumerate(rows, 1))]
        certificate = {"number": number, "verify_url": f"{VERIFY_URL}{number}", "title": title,
                       "statement": statement, "issuer": issuer, "issued_at": iso(now),
                       "rows": [[k, v] for k, v in lines]}
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO submissions (number, kind, kiosk_id, kiosk_ref, body, at) VALUES (?, ?, ?, ?, ?, ?)",
                (number, "certificate", call.kiosk_id, None,
                 json.dumps({"item_code": item_code, "id_number": call.body["id_number"], "title": title},
                            ensure_ascii=False), now),
            )
        return certificate

    def op_verifyCertificate(self, call: Call) -> dict[str, Any]:
        number = call.path_params["number"]
        row = self.store.row("SELECT body, at FROM submissions WHERE number = ? AND kind = 'certificate'", number)
        if row is None:
            raise Refusal(404, "not_found", "未查到该证明，请核对核验码")
        body = json.loads(row["body"])
        person = self.people.get(body["id_number"])
        holder = f"{mask_name(person.name) if person else ''} {mask_id_number(body['id_number'])}".strip()
        return {"number": number, "item_code": body["item_code"], "title": body["title"], "holder": holder,
                "issued_at": iso(row["at"])}

    def _medical(self, key: str) -> dict[str, Any]:
        if key not in MEDICAL_INSURANCE:
            raise Refusal(404, "no_record", "未查询到您的医疗保险参保信息")
        record = MEDICAL_INSURANCE[key]
        paid = dict(record["paid"])
        person = self._by_key[key]
        for row in self.store.rows("SELECT lines FROM payments WHERE paid_at IS NOT NULL"):
            for line in json.loads(row["lines"]):
                if line["id_number"] == person.id_number:
                    paid[line["year"]] = f"{line['amount']:.2f}"
        year = max(paid)
        summary = {"险种": record["险种"], "参保状态": record["参保状态"], "参保年度": str(year),
                   "个人账户余额(元)": record["个人账户余额(元)"], "参保地": "内蒙古自治区赤峰市宁城县"}
        rows = [{"年度": y, "参保状态": "已参保", "个人缴费(元)": paid[y]} for y in sorted(paid, reverse=True)]
        return {"summary": summary, "rows": rows}

    def _properties(self, key: str, purpose: str) -> dict[str, Any]:
        now = self.clock()
        records = PROPERTIES.get(key, [])
        summary = {
            "查询结果": f"查询到{len(records)}条不动产登记记录" if records
            else "经查询，在宁城县范围内未发现您名下的不动产登记记录",
            "查询用途": purpose or "个人申请", "查询时间": iso(now),
        }
        return {"summary": summary, "rows": records}

    # -- payments -------------------------------------------------------------------------------------------------
    def op_createPayment(self, call: Call) -> dict[str, Any]:
        total = 0.0
        covered = [(line["id_number"], line["year"]) for line in call.body["lines"]]
        if len(set(covered)) != len(covered):
            raise Refusal(422, "duplicate_person", "同一参保人同一年度在本次缴费中出现了两次，请核对后重新提交",
                          "lines: the same id_number and year twice")
        for line in call.body["lines"]:
            standard = CONTRIBUTION_YUAN.get(line["year"])
            if standard is None:
                raise Refusal(422, "year_closed", f"{line['year']}年度暂未开放缴费")
            if abs(line["amount"] - standard) > 0.001:
                raise Refusal(422, "wrong_amount", f"{line['year']}年度个人缴费标准为{standard}元")
            if not id_number_valid(line["id_number"]):
                raise Refusal(422, "invalid_id_number", "参保人身份证号码有误")
            if self._already_paid(line["id_number"], line["year"]):
                raise Refusal(409, "already_paid", f"该参保人{line['year']}年度已缴费，无需重复缴纳")
            total += line["amount"]
        now = self.clock()
        payment_id = self.store.next_number("P", _day(now))
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO payments (payment_id, payer, lines, amount, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (payment_id, call.body["payer_id_number"], json.dumps(call.body["lines"]), total, now,
                 now + PAYMENT_VALID_S),
            )
        return {
            "payment_id": payment_id, "amount": round(total, 2),
            "qr_text": f"https://pay.sandbox.invalid/yb-jf?payment_id={payment_id}&amount={total:.2f}",
            "expires_at": iso(now + PAYMENT_VALID_S),
        }

    def _payment(self, row: Any) -> dict[str, Any]:
        """A payment as the contract's Payment: paid by the demo's rule (after `pay_after_s`) when asked about."""
        now = self.clock()
        paid_at = row["paid_at"]
        if paid_at is None and self.pay_after_s > 0 and now >= row["created_at"] + self.pay_after_s:
            paid_at = self.pay(row["payment_id"])
        if paid_at is not None:
            status = "paid"
        else:
            status = "expired" if now > row["expires_at"] else "pending"
        lines = []
        for line in json.loads(row["lines"]):
            person = self.people.get(line["id_number"])
            name = line.get("name") or (person.name if person else None)
            lines.append({"id_number": line["id_number"], "name": name, "year": line["year"],
                          "amount": line["amount"]})
        return {
            "payment_id": row["payment_id"], "status": status, "payer_id_number": row["payer"], "amount": round(row["amount"], 2), "lines": lines,
            "created_at": iso(row["created_at"]), "expires_at": iso(row["expires_at"]),
            "paid_at": iso(paid_at) if paid_at is not None else None,
            # The payment channel's own number: made up from the order and the moment it was paid.
            "transaction_no": f"YB{row['payment_id'][1:]}{int(paid_at) % 1_000_000:06d}" if paid_at else None,
        }

    def _already_paid(self, id_number: str, year: int) -> bool:
        person = self.people.get(id_number)
        if person and year in MEDICAL_INSURANCE.get(person.key, {}).get("paid", {}):
            return True
        for row in self.store.rows("SELECT lines FROM payments WHERE paid_at IS NOT NULL"):
            if any(x["id_number"] == id_number and x["year"] == year for x in json.loads(row["lines"])):
                return True
        return False

    def op_getPayment(self, call: Call) -> dict[str, Any]:
        row = self.store.row("SELECT * FROM payments WHERE payment_id = ?", call.path_params["payment_id"])
        if row is None:
            raise Refusal(404, "not_found", "未找到该笔缴费")
        return self._payment(row)

    def op_listPayments(self, call: Call) -> list[dict[str, Any]]:
        id_number = call.query["id_number"]
        rows = self.store.rows("SELECT * FROM payments ORDER BY created_at DESC")
        return [self._payment(r) for r in rows
                if r["payer"] == id_number or any(x["id_number"] == id_number for x in json.loads(r["lines"]))]

    def pay(self, payment_id: str) -> float:
        """The demo's "the citizen paid on the phone": returns when it counts as paid."""
        now = self.clock()
        with self.store.transaction() as db:
            row = db.execute("SELECT paid_at, expires_at FROM payments WHERE payment_id = ?", (payment_id,)).fetchone()
            if row is None:
                raise Refusal(404, "not_found", "未找到该笔缴费")
            if row["paid_at"] is not None:
                return float(row["paid_at"])
            db.execute("UPDATE payments SET paid_at = ? WHERE payment_id = ?", (now, payment_id))
        return now

    # -- appointments ---------------------------------------------------------------------------------------------
    def op_listSlots(self, call: Call) -> list[dict[str, Any]]:
        station = self._station(call.query["station_id"])
        self._item(call.query["item_code"])
        try:
            day = dt.date.fromisoformat(call.query["date"])
        except ValueError:
            raise Refusal(422, "invalid_date", "日期有误") from None
        taken = {
            r["slot_id"]: r["n"] for r in self.store.rows(
                "SELECT slot_id, COUNT(*) AS n FROM bookings WHERE slot_id LIKE ? GROUP BY slot_id",
                f"{station.station_id}@{day.isoformat()}%",
            )
        }
        return [
            {"slot_id": slot_id, "start": iso(start), "end": iso(start + SLOT_MINUTES * 60),
             "counter": self._counter(station), "left": max(0, SLOT_CAPACITY - taken.get(slot_id, 0))}
            for slot_id, start in self._slots(station, day)
        ]

    def _slots(self, station: StationEntry, day: dt.date) -> list[tuple[str, float]]:
        if day.weekday() >= 5 and station.level != "bank":
            return []
        now = self.clock()
        slots = []
        for span in station.hours:
            first = dt.datetime.combine(day, dt.time.fromisoformat(span[:5]), CST)
            last = dt.datetime.combine(day, dt.time.fromisoformat(span[6:]), CST)
            while first + dt.timedelta(minutes=SLOT_MINUTES) <= last:
                if first.timestamp() > now:
                    slots.append((f"{station.station_id}@{first.strftime('%Y-%m-%dT%H:%M')}", first.timestamp()))
                first += dt.timedelta(minutes=SLOT_MINUTES)
        return slots

    @staticmethod
    def _counter(station: StationEntry) -> str:
        return {"township": "综合受理窗口", "village": "便民服务站受理台", "bank": "便民服务专区"}[station.level]

    def op_bookAppointment(self, call: Call) -> dict[str, Any]:
        body = call.body
        station_id, _, when = body["slot_id"].partition("@")
        station = self._station(station_id)
        self._item(body["item_code"])
        try:
            day = dt.date.fromisoformat(when[:10])
        except ValueError:
            raise Refusal(422, "unknown_slot", "预约时段有误，请重新选择") from None
        start = dict(self._slots(station, day)).get(body["slot_id"])
        if start is None:
            raise Refusal(422, "unknown_slot", "预约时段有误或已过，请重新选择")
        if body["kind"] == "counter":
            taken = self.store.row("SELECT COUNT(*) AS n FROM bookings WHERE slot_id = ?", body["slot_id"])["n"]
            if taken >= SLOT_CAPACITY:
                raise Refusal(409, "slot_full", "该时段已约满，请选择其他时段")
        place = {
            "counter": f"{station.name} {self._counter(station)}",
            "home": f"上门服务：{station.name}代办员将在约定时间前电话联系您",
            "extended": f"延时服务：{station.name}（请按预约时间前来，工作人员等候）",
        }[body["kind"]]
        number = self.store.next_number("YY", _day(self.clock()))
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO bookings (appointment_no, slot_id, item_code, id_number, phone, kind, start, place)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (number, body["slot_id"], body["item_code"], body["id_number"], body["phone"], body["kind"],
                 iso(start), place),
            )
        return {"appointment_no": number, "start": iso(start), "place": place}

    # -- public information ---------------------------------------------------------------------------------------
    def op_listNotices(self, call: Call) -> list[dict[str, Any]]:
        self._station(call.query["station_id"])
        category = call.query.get("category")
        notices = [n for n in NOTICES.get(call.query["station_id"], ()) if category in (None, n["category"])]
        return sorted(notices, key=lambda n: n["published_at"], reverse=True)

    def op_getNoticeImage(self, call: Call) -> dict[str, Any]:
        image_id = call.path_params["image_id"]
        if image_id not in IMAGES:
            raise Refusal(404, "unknown_image", "未找到该图片")
        content = image_bytes(image_id)
        return {"image_id": image_id, "media_type": IMAGES[image_id][0],
                "sha256": hashlib.sha256(content).hexdigest(), "content": base64.b64encode(content).decode("ascii")}

    def op_listStations(self, call: Call) -> list[dict[str, Any]]:
        return [s.public() for s in self.stations.values()]

    def op_getCatalog(self, call: Call) -> dict[str, Any]:
        published = self.published
        version, document = self._catalog()
        overlay = None
        if published is not None:
            version, document = published.version, published.document or document
            overlay = published.overlays.get(call.kiosk_id)
        if call.query.get("version") == version:
            document = None
        key = self.store.kiosk_key(call.kiosk_id) or b""
        if published is not None and published.tampered:
            key = hashlib.sha256(b"not the platform's key" + key).digest()
        return {"version": version, "document": document, "overlay": overlay,
                "signature": bundle_signature(key, version, document, overlay)}

    def config_version(self) -> str:
        """The catalog version a kiosk should run (what getCatalog would answer), for the heartbeat."""
        published = self.published
        return published.version if published is not None else self._catalog()[0]

    def publish(self, published: Published) -> None:
        self.published = published

    def _catalog(self) -> tuple[str, dict[str, Any]]:
        """config/catalog.yaml when it exists (its `version` and a digest of it), else a minimal catalog; parsed
        once per change of the file (369 terminals ask for it within a minute of a new version)."""
        if self.catalog_file.is_file():
            stat = self.catalog_file.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            cached = self._catalog_cache
            if cached is not None and cached[0] == stamp:
                return cached[1], cached[2]
            text = self.catalog_file.read_bytes()
            try:
                document = yaml.safe_load(text) or {}
            except yaml.YAMLError:
                raise Refusal(503, "catalog_broken", "事项目录暂时不可用") from None
            document = json.loads(json.dumps(document, ensure_ascii=False, default=str))
            # Its `version` and a digest: an edit that forgot to raise `version` is still a new version for the
            # kiosks, which would otherwise keep the copy they took before.
            version = f"{document.get('version') or 'file'}-{hashlib.sha256(text).hexdigest()[:12]}"
            self._catalog_cache = (stamp, version, document)
            return version, document
        items = [{"code": c, "name": n, "dept": d, "promised_days": p} for c, (n, d, p) in ITEMS.items()]
        return "sandbox-minimal-1", {"version": "sandbox-minimal-1", "items": items}

    # -- the station ----------------------------------------------------------------------------------------------
    def op_callHelper(self, call: Call) -> dict[str, Any]:
        station = self.stations.get(call.body["station_id"])
        if station is None:
            raise Refusal(404, "unknown_station", "未找到该服务站点")
        ticket = self._keep_submission("BB", "assist", call)
        return {"ticket": ticket, "helper": {"name": station.helper.name, "phone": station.helper.phone}}

    def op_heartbeat(self, call: Call) -> dict[str, Any]:
        if call.path_params["kiosk_id"] != call.kiosk_id:
            raise Refusal(403, "wrong_kiosk", "终端编号与签名不一致")
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO heartbeats (kiosk_id, body, at, count) VALUES (?, ?, ?, 1) ON CONFLICT (kiosk_id)"
                " DO UPDATE SET body = excluded.body, at = excluded.at, count = count + 1",
                (call.kiosk_id, json.dumps(call.body, ensure_ascii=False), self.clock()),
            )
        return {"config_version": self.config_version()}

    # -- helpers ------------------------------------------------------------------------------------------------------
    def _item(self, code: str) -> tuple[str, str, int]:
        if code not in ITEMS:
            raise Refusal(404, "unknown_item", "未找到该办理事项")
        return ITEMS[code]

    def _station(self, station_id: str) -> StationEntry:
        if station_id not in self.stations:
            raise Refusal(404, "unknown_station", "未找到该服务站点")
        return self.stations[station_id]

    def _seed(self) -> None:
        """Past applications of the demo people, once, relative to the first start."""
        if self.store.meta("seeded_at") is not None:
            return
        seeded_at = self.clock()
        station = DEMO_STATION if DEMO_STATION in self.stations else next(iter(self.stations))
        for key, item_code, steps in PAST_APPLICATIONS:
            person = self._by_key.get(key)
            if person is None:
                continue
            accepted = seeded_at + steps[0][0]
            receipt_no = self.store.next_number("NC", _day(accepted))
            promised = self.calendar.add_working_days(dt.datetime.fromtimestamp(accepted, CST).date(),
                                                      ITEMS[item_code][2])
            with self.store.transaction() as db:
                db.execute(
                    "INSERT INTO applications (receipt_no, item_code, id_number, station_id, kiosk_id, kiosk_ref,"
                    " body, accepted_at, promised_date) VALUES (?, ?, ?, ?, 'seed', NULL, '{}', ?, ?)",
                    (receipt_no, item_code, person.id_number, station, accepted, promised.isoformat()),
                )
                db.executemany(
                    "INSERT INTO timeline (receipt_no, at, status, note) VALUES (?, ?, ?, ?)",
                    [(receipt_no, seeded_at + after, status, note) for after, status, note in steps],
                )
        self.store.set_meta("seeded_at", repr(seeded_at))


def _day(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, CST).strftime("%Y%m%d")
