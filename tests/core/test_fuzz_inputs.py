"""Property-based tests for the parsers of outside input that had none: ESC/POS status replies, QR payloads,
the configuration (its file, nesting, environment overrides) and catalog files (lines repeated, nesting), picture
files, and the platform's answers (malformed JSON, wrong types, huge fields).
Only the project's own error types may come out. (SAM frames: tests/test_idcard_protocol.py; scanner streams:
tests/test_scanner.py; requests to the sandbox: tests/test_sandbox_input.py.)"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from image_support import png_claiming

from kiosk.backend.client import PlatformClient
from kiosk.backend.errors import PlatformError
from kiosk.base.config import DEFAULT_CONFIG, load_config
from kiosk.base.errors import ConfigError, KioskError
from kiosk.core.catalog import DEFAULT_CATALOG, load_catalog
from kiosk.core.payloads import PayloadKind, classify_payload
from kiosk.core.results import PaymentLine
from kiosk.devices.printer.status import Condition, interpret, status_shaped
from kiosk.vision import find_page, quality
from kiosk.vision.imagefile import ImageRefused, decode_image

from platform_support import KEYS, KIOSK_ID, SECRET, STATION, WANG, ScriptedPlatform, scripted_platform

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
REPLY = st.none() | st.binary(max_size=3)


# -- ESC/POS status replies ---------------------------------------------------------------------------------------
@given(printer=REPLY, offline=REPLY, paper=REPLY, error=REPLY)
def test_any_status_replies_give_a_condition_and_unshaped_ones_give_unknown(printer, offline, paper, error) -> None:
    condition = interpret(printer, offline, paper, error)
    assert condition.condition in Condition
    if not all(status_shaped(r) for r in (printer, offline, paper)):
        assert condition.condition is Condition.UNKNOWN


# -- QR payloads --------------------------------------------------------------------------------------------------
@given(text=st.text(max_size=80))
def test_any_code_text_is_classified_and_only_the_strict_formats_are_acted_on(text: str) -> None:
    kind = classify_payload(text)
    if kind is not PayloadKind.OTHER:
        assert text.isascii() and text.isalnum() or text.startswith("MSB-EID-")
        assert ":" not in text and "/" not in text


@given(tail=st.text(max_size=30))
@pytest.mark.parametrize("scheme", ["http://", "https://", "weixin://", "alipays://", "javascript:", "file:///",
                                    "tel:", "MSB-EID-7Q2K9XW4 http://", "NC20261127000001?u=http://"])
def test_urls_and_app_links_are_never_acted_on(scheme: str, tail: str) -> None:
    assert classify_payload(scheme + tail) is PayloadKind.OTHER


# -- configuration and catalog files ------------------------------------------------------------------------------
SHIPPED_CONFIG = DEFAULT_CONFIG.read_text(encoding="utf-8").splitlines()
TOML_VALUES = st.one_of(
    st.integers(-10**12, 10**12).map(str), st.floats(allow_nan=True).map(repr), st.text(max_size=20).map(json.dumps),
    st.sampled_from(["true", "[]", "[1, 'a']", "{x = 1}", "", "\"\"\"", "'", "1979-05-27", "inf", "nan"]),
    st.text(max_size=20),
)


def _load_config_text(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kiosk.toml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        load_config(path, environ={})


@settings(max_examples=150, deadline=None)
@given(line=st.integers(0, len(SHIPPED_CONFIG) - 1), value=TOML_VALUES)
def test_a_config_with_any_value_changed_loads_or_raises_config_error(line: int, value: str) -> None:
    lines = list(SHIPPED_CONFIG)
    key, sep, _ = lines[line].partition("=")
    lines[line] = f"{key}= {value}" if sep else value
    try:
        _load_config_text("\n".join(lines))
    except ConfigError:
        pass


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300) | st.text(max_size=300))
def test_a_config_file_of_garbage_raises_config_error(data: bytes | str) -> None:
    with pytest.raises(ConfigError):
        _load_config_text(data)


ENV_NAME = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789", min_size=1, max_size=12)
ENV_KEYS = st.sampled_from(["display", "width", "devices", "printer", "uri", "backend", "url", "paths", "data_dir",
                            "station", "id", "vision", "max_image_pixels"]) | ENV_NAME


@settings(max_examples=200, deadline=None)
@given(overrides=st.dictionaries(st.lists(ENV_KEYS, min_size=2, max_size=4).map(
    lambda keys: "KIOSK_" + "__".join(k.upper() for k in keys)), TOML_VALUES | st.text(max_size=30), max_size=3))
def test_any_environment_override_loads_or_raises_config_error_naming_a_variable(overrides: dict[str, str]) -> None:
    try:
        load_config(environ=overrides)
    except ConfigError as exc:
        assert any(f"environment variable {name}" in exc.message for name in overrides), exc.message


@settings(max_examples=40, deadline=None)
@given(depth=st.integers(1, 4000), opener=st.sampled_from(["[", "{a = ", "[{a = "]))
def test_a_config_nested_to_any_depth_loads_or_raises_config_error(depth: int, opener: str) -> None:
    closer = "".join({"[": "]", "{a = ": "}", "[{a = ": "}]"}[opener] for _ in range(depth))
    try:
        _load_config_text(SHIPPED_CONFIG[0] + "\n" + "x = " + opener * depth + "1" + closer + "\n")
    except ConfigError:
        pass


SHIPPED_CATALOG = yaml.safe_load(DEFAULT_CATALOG.read_text(encoding="utf-8"))
SHIPPED_CATALOG_LINES = DEFAULT_CATALOG.read_text(encoding="utf-8").splitlines()


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


CATALOG_PATHS = [p for p in _paths(SHIPPED_CATALOG) if p]


def _replaced(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replaced(node[path[0]], path[1:], value)
    return copy


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(CATALOG_PATHS), value=JSON)
def test_a_catalog_with_any_node_replaced_loads_or_raises_config_error(path: tuple[Any, ...], value: Any) -> None:
    raw = _replaced(SHIPPED_CATALOG, path, value)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "catalog.yaml"
        source.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        try:
            load_catalog(source)
        except ConfigError:
            pass


@settings(max_examples=60, deadline=None)
@given(line=st.integers(0, len(SHIPPED_CATALOG_LINES) - 1), cut=st.integers(0, len(SHIPPED_CATALOG_LINES)),
       depth=st.integers(0, 3000))
def test_a_catalog_with_a_line_repeated_cut_or_nested_loads_or_raises_config_error(line: int, cut: int,
                                                                                   depth: int) -> None:
    lines = SHIPPED_CATALOG_LINES[:cut] + [SHIPPED_CATALOG_LINES[line]] + SHIPPED_CATALOG_LINES[cut:]
    if depth:
        lines.append("deep: " + "[" * depth + "]" * depth)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "catalog.yaml"
        source.write_text("\n".join(lines), encoding="utf-8")
        try:
            load_catalog(source)
        except ConfigError:
            pass


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_a_catalog_file_of_garbage_raises_config_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "catalog.yaml"
        source.write_bytes(data)
        with pytest.raises(ConfigError):
            load_catalog(source)


# -- the platform's answers ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def platform() -> Iterator[ScriptedPlatform]:
    with scripted_platform() as server:
        yield server


@pytest.fixture(scope="module")
def client(platform: ScriptedPlatform) -> Iterator[PlatformClient]:
    host, port = platform.server_address[:2]
    client = PlatformClient(f"http://{host}:{port}", KIOSK_ID, SECRET, retries=0, read_timeout_s=5)
    yield client
    client.close()


CALLS = {
    "resolve_eid": lambda c: c.resolve_eid("MSB-EID-7Q2K9XW4"),
    "verify_identity": lambda c: c.verify_identity(*WANG),
    "query": lambda c: c.query("sb-jl", WANG[0], years=[2025]),
    "application": lambda c: c.application("NC20261127000001"),
    "create_payment": lambda c: c.create_payment(WANG[0], [PaymentLine(WANG[0], 2027, Decimal("420"))]),
    "payment_status": lambda c: c.payment_status("P1"),
    "payments": lambda c: c.payments(WANG[0]),
    "contact": lambda c: c.contact(WANG[0]),
    "household": lambda c: c.household(WANG[0]),
    "slots": lambda c: c.slots("yb-bx", STATION, dt.date(2026, 12, 1)),
    "stations": lambda c: c.stations(),
    "notices": lambda c: c.notices(STATION),
    "catalog": lambda c: c.catalog(),
    "submit_application": lambda c: c.submit_application(
        {"item_code": "yb-bx", "mode": "promised", "station_id": STATION,
         "applicant": {"id_number": WANG[0], "name": WANG[1]}, "form": {}, "materials": []}),
}
HUGE = st.sampled_from(["x" * 1_000_000, "王" * 300_000, 10**400, -1e308, [0] * 50_000])


def _body(data: st.DataObject) -> bytes:
    shape = data.draw(st.sampled_from(["bytes", "json", "envelope", "error", "huge"]))
    if shape == "bytes":
        return data.draw(st.binary(max_size=200))
    if shape == "json":
        return json.dumps(data.draw(JSON)).encode()
    if shape == "envelope":
        return json.dumps({"ok": True, "data": data.draw(JSON)}).encode()
    if shape == "error":
        return json.dumps({"ok": False, "error": data.draw(JSON)}).encode()
    return json.dumps({"ok": data.draw(st.booleans()), "data": {"k": data.draw(HUGE)},
                       "error": {"code": "x", "message": data.draw(HUGE)}}).encode()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(call=st.sampled_from(sorted(CALLS)), status=st.sampled_from([200, 201, 400, 404, 409, 410, 422, 500, 503]),
       data=st.data())
def test_any_platform_answer_gives_a_result_or_a_platform_error(client, platform, call, status, data) -> None:
    platform.status, platform.body = status, _body(data)
    try:
        CALLS[call](client)
    except PlatformError as exc:
        assert isinstance(exc, KioskError) and exc.message


@pytest.fixture(scope="module")
def real_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sandbox's own answer to each call: the starting points for answers that are almost right."""
    from kiosk.sandbox.server import start_sandbox

    answers: dict[str, Any] = {}
    with start_sandbox(tmp_path_factory.mktemp("platform"), KEYS, pay_after_s=0) as handle:
        recording = PlatformClient(handle.url, KIOSK_ID, SECRET, retries=0)
        bodies: list[bytes] = []
        recording._session.hooks["response"].append(lambda response, *_, **__: bodies.append(response.content))
        for name in sorted(CALLS):
            try:
                CALLS[name](recording)
            except PlatformError:
                continue  # (an unknown receipt or payment): its refusal is fuzzed with the others
            answers[name] = json.loads(bodies[-1])
        recording.close()
    assert len(answers) >= 8, sorted(answers)
    return answers


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_almost_right_platform_answer_gives_a_result_or_a_platform_error(client, platform, real_answers,
                                                                              data) -> None:
    call = data.draw(st.sampled_from(sorted(real_answers)))
    answer = real_answers[call]
    path = data.draw(st.sampled_from([p for p in _paths(answer) if p]))
    platform.status, platform.body = 200, json.dumps(_replaced(answer, path, data.draw(JSON | HUGE))).encode()
    try:
        CALLS[call](client)
    except PlatformError as exc:
        assert exc.message


# -- picture files (kiosk docscan / decode, the camera's file driver) ---------------------------------------------
def _picture(kind: str) -> bytes:
    image = np.zeros((40, 60, 3), np.uint8)
    image[10:30, 15:45] = (40, 160, 250)
    return cv2.imencode(f".{kind}", image)[1].tobytes()


PICTURES = [_picture("png"), _picture("jpg"), png_claiming(60_000, 60_000), png_claiming(0, 0)]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), which=st.integers(0, len(PICTURES) - 1), cap=st.integers(1, 10_000_000))
def test_a_damaged_picture_decodes_or_raises_the_projects_own_error(data: st.DataObject, which: int,
                                                                    cap: int) -> None:
    raw = bytearray(PICTURES[which])
    for _ in range(data.draw(st.integers(0, 4))):  # flip a few bytes
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    raw = raw[: data.draw(st.integers(0, len(raw)))]  # and maybe cut it short
    try:
        decoded = decode_image(bytes(raw), cap)
    except ImageRefused:
        return
    assert decoded.image.ndim == 3 and decoded.image.shape[0] * decoded.image.shape[1] <= cap
    try:  # what kiosk docscan does with it next
        quality(decoded.image, find_page(decoded.image))
    except KioskError:
        pass


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_a_picture_decode_or_raise_the_projects_own_error(data: bytes) -> None:
    try:
        decode_image(data, 1_000_000)
    except ImageRefused:
        pass
