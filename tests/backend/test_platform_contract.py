"""The contract file itself, its checker, the station directory, and the backend built from the shipped config."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kiosk.backend.contract import contract
from kiosk.base.config import DEFAULT_CONFIG, load_config
from kiosk.base.errors import ConfigError
from kiosk.core.stations import load_stations
from kiosk.runtime.platform import open_backend
from kiosk.sandbox.api import SandboxApi


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_reference_resolves_and_every_operation_is_served_by_the_sandbox():
    c = contract()
    for ref in _refs(c.document):
        assert c._resolve(ref), ref
    ids = [c.operation(m, re.sub(r"\{[^}]+\}", "x1", t)).operation_id for m, t in c.operations()]
    assert len(ids) == len(set(ids)) == 24  # 24 with getHousehold, the household on record
    for operation_id in ids:
        assert callable(getattr(SandboxApi, "op_" + operation_id, None)), operation_id


def test_creating_calls_are_exactly_those_with_an_idempotency_key():
    c = contract()
    creating = {c.operation(m, re.sub(r"\{[^}]+\}", "x1", t)).operation_id for m, t in c.operations()
                if c.operation(m, re.sub(r"\{[^}]+\}", "x1", t)).creating}
    assert creating == {"uploadFile", "submitApplication", "submitSupplement", "createPayment", "bookAppointment",
                        "submitEvaluation", "submitComplaint", "callHelper"}


def test_the_checker_reports_where_and_what_but_never_the_value():
    c = contract()
    op = c.operation("POST", "/v1/applications")
    body = {"item_code": "yb-bx", "mode": "by-post", "station_id": "150429-YBP-BWZ",
            "applicant": {"id_number": "150429196203150099X", "name": "王建国"}, "form": {},
            "materials": [{"material_code": "x", "file_ids": ["Fnot-an-id"], "at_counter": "no"}], "extra": 1}
    problems = c.check_request(op, "/v1/applications", body, {})
    text = "; ".join(problems)
    for where in ("header parameter 'Idempotency-Key' is missing", "body.mode", "body.applicant.id_number",
                  "body.materials[0].file_ids[0]", "body.materials[0].at_counter", "body.extra"):
        assert where in text
    assert "150429196203150099X" not in text and "王建国" not in text
    assert c.check_request(op, "/v1/applications", None, {}) != []
    assert c.operation("DELETE", "/v1/applications") is None and c.operation("GET", "/v2/x") is None


def test_station_directory_has_the_townships_and_the_demo_station(tmp_path):
    stations = load_stations()
    townships = [s for s in stations.values() if s.level == "township"]
    assert len(townships) == 16
    demo = stations["150429-YBP-BWZ"]
    assert (demo.name, demo.town, demo.level) == ("北洼子村便民服务站", "右北平镇", "village")
    broken = tmp_path / "stations.yaml"
    broken.write_text("stations:\n  - {station_id: 150429-X, name: 站, level: city}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_stations(broken)
    assert "level" in error.value.message


def test_the_embedded_default_starts_the_sandbox_and_calls_run_on_the_worker_pool(tmp_path: Path):
    folder = tmp_path / "config"
    folder.mkdir()
    shutil.copy(DEFAULT_CONFIG, folder / "kiosk.toml")
    config = load_config(folder / "kiosk.toml", environ={})
    backend = open_backend(config)
    try:
        assert backend.sandbox is not None and backend.client.base_url == backend.sandbox.url
        assert (tmp_path / "var" / "secret.key").stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "var" / "outbox.key").stat().st_mode & 0o777 == 0o600
        stations = backend.call(backend.client.stations).result(timeout=30)
        assert any(s.station_id == config.station.id for s in stations)
        with pytest.raises(RuntimeError):
            backend.client.stations()  # the caller here is the main (UI) thread
        queued = backend.outbox.enqueue(
            "complaint", {"category": "suggestion", "content": "希望增加长辈模式", "anonymous": True}
        )
        assert backend.call(backend.outbox.wait, queued.local_id, 30).result(timeout=60).state == "delivered"
    finally:
        backend.close()


def test_a_station_offers_what_the_catalog_gives_its_level_and_may_not_list_more(tmp_path):
    stations = load_stations()
    village, bank = stations["150429-YBP-BWZ"], stations["150429-BANK-NSH-TY"]
    assert "qy-sl" not in village.items and "bdc-cx" not in village.items and "gt-dj" in village.items
    assert "qy-sl" not in bank.items and "bdc-cx" in bank.items
    assert not [s.station_id for s in stations.values() if s.level != "township" and "qy-sl" in s.items]
    assert village.public()["items"] == village.items
    narrowed = tmp_path / "narrowed.yaml"
    entry = ("{station_id: 150429-BANK-X, name: 某银行便民服务点, level: bank, town: 天义镇, address: 宁城县天义镇某街1号,"
             " hours: ['08:30-17:00'], phone: 0476-4220609, lat: 41.6, lon: 119.3, helper: {name: 许静, phone: '13947659009'},"
             " items: [%s]}")
    narrowed.write_text("stations:\n  - " + entry % "yb-jf, gjj-cx" + "\n", encoding="utf-8")
    assert load_stations(narrowed)["150429-BANK-X"].items == ["yb-jf", "gjj-cx"]
    widened = tmp_path / "widened.yaml"
    widened.write_text("stations:\n  - " + entry % "yb-jf, qy-sl" + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_stations(widened)
    assert "150429-BANK-X" in error.value.message and "qy-sl only at township, county" in error.value.message
