"""The sandbox never crashes on malformed input: every answer to a damaged request is a refusal that still
follows the contract (the fixture checks that no answer went off contract)."""

from __future__ import annotations

import socket

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from platform_support import STATION, WANG, next_weekday, sandbox, signed_request  # noqa: F401 (fixtures)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
VALID = {
    "/v1/identity/eid": {"code": "MSB-EID-7Q2K9XW4"},
    "/v1/identity/verify": {"id_number": WANG[0], "name": WANG[1]},
    "/v1/applications": {"item_code": "yb-bx", "mode": "promised", "station_id": STATION,
                         "applicant": {"id_number": WANG[0], "name": WANG[1]}, "form": {}, "materials": []},
    "/v1/queries/sb-jl": {"id_number": WANG[0], "years": [2020]},
    "/v1/payments": {"item_code": "yb-jf", "payer_id_number": WANG[0],
                     "lines": [{"id_number": WANG[0], "year": 2027, "amount": 420}]},
    "/v1/appointments": {"slot_id": f"{STATION}@{next_weekday()}T08:30", "item_code": "yb-bx", "id_number": WANG[0],
                         "phone": "13947651234", "kind": "counter"},
    "/v1/evaluations": {"item_code": "yb-bx", "level": 3, "reasons": [], "comment": ""},
    "/v1/complaints": {"category": "complaint", "content": "排队太久", "anonymous": True},
    "/v1/assist": {"station_id": STATION, "reason": "帮助"},
    "/v1/kiosks/150429-YBP-BWZ-01/heartbeat": {"version": "1", "uptime_s": 1, "devices": [], "outbox_depth": 0,
                                               "paper": "ok"},
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(sorted(VALID)), data=st.data())
def test_damaged_bodies_are_refused_in_contract_form(sandbox, path, data):
    body = dict(VALID[path])
    if data.draw(st.booleans()):
        body[data.draw(st.sampled_from(sorted(body)))] = data.draw(JSON)
    else:
        body = data.draw(JSON)
    headers = {"Idempotency-Key": str(data.draw(st.uuids()))}
    answer = signed_request(sandbox.url, "POST", path, body, headers=headers)
    assert answer.status_code in (200, 400, 404, 409, 410, 422)
    assert answer.json()["ok"] is (answer.status_code == 200)


def test_a_broken_http_request_gets_an_answer_not_a_crash(sandbox):
    host, port = sandbox.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(b"POST /v1/complaints HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n")
        reply = b""
        while chunk := raw.recv(4096):  # the server closes after refusing
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400") and "格式有误".encode() in reply
    assert signed_request(sandbox.url, "GET", "/v1/stations").status_code == 200
