"""deploy/monitoring/: the county's Prometheus configuration and alert rules pass promtool (and the alerts' unit
tests), the terminal's vmagent scrape file is a valid scrape configuration, and every query of the Grafana
dashboard is valid PromQL naming only metrics a running kiosk exports. The kiosk's new metrics are checked on a
running runtime (simulated devices, the embedded sandbox)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from prometheus_client import generate_latest

from kiosk.base.config import load_config, scratch_copy
from kiosk.runtime.metrics import ErrorCounter, registry_for
from kiosk.runtime.runtime import Runtime
from kiosk.sandbox.api import Published

MONITORING = Path(__file__).resolve().parents[2] / "deploy" / "monitoring"
METRIC = re.compile(r"\b(kiosk_[a-z0-9_]+)\b")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", re.MULTILINE)


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("promtool") is None:
        pytest.skip("promtool is not installed (Debian package prometheus; scripts/setup.sh installs it)")
    return subprocess.run(["promtool", *args], capture_output=True, text=True, timeout=120, cwd=MONITORING)


@pytest.fixture(scope="module")
def exposition(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """What a running kiosk serves, with a session begun, a heartbeat taken, a display known and a catalog
    version refused, so that every metric it can export is there."""
    config = scratch_copy(load_config(environ={}), tmp_path_factory.mktemp("kiosk"))
    runtime = Runtime(config)
    runtime.start()
    try:
        runtime.display_driver = "x11"
        runtime.statistics.started("gjj-cx")
        runtime.backend.sandbox.publish(Published(version="2026.12.9", tampered=True))
        assert runtime.backend.call(runtime.heartbeat.beat).result(timeout=30)
        yield generate_latest(registry_for(runtime, ErrorCounter())).decode("utf-8")
    finally:
        runtime.stop()


def test_the_kiosk_says_who_it_is_what_it_runs_and_whether_it_is_seen(exposition: str) -> None:
    build = next(line for line in exposition.splitlines() if line.startswith("kiosk_build_info{"))
    assert 'station="150429-YBP-BWZ"' in build and 'town="' in build and 'version="' in build
    assert 'kiosk_display_real{driver="x11"} 1.0' in exposition
    assert 'kiosk_config_info{version="local"} 1.0' in exposition
    assert 'kiosk_config_refused_info{reason="signature",version="2026.12.9"} 1.0' in exposition
    for name in ("kiosk_heartbeat_last_success_timestamp_seconds", "kiosk_last_session_timestamp_seconds",
                 "kiosk_clock_skew_seconds"):
        assert re.search(rf"^{name} \S+$", exposition, re.MULTILINE), name
    skew = float(re.search(r"^kiosk_clock_skew_seconds (\S+)$", exposition, re.MULTILINE).group(1))
    assert abs(skew) < 5, "the sandbox shares this machine's clock"


def test_the_county_configuration_and_the_alert_rules_pass_promtool() -> None:
    for args in (("check", "rules", "alerts.yml"), ("check", "config", "prometheus.yml"),
                 ("check", "config", "vmagent.yml"), ("test", "rules", "alerts_test.yml")):
        done = promtool(*args)
        assert done.returncode == 0, f"promtool {' '.join(args)}:\n{done.stdout}{done.stderr}"


def test_the_alerts_cover_what_the_county_asked_for() -> None:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text(encoding="utf-8"))
    names = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    assert {"KioskSilent", "KioskPaperLow", "KioskOutboxGrowing", "KioskDeviceDown", "KioskClockSkew"} <= names


def dashboard_queries() -> list[tuple[str, str]]:
    dashboard = json.loads((MONITORING / "kiosk-dashboard.json").read_text(encoding="utf-8"))
    return [(f"{panel['title']} {target['refId']}", target["expr"])
            for panel in dashboard["panels"] for target in panel["targets"]]


def test_every_dashboard_query_names_only_metrics_the_kiosk_exports(exposition: str) -> None:
    exported = set(SAMPLE.findall(exposition))
    queries = dashboard_queries()
    titles = {where.rsplit(" ", 1)[0] for where, _expr in queries}
    assert {"Fleet by town", "Terminals down", "Paper", "Outbox by town", "Sessions per item per day"} <= titles
    for where, expr in queries:
        named = set(METRIC.findall(expr))
        assert named, f"{where}: names no kiosk metric"
        assert named <= exported, f"{where}: {sorted(named - exported)} not exported by the kiosk"


def test_every_dashboard_query_is_valid_promql(tmp_path: Path) -> None:
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query_{i}", "expr": expr} for i, (_where, expr) in enumerate(dashboard_queries())]}]}
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    done = promtool("check", "rules", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
