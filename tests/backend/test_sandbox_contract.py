"""The platform contract as the sandbox holds the kiosk to it (issue 16): a nonce on every signed request, a key per
kiosk bound to its id, strict JSON and sensible payments, demo controls only from loopback, and the Idempotency-Key's
answer committed with what the call created."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time

import pytest
import requests

from kiosk.backend.client import PlatformClient
from kiosk.backend.errors import PlatformUnavailable
from kiosk.core.checksums import id_number_check_char
from kiosk.sandbox.server import start_sandbox

from platform_support import (  # noqa: F401 (fixtures)
    KEYS,
    KIOSK_ID,
    SECRET,
    STATION,
    WANG,
    ZHANG,
    client,
    jpeg,
    sandbox,
    signed_request,
)

COMPLAINT = {"category": "complaint", "content": "排队太久", "anonymous": True}
OTHER_KIOSK = "150429-YBP-BWZ-02"


def _payment(*lines: tuple[str, int, object]) -> dict[str, object]:
    return {"item_code": "yb-jf", "payer_id_number": WANG[0],
            "lines": [{"id_number": who, "year": year, "amount": amount} for who, year, amount in lines]}


def _key() -> dict[str, str]:
    return {"Idempotency-Key": "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"}


# -- X-Nonce ----------------------------------------------------------------------------------------------------------

def test_a_request_without_a_nonce_is_refused_and_cannot_be_replayed(sandbox) -> None:  # noqa: F811
    """Signed the way the contract allowed before (no nonce in the signed text), sent twice as a replay would."""
    path, body = "/v1/complaints", json.dumps(COMPLAINT).encode()
    stamp = str(int(time.time()))
    text = "\n".join(["POST", path, stamp, hashlib.sha256(body).hexdigest()]).encode()
    headers = {"X-Kiosk-Id": KIOSK_ID, "X-Timestamp": stamp, "Content-Type": "application/json",
               "X-Signature": hmac.new(SECRET, text, hashlib.sha256).hexdigest(), **_key()}
    for _ in range(2):
        answer = requests.post(sandbox.url + path, data=body, headers=headers, timeout=10)
        assert (answer.status_code, answer.json()["error"]["code"]) == (401, "missing_nonce")
    assert sandbox.stats()["records"]["submissions"] == 0


def test_the_kiosks_client_always_sends_a_nonce(client, sandbox) -> None:  # noqa: F811
    assert client.submit_complaint(COMPLAINT)
    assert sandbox.stats()["records"]["submissions"] == 1


# -- bodies the platform cannot act on ------------------------------------------------------------------------------

@pytest.mark.parametrize("amount", [float("nan"), float("inf"), float("-inf"), -420])
def test_a_payment_with_an_impossible_amount_is_refused_with_a_reason(sandbox, amount) -> None:  # noqa: F811
    answer = signed_request(sandbox.url, "POST", "/v1/payments", _payment((WANG[0], 2027, amount)), headers=_key())
    assert answer.status_code in (400, 422)
    error = answer.json()["error"]
    assert error["message"] and error["detail"]
    assert sandbox.stats()["records"]["payments"] == 0


def test_a_body_nested_100k_deep_is_refused_and_the_connection_kept(sandbox) -> None:  # noqa: F811
    deep = b"[" * 100_000 + b"]" * 100_000
    with requests.Session() as session:
        answer = signed_request(sandbox.url, "POST", "/v1/complaints", raw=deep, headers=_key())
        assert (answer.status_code, answer.json()["error"]["code"]) == (400, "too_deep")
        assert answer.json()["error"]["detail"]
        assert session.get(sandbox.url + "/sandbox/stats", timeout=10).status_code == 200
    assert signed_request(sandbox.url, "GET", "/v1/stations").status_code == 200


def test_the_same_person_twice_in_one_payment_is_refused(sandbox) -> None:  # noqa: F811
    twice = _payment((ZHANG[0], 2027, 420), (ZHANG[0], 2027, 420))
    answer = signed_request(sandbox.url, "POST", "/v1/payments", twice, headers=_key())
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "duplicate_person")
    assert sandbox.stats()["records"]["payments"] == 0
    newcomer = "15042919900101001" + id_number_check_char("15042919900101001")  # not paid for any year yet
    two_years = _payment((newcomer, 2026, 400), (newcomer, 2027, 420))  # arrears and this year: allowed
    headers = {"Idempotency-Key": "7f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"}
    assert signed_request(sandbox.url, "POST", "/v1/payments", two_years, headers=headers).status_code == 200


# -- a key per kiosk ----------------------------------------------------------------------------------------------

def test_a_key_vouches_only_for_its_own_kiosk(sandbox) -> None:  # noqa: F811
    other_key = sandbox.issue_key(OTHER_KIOSK)
    assert other_key != SECRET
    claimed = signed_request(sandbox.url, "POST", "/v1/complaints", COMPLAINT, kiosk_id=OTHER_KIOSK, headers=_key())
    assert (claimed.status_code, claimed.json()["error"]["code"]) == (401, "bad_signature")
    heartbeat = signed_request(sandbox.url, "POST", f"/v1/kiosks/{OTHER_KIOSK}/heartbeat",
                               {"version": "1", "uptime_s": 1, "devices": [], "outbox_depth": 0, "paper": "ok"},
                               kiosk_id=OTHER_KIOSK)
    assert heartbeat.status_code == 401
    unknown = signed_request(sandbox.url, "GET", "/v1/stations", kiosk_id="150429-YBP-XXX-09")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (401, "unknown_kiosk")
    assert sandbox.stats()["records"]["submissions"] == 0
    own = PlatformClient(sandbox.url, OTHER_KIOSK, other_key, retries=0)
    assert own.submit_complaint(COMPLAINT)
    own.close()
    row = sandbox.sandbox.store.row("SELECT kiosk_id FROM submissions")
    assert row is not None and row["kiosk_id"] == OTHER_KIOSK


def test_the_sandbox_issues_keys_over_its_loopback_control(sandbox) -> None:  # noqa: F811
    issued = requests.post(sandbox.url + "/sandbox/kiosks", json={"kiosk_id": OTHER_KIOSK}, timeout=10).json()
    assert issued["data"]["kiosk_id"] == OTHER_KIOSK
    key = bytes.fromhex(issued["data"]["secret"])
    assert signed_request(sandbox.url, "GET", "/v1/stations", secret=key, kiosk_id=OTHER_KIOSK).status_code == 200
    again = bytes.fromhex(requests.post(sandbox.url + "/sandbox/kiosks", json={"kiosk_id": OTHER_KIOSK},
                                        timeout=10).json()["data"]["secret"])
    old = signed_request(sandbox.url, "GET", "/v1/stations", secret=key, kiosk_id=OTHER_KIOSK)
    assert again != key and old.status_code == 401  # a reissued key replaces the old one


# -- demo controls ----------------------------------------------------------------------------------------------

def _own_network_address() -> str:
    """This machine's address on its network (no packet is sent: a UDP connect only picks the route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            pytest.skip("no network interface besides loopback")
        address = str(probe.getsockname()[0])
    if address.startswith("127."):
        pytest.skip("no network interface besides loopback")
    return address


def test_demo_controls_answer_only_loopback_whatever_the_listening_address(tmp_path) -> None:
    address = _own_network_address()
    with start_sandbox(tmp_path / "platform", KEYS, host="0.0.0.0") as handle:
        remote = f"http://{address}:{handle.port}"
        for path, body in (("/sandbox/clock", {"advance_s": 86_400}), ("/sandbox/kiosks", {"kiosk_id": "X-1"}),
                           ("/sandbox/faults", {"error_rate": 1.0})):
            answer = requests.post(remote + path, json=body, timeout=10)
            assert (answer.status_code, answer.json()["error"]["code"]) == (403, "not_loopback")
        assert requests.get(remote + "/sandbox/stats", timeout=10).status_code == 403
        assert handle.sandbox.clock_offset == 0 and handle.sandbox.store.kiosk_key("X-1") is None
        assert signed_request(remote, "GET", "/v1/stations").status_code == 200  # the platform calls are served
        local = f"http://127.0.0.1:{handle.port}/sandbox/clock"
        assert requests.post(local, json={"advance_s": 60}, timeout=10).status_code == 200


# -- Idempotency-Key ----------------------------------------------------------------------------------------------

def test_a_crash_between_the_application_and_its_kept_answer_creates_it_once(client, sandbox, monkeypatch) -> None:  # noqa: F811
    """The server fails after writing the application and before keeping the answer for its key; the kiosk's
    retry with the same key must not create a second application."""
    store = sandbox.sandbox.store
    file_id = client.upload_file(jpeg(100, 3), "jpeg")
    keep = store.keep_answer

    def crash_once(*args: object) -> None:
        monkeypatch.setattr(store, "keep_answer", keep)
        raise RuntimeError("the platform died between the two writes")

    monkeypatch.setattr(store, "keep_answer", crash_once)
    application = {"item_code": "yb-bx", "mode": "promised", "station_id": STATION,
                   "applicant": {"id_number": WANG[0], "name": WANG[1]}, "form": {},
                   "materials": [{"material_code": "invoice", "file_ids": [file_id], "at_counter": False}]}
    seeded = sandbox.stats()["records"]["applications"]
    with pytest.raises(PlatformUnavailable) as lost:
        client.submit_application(application)
    assert sandbox.stats()["records"]["applications"] == seeded  # the half-done call left nothing behind
    accepted = client.submit_application(application, idempotency_key=lost.value.idempotency_key)
    assert sandbox.stats()["records"]["applications"] == seeded + 1
    assert client.application(accepted.receipt_no).item_code == "yb-bx"
    again = client.submit_application(application, idempotency_key=lost.value.idempotency_key)
    assert again.receipt_no == accepted.receipt_no and sandbox.stats()["records"]["applications"] == seeded + 1
