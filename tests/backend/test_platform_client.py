"""PlatformClient against the sandbox platform over real HTTP on loopback: every call of the contract, the
signature and timestamp checks, and how timeouts, 5xx and dropped connections are (and are not) retried."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from kiosk.backend.client import PlatformClient
from kiosk.backend.errors import (
    MSG_SAVED_FOR_LATER,
    MSG_SERVICE_UNAVAILABLE,
    MSG_TRY_LATER,
    Conflict,
    Gone,
    NotFound,
    PlatformAuthError,
    PlatformProtocolError,
    PlatformRejected,
    PlatformTimeout,
    PlatformUnavailable,
)
from kiosk.base.errors import ConfigError
from kiosk.core.checksums import id_number_valid, luhn_valid
from kiosk.core.results import PaymentLine
from kiosk.core.workdays import load_calendar
from kiosk.sandbox.server import Faults, start_sandbox

from platform_support import (  # noqa: F401 (fixtures)
    KEYS,
    KIOSK_ID,
    QIQIGE,
    SECRET,
    STATION,
    WANG,
    ZHANG,
    client,
    jpeg,
    make_client,
    next_weekday,
    sandbox,
    sha256,
    signed_request,
    signed_upload,
    stored_file,
)


def _application(file_ids: list[str], person: tuple[str, str] = WANG, item_code: str = "yb-bx") -> dict:
    return {
        "item_code": item_code, "mode": "promised", "station_id": STATION,
        "applicant": {"id_number": person[0], "name": person[1]},
        "form": {"hospital": "宁城县中心医院"},
        "materials": [{"material_code": "invoice", "file_ids": file_ids, "at_counter": False}],
    }


# -- every call ---------------------------------------------------------------------------------------------------

def test_eid_codes_resolve_to_the_demo_people_and_unknown_or_expired_codes_are_refused(client):
    identity = client.resolve_eid("MSB-EID-7Q2K9XW4")
    assert (identity.id_number, identity.name, identity.sex, identity.birth) == (*WANG, "男", dt.date(1962, 3, 15))
    assert identity.expires_at > dt.datetime.now(dt.UTC)
    assert "王建国" not in repr(identity) and WANG[0] not in repr(identity)
    with pytest.raises(NotFound) as unknown:
        client.resolve_eid("MSB-EID-NOTACODE")
    assert "身份码" in unknown.value.message
    with pytest.raises(Gone):
        client.resolve_eid("MSB-EID-EXPIRED0")


def test_typed_identity_is_verified_only_when_number_and_name_match(client):
    assert client.verify_identity(*QIQIGE) is True
    assert client.verify_identity(QIQIGE[0], "王建国") is False


def test_application_with_files_is_accepted_and_its_progress_advances_with_time(client, sandbox):
    photo = jpeg(5000, 1)
    file_id = client.upload_file(photo, "jpeg")
    assert stored_file(sandbox, file_id) == (sha256(photo), photo)
    accepted = client.submit_application({**_application([file_id]), "kiosk_ref": f"{KIOSK_ID}-L2611270001"})
    assert accepted.receipt_no.startswith("NC" + dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).strftime("%Y%m%d"))
    assert accepted.status == "accepted" and accepted.promised_date > accepted.accepted_at.date()
    assert load_calendar().is_working_day(accepted.promised_date)  # never a holiday (config/holidays.yaml)
    progress = client.application(accepted.receipt_no)
    assert (progress.status, progress.status_text, progress.item_name) == ("accepted", "已受理", "医疗费用手工报销申请")
    assert client.application(f"{KIOSK_ID}-L2611270001").receipt_no == accepted.receipt_no
    sandbox.advance(150)
    assert client.application(accepted.receipt_no).status == "reviewing"
    sandbox.advance(600)
    done = client.application(accepted.receipt_no)
    assert [t.status for t in done.timeline] == ["accepted", "reviewing", "approved"]
    assert client.applications(WANG[0])[0].receipt_no == accepted.receipt_no  # newest first
    with pytest.raises(NotFound):
        client.application("NC20000101000001")


def test_demo_history_includes_a_returned_application_with_what_to_add(client):
    history = {a.item_code: a for a in client.applications(WANG[0])}
    returned = history["db-sq"]
    assert returned.status == "returned" and returned.status_text == "退回补正"
    assert "收入证明" in returned.timeline[-1].note
    assert history["yb-bx"].status == "approved"


def test_upload_with_a_wrong_checksum_or_type_is_refused(client, sandbox):
    with pytest.raises(PlatformRejected) as wrong_type:
        client.upload_file(b"not a jpeg", "jpeg")
    assert wrong_type.value.code == "file_type"
    photo = jpeg(3000, 3)
    damaged = signed_upload(sandbox.url, photo[:-10], sha256(photo))
    assert (damaged.status_code, damaged.json()["error"]["code"]) == (422, "file_corrupted")
    assert sandbox.stats()["records"]["files"] == 0


def test_queries_answer_from_the_demo_world(client):
    fund = client.query("gjj-cx", ZHANG[0])
    assert fund.summary["账户余额(元)"] == "48,216.35" and len(fund.rows) == 12
    record = client.query("sb-jl", ZHANG[0], years=[2024, 2025])
    assert [r["年度"] for r in record.rows] == [2025, 2024]
    medical = client.query("yb-cx", QIQIGE[0])
    assert medical.summary["个人账户余额(元)"] == "3,286.40"
    none = client.query("bdc-cx", "150429197104200023", purpose="申请公租房")
    assert none.rows == () and "未发现" in none.summary["查询结果"] and none.summary["查询用途"] == "申请公租房"
    assert len(client.query("bdc-cx", ZHANG[0]).rows) == 2
    with pytest.raises(NotFound):
        client.query("gjj-cx", WANG[0])  # a farmer without a provident fund account


def test_certificate_queries_come_with_a_numbered_certificate_the_platform_can_verify(client):
    medical = client.query("yb-cx", QIQIGE[0])
    issued = medical.certificate
    assert issued is not None and issued.title == "参保凭证" and issued.issuer == "宁城县医疗保障局"
    assert issued.number.startswith("ZM") and issued.verify_url.endswith(issued.number)
    assert ("险种", "职工基本医疗保险（退休）") in issued.rows and "特此证明" in issued.statement
    none = client.query("bdc-cx", "150429197104200023", purpose="申请公租房").certificate
    assert none.title == "有无房产证明" and "无登记在其名下的不动产" in none.statement
    assert ("查询用途", "申请公租房") in none.rows and none.number != issued.number
    assert client.query("sb-jl", ZHANG[0], years=[2025]).certificate.title == "社会保险个人权益记录"
    assert client.query("gjj-cx", ZHANG[0]).certificate is None  # a query answer, nothing certified
    check = client.verify_certificate(issued.number)
    assert (check.number, check.item_code, check.title) == (issued.number, "yb-cx", "参保凭证")
    assert QIQIGE[0] not in check.holder and QIQIGE[0][-4:] in check.holder
    with pytest.raises(NotFound):
        client.verify_certificate("ZM20260101999999")


def test_payment_turns_paid_when_the_demo_pays_and_counts_as_enrolment(client, sandbox):
    lines = [PaymentLine(WANG[0], 2027, Decimal("420")), PaymentLine("150429201506060026", 2027, Decimal("420"))]
    order = client.create_payment(WANG[0], lines)
    assert order.amount == Decimal("840.00") and order.payment_id in order.qr_text
    assert client.payment_status(order.payment_id).status == "pending"
    sandbox.pay(order.payment_id)
    paid = client.payment_status(order.payment_id)
    assert (paid.status, paid.status_text) == ("paid", "已支付") and paid.paid_at is not None
    assert client.query("yb-cx", WANG[0]).summary["参保年度"] == "2027"
    with pytest.raises(Conflict):
        client.create_payment(WANG[0], [PaymentLine(WANG[0], 2027, Decimal("420"))])
    with pytest.raises(PlatformRejected) as wrong:
        client.create_payment(WANG[0], [PaymentLine(QIQIGE[0], 2027, Decimal("100"))])
    assert "420" in wrong.value.message


def test_a_paid_payment_carries_what_its_receipt_prints_and_is_found_by_each_person(tmp_path):
    child = "150429201506060026"
    with start_sandbox(tmp_path / "p", KEYS, pay_after_s=0) as handle:
        c = make_client(handle.url)
        lines = [PaymentLine(WANG[0], 2027, Decimal("420"), WANG[1]), PaymentLine(child, 2027, Decimal("420"), "王小雨")]
        order = c.create_payment(WANG[0], lines)
        pending = c.payment_status(order.payment_id)
        assert (pending.status, pending.transaction_no, pending.paid_at) == ("pending", "", None)
        handle.pay(order.payment_id)
        paid = c.payment_status(order.payment_id)
        assert paid.status == "paid" and paid.transaction_no and paid.paid_at is not None
        assert paid.amount == Decimal("840.00") and paid.years == (2027,)
        assert [(x.id_number, x.name, x.amount) for x in paid.lines] == [
            (WANG[0], WANG[1], Decimal("420.00")), (child, "王小雨", Decimal("420.00"))]
        # The payer and each insured person find it later (办件进度 by card); someone else does not.
        assert [p.payment_id for p in c.payments(WANG[0])] == [order.payment_id]
        assert c.payments(child)[0].transaction_no == paid.transaction_no
        assert c.payments(QIQIGE[0]) == []


def test_the_platform_gives_the_phone_and_the_bank_card_it_holds_for_a_card_holder(client):
    contact = client.contact(WANG[0])
    assert contact.phone == "13947651234"
    assert contact.bank_card is not None and contact.bank_card.last_four == "0018"
    assert luhn_valid(contact.bank_card.number) and "6228" not in repr(contact)  # masked when logged
    child = client.contact("150429201506060026")
    assert child.phone == "" and child.bank_card is None  # a child: nothing on record


def test_the_platform_gives_the_household_of_a_card_holder_with_valid_numbers(client):
    members = client.household(WANG[0])
    assert [(m.name, m.relation) for m in members] == [("刘桂芝", "配偶"), ("王海涛", "子女"), ("王小雨", "孙子女")]
    assert all(id_number_valid(m.id_number) for m in members)
    assert WANG[0] not in {m.id_number for m in members}  # the others: the card holder is the applicant
    assert "150429" not in repr(members)
    assert client.household("810000199006120022") == ()  # 陈嘉欣: no household on record here


def test_payment_becomes_paid_after_a_while_and_expires_unpaid(tmp_path):
    with start_sandbox(tmp_path / "p", KEYS, pay_after_s=30) as handle:
        c = make_client(handle.url)
        order = c.create_payment(WANG[0], [PaymentLine(WANG[0], 2027, Decimal("420"))])
        assert c.payment_status(order.payment_id).status == "pending"
        handle.advance(31)
        assert c.payment_status(order.payment_id).status == "paid"
    with start_sandbox(tmp_path / "q", KEYS, pay_after_s=0) as handle:
        c = make_client(handle.url)
        order = c.create_payment(QIQIGE[0], [PaymentLine(ZHANG[0], 2027, Decimal("420"))])
        handle.advance(901)
        assert c.payment_status(order.payment_id).status == "expired"


def test_slots_fill_up_and_home_service_is_offered(client):
    day = next_weekday()
    slots = client.slots("yb-bx", STATION, day)
    assert slots and all(s.left == 2 and s.start.date() == day for s in slots)
    first = slots[0].slot_id
    booked = client.book_appointment(first, "yb-bx", WANG[0], "13947651234")
    assert booked.appointment_no.startswith("YY") and "北洼子村" in booked.place
    client.book_appointment(first, "yb-bx", QIQIGE[0], "15004768899")
    assert client.slots("yb-bx", STATION, day)[0].left == 0
    with pytest.raises(Conflict):
        client.book_appointment(first, "yb-bx", ZHANG[0], "18647601188")
    home = client.book_appointment(first, "db-sq", ZHANG[0], "18647601188", kind="home")
    assert "上门服务" in home.place
    saturday = day + dt.timedelta(days=5 - day.weekday())
    assert client.slots("yb-bx", STATION, saturday) == []


def test_evaluations_complaints_and_help(client, sandbox):
    assert client.submit_evaluation({"item_code": "yb-cx", "level": 5, "reasons": [], "comment": ""}).startswith("PJ")
    with pytest.raises(PlatformRejected) as no_reason:
        client.submit_evaluation({"item_code": "yb-cx", "level": 1, "reasons": [], "comment": "太慢"})
    assert "原因" in no_reason.value.message
    number = client.submit_complaint({"category": "suggestion", "content": "希望周末也能办理", "anonymous": True})
    assert number.startswith("TS")
    ticket = client.call_helper(STATION, "老人不会操作")
    assert (ticket.helper_name, ticket.helper_phone) == ("刘海燕", "13947651088")
    assert sandbox.stats()["records"]["submissions"] == 3


def test_notices_stations_heartbeat_and_catalog(client, sandbox):
    notices = client.notices(STATION)
    assert {n.category for n in notices} == {"party", "village", "finance"}
    assert [n.published_at for n in notices] == sorted((n.published_at for n in notices), reverse=True)
    finance = client.notices(STATION, "finance")
    assert finance and all(n.category == "finance" for n in finance) and "收入合计" in finance[0].body
    stations = client.stations()
    levels = [s.level for s in stations]
    assert levels.count("township") == 16 and "bank" in levels
    demo = next(s for s in stations if s.station_id == STATION)
    assert (demo.name, demo.town) == ("北洼子村便民服务站", "右北平镇") and demo.map_url.startswith("geo:41.")
    assert client.heartbeat("0.1.0", 3600.0, [{"kind": "printer", "status": "ok", "message": "正常"}], 2, "low")
    assert sandbox.stats()["records"]["heartbeats"] == 1
    catalog = client.catalog()
    assert catalog.newer and catalog.document is not None
    assert client.catalog(catalog.version).newer is False


def test_the_catalog_file_is_served_when_it_exists(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("version: '2026.12'\nitems:\n  - {code: yb-cx, name: 医保查询}\n", encoding="utf-8")
    with start_sandbox(tmp_path / "p", KEYS, catalog_file=catalog) as handle:
        update = make_client(handle.url).catalog()
    assert update.version.startswith("2026.12-") and update.document["items"][0]["code"] == "yb-cx"


def test_a_catalog_file_edited_without_raising_its_version_is_a_new_version(tmp_path):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("version: '2026.12'\nitems:\n  - {code: yb-cx, name: 医保查询}\n", encoding="utf-8")
    with start_sandbox(tmp_path / "p", KEYS, catalog_file=catalog) as handle:
        client = make_client(handle.url)
        first = client.catalog()
        catalog.write_text("version: '2026.12'\nitems:\n  - {code: yb-cx, name: 医保信息查询}\n", encoding="utf-8")
        second = client.catalog(first.version)
    assert second.version != first.version and second.document["items"][0]["name"] == "医保信息查询"


# -- signatures, timestamps, replays ----------------------------------------------------------------------------

def test_a_kiosk_with_the_wrong_secret_is_refused_and_the_citizen_sees_service_unavailable(sandbox):
    stranger = PlatformClient(sandbox.url, KIOSK_ID, b"x" * 32, retries=0)
    with pytest.raises(PlatformAuthError) as refused:
        stranger.stations()
    assert refused.value.message == MSG_SERVICE_UNAVAILABLE and refused.value.code == "bad_signature"


def test_old_timestamps_tampered_bodies_and_replays_are_refused(sandbox):
    path = "/v1/identity/verify"
    body = {"id_number": WANG[0], "name": WANG[1]}
    assert signed_request(sandbox.url, "POST", path, body).status_code == 200
    old = signed_request(sandbox.url, "POST", path, body, timestamp=int(dt.datetime.now().timestamp()) - 301)
    assert (old.status_code, old.json()["error"]["code"]) == (401, "stale_timestamp")
    future = signed_request(sandbox.url, "POST", path, body, timestamp=int(dt.datetime.now().timestamp()) + 400)
    assert future.status_code == 401
    first = signed_request(sandbox.url, "POST", path, body, nonce="n" * 32)
    replay = signed_request(sandbox.url, "POST", path, body, nonce="n" * 32)
    assert (first.status_code, replay.status_code, replay.json()["error"]["code"]) == (200, 401, "replayed")
    unsigned = signed_request(sandbox.url, "POST", path, body, headers={"X-Signature": "0" * 64})
    assert (unsigned.status_code, unsigned.json()["error"]["code"]) == (401, "bad_signature")


def test_requests_off_contract_are_refused_with_a_plain_message(client, sandbox):
    with pytest.raises(PlatformRejected) as refused:
        client.submit_application({"item_code": "yb-bx", "mode": "promised"})
    assert refused.value.status == 422 and refused.value.message == "提交的信息不完整或格式有误"
    missing_key = signed_request(sandbox.url, "POST", "/v1/complaints",
                                 {"category": "complaint", "content": "排队太久", "anonymous": True})
    assert missing_key.status_code == 422


# -- retries: only idempotent calls -----------------------------------------------------------------------------

def test_5xx_is_retried_for_idempotent_calls_only(sandbox):
    sandbox.set_faults(Faults(error_rate=1.0))
    c = make_client(sandbox.url, retries=2)
    with pytest.raises(PlatformUnavailable) as failed:
        c.stations()
    assert failed.value.message == MSG_TRY_LATER
    assert sandbox.stats()["requests"]["faults.status"] == 3
    with pytest.raises(PlatformUnavailable) as not_retried:
        c.submit_complaint({"category": "complaint", "content": "排队太久", "anonymous": True})
    assert sandbox.stats()["requests"]["faults.status"] == 4
    assert not_retried.value.message == MSG_SAVED_FOR_LATER and not_retried.value.idempotency_key


def test_timeouts_are_retried_for_idempotent_calls_only(sandbox):
    sandbox.set_faults(Faults(hang_rate=1.0, hang_s=2.0))
    c = make_client(sandbox.url, retries=1, read_timeout_s=0.3)
    with pytest.raises(PlatformTimeout):
        c.query("yb-cx", WANG[0])
    assert sandbox.stats()["requests"]["faults.hang"] == 2
    with pytest.raises(PlatformTimeout):
        c.submit_evaluation({"item_code": "yb-cx", "level": 4, "reasons": [], "comment": ""})
    assert sandbox.stats()["requests"]["faults.hang"] == 3


def test_a_retry_after_a_lost_answer_returns_the_first_answer_not_a_second_application(client, sandbox):
    file_id = client.upload_file(jpeg(100, 2), "jpeg")
    sandbox.set_faults(Faults(drop_after_rate=1.0))
    with pytest.raises(PlatformUnavailable) as lost:
        client.submit_application(_application([file_id]))
    assert sandbox.stats()["records"]["applications"] == 7  # 6 seeded + the one whose answer was lost
    sandbox.set_faults(Faults())
    accepted = client.submit_application(_application([file_id]), idempotency_key=lost.value.idempotency_key)
    assert sandbox.stats()["records"]["applications"] == 7 and sandbox.stats()["requests"]["replays"] == 1
    assert client.application(accepted.receipt_no).item_code == "yb-bx"
    with pytest.raises(PlatformRejected) as conflict:
        changed = _application([file_id], item_code="db-sq")
        client.submit_application(changed, idempotency_key=lost.value.idempotency_key)
    assert conflict.value.code == "idempotency_conflict"


def test_fault_header_per_request(sandbox):
    fault = {"X-Sandbox-Fault": "latency=0.01, status=503"}
    slow_503 = signed_request(sandbox.url, "GET", "/v1/stations", headers=fault)
    assert slow_503.status_code == 503 and slow_503.json()["ok"] is False
    assert signed_request(sandbox.url, "GET", "/v1/stations").status_code == 200


# -- TLS, malformed answers, the UI thread ----------------------------------------------------------------------

def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_file, key_file


def test_tls_is_verified_against_the_configured_ca_bundle(tmp_path):
    cert, key = _self_signed(tmp_path)
    with start_sandbox(tmp_path / "p", KEYS, tls=(cert, key)) as handle:
        assert handle.url.startswith("https://")
        assert make_client(handle.url, ca_bundle=cert).verify_identity(*WANG)
        with pytest.raises(PlatformUnavailable) as untrusted:
            make_client(handle.url, retries=0).verify_identity(*WANG)
        assert "TLS" in untrusted.value.detail


class _CannedAnswer(BaseHTTPRequestHandler):
    """A server that answers every request with one canned JSON document (a broken platform)."""

    answer: dict = {}

    def do_GET(self) -> None:  # noqa: N802
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        self._answer()

    def _answer(self) -> None:
        payload = json.dumps(self.answer).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


def _canned(answer: dict) -> ThreadingHTTPServer:
    handler = type("Canned", (_CannedAnswer,), {"answer": answer})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def test_an_answer_off_contract_becomes_a_protocol_error():
    server = _canned({"ok": True, "data": [{"station_id": "X"}]})
    try:
        with pytest.raises(PlatformProtocolError) as off:
            make_client(f"http://127.0.0.1:{server.server_address[1]}").stations()
        assert off.value.message == MSG_SERVICE_UNAVAILABLE and "off contract" in off.value.detail
    finally:
        server.shutdown()
        server.server_close()


def test_an_answer_in_contract_form_with_an_impossible_date_becomes_a_protocol_error():
    identity = {"id_number": WANG[0], "name": WANG[1], "sex": "男", "birth": "1962-13-45",
                "expires_at": "2026-11-27T10:00:00+08:00"}
    server = _canned({"ok": True, "data": identity})
    try:
        with pytest.raises(PlatformProtocolError) as unusable:
            make_client(f"http://127.0.0.1:{server.server_address[1]}").resolve_eid("MSB-EID-7Q2K9XW4")
        assert "resolve_eid: answer unusable" in unusable.value.detail
    finally:
        server.shutdown()
        server.server_close()


def test_a_body_that_is_not_json_is_a_typed_error_not_a_crash(client):
    with pytest.raises(PlatformProtocolError) as bad:
        client.submit_complaint({"category": "complaint", "content": object(), "anonymous": True})
    assert "request body is not JSON" in bad.value.detail


def test_calls_are_refused_on_the_ui_thread_and_run_on_a_worker(sandbox):
    guarded = make_client(sandbox.url, forbid_main_thread=True)
    with pytest.raises(RuntimeError):
        guarded.stations()
    with ThreadPoolExecutor(1) as pool:
        assert len(pool.submit(guarded.stations).result()) > 16


# -- demo controls and fault settings -----------------------------------------------------------------------------

def test_demo_controls_over_http_pay_move_time_and_set_faults(client, sandbox):
    order = client.create_payment(ZHANG[0], [PaymentLine(ZHANG[0], 2027, Decimal("420"))])
    assert requests.post(f"{sandbox.url}/sandbox/payments/{order.payment_id}/pay", timeout=5).status_code == 200
    assert client.payment_status(order.payment_id).status == "paid"
    assert requests.post(f"{sandbox.url}/sandbox/clock", json={"advance_s": 60}, timeout=5).json()["data"] == {
        "offset_s": 60.0}
    assert requests.post(f"{sandbox.url}/sandbox/faults", json={"error_rate": 1.0}, timeout=5).status_code == 200
    with pytest.raises(PlatformUnavailable):
        client.stations()
    assert requests.post(f"{sandbox.url}/sandbox/faults", json={"nonsense": 1}, timeout=5).status_code == 400
    stats = requests.get(f"{sandbox.url}/sandbox/stats", timeout=5).json()["data"]
    assert stats["requests"]["faults.status"] == 3 and stats["records"]["payments"] == 1
    assert requests.post(f"{sandbox.url}/sandbox/payments/P20000101000001/pay", timeout=5).status_code == 404


def test_fault_specs_from_the_config_or_command_line():
    assert Faults.parse("error_rate=0.1, latency_s=0.3,hang_s=2") == Faults(latency_s=0.3, error_rate=0.1, hang_s=2)
    assert Faults.parse("") == Faults()
    with pytest.raises(ConfigError):
        Faults.parse("error_rate=lots")
    with pytest.raises(ConfigError):
        Faults.parse("meltdown=1")


def test_a_returned_application_takes_supplementary_pages_and_goes_back_to_review(client, sandbox):
    from kiosk.backend.errors import PlatformError

    returned = next(a for a in client.applications(WANG[0]) if a.status == "returned")
    file_id = client.upload_file(jpeg(3000, 7), "jpeg")
    taken = client.submit_supplement(returned.receipt_no, {"station_id": STATION, "files": [file_id],
                                                           "kiosk_ref": f"{KIOSK_ID}-L2612040001"})
    assert taken.receipt_no == returned.receipt_no and taken.status == "reviewing"
    assert taken.supplement_no.startswith("BZ")
    now = client.application(returned.receipt_no)
    assert now.status == "reviewing" and "已收到补交的材料（1页）" in now.timeline[-1].note
    with pytest.raises(PlatformError) as again:  # no longer returned: nothing to add
        client.submit_supplement(returned.receipt_no, {"station_id": STATION, "files": [file_id]})
    assert again.value.message == "这件申请现在不需要补交材料"
