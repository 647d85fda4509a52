"""Central configuration: the platform (the embedded sandbox) publishes a catalog version with this kiosk's overlay;
the heartbeat hears of it, the kiosk checks the signature, validates like its own files, keeps the copy, and puts
it in use between sessions only. A bad version is refused: the old one stays, and the maintenance page and the
metrics say which version and why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import generate_latest

from kiosk.base.config import load_config, scratch_copy
from kiosk.core.catalog import load_catalog
from kiosk.runtime.central import CURRENT_FILE, LOCAL_VERSION, CentralConfig
from kiosk.runtime.controller import Controller
from kiosk.runtime.headless import HeadlessView
from kiosk.runtime.heartbeat import Heartbeat
from kiosk.runtime.metrics import ErrorCounter, registry_for
from kiosk.runtime.platform import open_backend
from kiosk.runtime.runtime import Runtime
from kiosk.sandbox.api import Published
from kiosk.staff.desk import StaffDesk


class Kiosk:
    """A runtime with the platform and no devices, its controller on a headless view, and its heartbeat."""

    def __init__(self, folder: Path) -> None:
        self.config = scratch_copy(load_config(environ={}), folder)
        self.runtime = Runtime(self.config)
        self.runtime.backend = open_backend(self.config)
        self.runtime.central = CentralConfig.for_config(self.config)
        self.heartbeat = self.runtime.heartbeat = Heartbeat(self.runtime)
        self.view = HeadlessView()
        self.local_catalog = load_catalog(self.config.catalog_path)
        self.controller = Controller(self.config, self.local_catalog, self.runtime, self.view)
        self.controller.attach(self.runtime)

    @property
    def central(self) -> CentralConfig:
        return self.runtime.central

    def publish(self, **fields: Any) -> None:
        self.runtime.backend.sandbox.publish(Published(**fields))

    def beat(self) -> None:
        """One heartbeat on a worker (the client refuses the main thread), then what it posted, as the UI would."""
        assert self.runtime.backend.call(self.heartbeat.beat).result(timeout=30)
        self.view.drain()

    def metrics(self) -> str:
        return generate_latest(registry_for(self.runtime, ErrorCounter())).decode("utf-8")

    def close(self) -> None:
        self.runtime.backend.close()


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(tmp_path)
    yield k
    k.close()


def catalog_document(config: Any, **changes: Any) -> dict[str, Any]:
    document = json.loads(json.dumps(yaml.safe_load(config.catalog_path.read_text(encoding="utf-8")), default=str))
    document.update(changes)
    return document


def renamed_first_item(config: Any, name: str) -> dict[str, Any]:
    document = catalog_document(config)
    document["items"][0]["name"] = name
    return document


def test_a_published_version_is_used_between_sessions_only_and_kept_for_offline_days(kiosk: Kiosk) -> None:
    kiosk_id = kiosk.config.backend.kiosk_id
    kiosk.publish(version="2026.12.1", document=renamed_first_item(kiosk.config, "新版事项"),
                  overlays={kiosk_id: {"station": {"phone": "0476-5550001"}}})
    kiosk.view.show("home")  # a citizen is choosing an item
    kiosk.beat()
    assert kiosk.central.pending is not None and kiosk.central.running == LOCAL_VERSION
    assert kiosk.controller.catalog.items[0].name != "新版事项", "never changed under a citizen"

    kiosk.view.show("attract")  # the citizen left
    kiosk.beat()
    assert kiosk.controller.catalog.items[0].name == "新版事项"
    assert kiosk.central.running == "2026.12.1" and kiosk.central.pending is None
    assert 'kiosk_config_info{version="2026.12.1"} 1.0' in kiosk.metrics()

    kiosk.beat()  # the platform now hears which version runs
    assert kiosk.runtime.backend.sandbox.heartbeats()[kiosk_id]["config_version"] == "2026.12.1"

    # The next start, offline: the last good copy, with the overlay over the local file.
    again = CentralConfig.for_config(kiosk.config)
    config, catalog = again.startup(kiosk.local_catalog)
    assert again.running == "2026.12.1" and catalog.items[0].name == "新版事项"
    assert config.station.phone == "0476-5550001" and config.station.id == kiosk.config.station.id


@pytest.mark.parametrize(("bad", "reason"), [
    ({"tampered": True}, "signature"),
    ({"document": {"version": 3, "items": []}}, "catalog"),
    ({"overlays": "platform address"}, "overlay"),
    ({"overlays": "idle timeout"}, "overlay"),
])
def test_a_bad_version_is_refused_and_the_kiosk_keeps_the_old_one_and_says_why(
        kiosk: Kiosk, bad: dict[str, Any], reason: str) -> None:
    kiosk_id = kiosk.config.backend.kiosk_id
    kiosk.view.show("attract")
    kiosk.publish(version="2026.12.1", document=renamed_first_item(kiosk.config, "好的版本"))
    kiosk.beat()
    assert kiosk.central.running == "2026.12.1"

    overlays = {"platform address": {kiosk_id: {"backend": {"url": "https://elsewhere.example"}}},
                "idle timeout": {kiosk_id: {"session": {"idle_timeout_s": -5}}}}
    if "overlays" in bad:
        bad = {"overlays": overlays[bad["overlays"]]}
    kiosk.publish(version="2026.12.2-bad", **{"document": renamed_first_item(kiosk.config, "坏的版本"), **bad})
    kiosk.beat()
    assert kiosk.central.running == "2026.12.1" and kiosk.central.pending is None
    assert kiosk.controller.catalog.items[0].name == "好的版本"
    refused = kiosk.central.refused
    assert refused is not None and (refused.version, refused.reason) == ("2026.12.2-bad", reason)

    lines = dict(StaffDesk(kiosk.config, kiosk.runtime).central_lines())
    assert lines["目录版本"] == "2026.12.1"
    assert lines["未采用"].startswith("2026.12.2-bad：") and lines["未采用"].endswith("仍使用 2026.12.1")
    text = kiosk.metrics()
    assert f'kiosk_config_refused_info{{reason="{reason}",version="2026.12.2-bad"}} 1.0' in text
    assert 'kiosk_config_info{version="2026.12.1"} 1.0' in text
    # The copy kept for the next start is still the good one.
    kept = json.loads((kiosk.config.data_dir / "central" / CURRENT_FILE).read_text(encoding="utf-8"))
    assert kept["version"] == "2026.12.1"


def test_a_last_good_copy_changed_on_disk_is_not_used(kiosk: Kiosk) -> None:
    kiosk.view.show("attract")
    kiosk.publish(version="2026.12.1", document=renamed_first_item(kiosk.config, "平台的名字"))
    kiosk.beat()
    path = kiosk.config.data_dir / "central" / CURRENT_FILE
    kept = json.loads(path.read_text(encoding="utf-8"))
    kept["document"]["items"][0]["name"] = "改过的名字"
    path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")

    again = CentralConfig.for_config(kiosk.config)
    _config, catalog = again.startup(kiosk.local_catalog)
    assert catalog is kiosk.local_catalog and again.running == LOCAL_VERSION
    assert again.refused is not None and again.refused.reason == "signature"
