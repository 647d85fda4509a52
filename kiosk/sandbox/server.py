"""The sandbox platform: a real HTTP server (loopback by default) that implements the whole contract
(openapi.yaml) on SQLite with the demo world of sandbox_data, for the embedded default, the demo and tests.

Like the real platform it keeps one key per kiosk (it issues them; `keys` provisions known ones, such as the
embedded default's), checks the signature with the key of the kiosk the request names, the timestamp window and
replays (X-Nonce, required), checks every request against the contract, and answers a repeated Idempotency-Key
with the first answer, stored in the same transaction as what the call created. It also checks its own answers
against the contract (`violations` lists any, for the tests).

Faults, for tests and soak runs, come from `Faults` (constructor or `set_faults`) or per request from the header
`X-Sandbox-Fault: latency=0.5, status=503, hang=5, drop=before|after` (drop before: close without acting; drop
after: act, then close without answering, the case the Idempotency-Key exists for).

Demo controls on the same port, unsigned, answered only to a caller on loopback (whatever address it listens on):
  POST /sandbox/kiosks {"kiosk_id": ID}     issue a new key for a kiosk: {"kiosk_id", "secret": hex}
  POST /sandbox/payments/{payment_id}/pay   the citizen "paid on the phone"
  POST /sandbox/clock {"advance_s": N}      move the demo's time forward (timelines, payments)
  POST /sandbox/faults {...Faults fields}   change the faults
  GET  /sandbox/stats                       request, replay and record counts
  GET  /sandbox/heartbeats                  per kiosk: last heartbeat, count, catalog version run, outbox depth
  POST /sandbox/catalog {"version": V, "document": {...}?, "overlays": {ID: {...}}?, "tampered": false}
                                            publish a catalog version (document left out: the catalog file's)
                                            with per-kiosk configuration overlays; "tampered": signed wrongly
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import json
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kiosk import CONFIG_DIR
from kiosk.backend.contract import Operation, contract
from kiosk.backend.signing import MAX_SKEW_S, signature_valid
from kiosk.base.errors import ConfigError
from kiosk.base.privacy import mask_text
from kiosk.core.stations import STATIONS_FILE, load_stations
from kiosk.core.workdays import load_calendar
from kiosk.sandbox.api import Call, Published, Refusal, SandboxApi
from kiosk.sandbox.data import load_people
from kiosk.sandbox.store import SandboxStore

log = logging.getLogger(__name__)

CATALOG_FILE = CONFIG_DIR / "catalog.yaml"
MAX_BODY = 32 * 1024 * 1024
_NONCE_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


@dataclass(frozen=True)
class Faults:
    latency_s: float = 0.0  # added to every answer
    error_rate: float = 0.0  # share of requests answered 503 without acting
    hang_rate: float = 0.0  # share of requests never answered (the client's read timeout fires)
    hang_s: float = 30.0  # how long a hanging request holds the connection before closing it
    drop_before_rate: float = 0.0  # share of connections closed before acting
    drop_after_rate: float = 0.0  # share of connections closed after acting, without an answer

    @classmethod
    def parse(cls, spec: str) -> Faults:
        """"error_rate=0.1, latency_s=0.3" (the config's and the command line's form) -> Faults."""
        names = {f.name for f in dataclasses.fields(cls)}
        values: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            name, _, value = part.partition("=")
            try:
                if name.strip() not in names:
                    raise ValueError(name)
                values[name.strip()] = float(value)
            except ValueError:
                raise ConfigError(
                    f"故障注入设置有误 (bad fault spec): '{part}'; expected NAME=NUMBER with NAME one of {sorted(names)}",
                    spec,
                ) from None
        return cls(**values)


@dataclass
class _Decision:
    latency_s: float = 0.0
    status: int | None = None
    hang_s: float | None = None
    drop: str | None = None


class Sandbox:
    """The server's brain, independent of the socket layer: auth, contract, idempotency, faults, dispatch."""

    def __init__(
        self,
        data_dir: Path,
        keys: Mapping[str, bytes],
        *,
        faults: Faults | None = None,
        pay_after_s: float = 20.0,
        stations_file: Path = STATIONS_FILE,
        catalog_file: Path = CATALOG_FILE,
        seed: int | None = None,
    ) -> None:
        self.faults = faults or Faults()
        self.store = SandboxStore(data_dir / "sandbox.sqlite")
        for kiosk_id, secret in keys.items():
            self.store.provision_key(kiosk_id, secret)
        self.clock_offset = 0.0
        self.api = SandboxApi(
            # The stations' items from the shipped catalog: catalog_file is served as it is, whatever it holds.
            self.store, load_people(), load_stations(stations_file),
            clock=self.now, pay_after_s=pay_after_s, catalog_file=catalog_file, calendar=load_calendar(),
        )
        self.contract = contract()
        self.violations: list[str] = []
        self.counts: dict[str, int] = {}
        self.stopping = threading.Event()
        self._random = random.Random(seed)
        self._nonces: dict[str, float] = {}  # insertion order is time order: the oldest go first
        self._lock = threading.Lock()
        self._create_lock = threading.Lock()

    def now(self) -> float:
        return time.time() + self.clock_offset

    def count(self, what: str) -> None:
        with self._lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    # -- faults -----------------------------------------------------------------------------------------------------
    def decide_faults(self, header: str | None) -> _Decision:
        decision = _Decision(latency_s=self.faults.latency_s)
        with self._lock:
            roll = self._random.random
            if roll() < self.faults.error_rate:
                decision.status = 503
            if roll() < self.faults.hang_rate:
                decision.hang_s = self.faults.hang_s
            if roll() < self.faults.drop_before_rate:
                decision.drop = "before"
            elif roll() < self.faults.drop_after_rate:
                decision.drop = "after"
        for part in (header or "").split(","):
            name, _, value = part.strip().partition("=")
            try:
                if name == "latency":
                    decision.latency_s = float(value)
                elif name == "status":
                    decision.status = int(value)
                elif name == "hang":
                    decision.hang_s = float(value)
                elif name == "drop" and value in ("before", "after"):
                    decision.drop = value
            except ValueError:
                continue
        return decision

    # -- one request ------------------------------------------------------------------------------------------------
    def answer(self, method: str, target: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        """The (status, JSON answer) for one signed request of the contract."""
        op = self.contract.operation(method, target)
        if op is None:
            return _refused(Refusal(404, "no_such_call", "服务暂不支持该操作"))
        self.count(op.operation_id)
        try:
            kiosk_id = self._authenticate(method, target, headers, body)
            call = self._parse(op, target, headers, body, kiosk_id)
        except Refusal as refusal:
            log.info("sandbox %s refused: %d %s", op.operation_id, refusal.status, refusal.code)
            return self._checked(op, *_refused(refusal))
        key = headers.get("idempotency-key")
        if not op.creating or key is None:
            return self._checked(op, *self._dispatch(op, call))
        fingerprint = _fingerprint(op, call)
        with self._create_lock:
            first = self.store.first_answer(kiosk_id, key)
            if first is not None:
                if first["operation"] != op.operation_id or first["fingerprint"] != fingerprint:
                    return self._checked(op, *_refused(Refusal(
                        422, "idempotency_conflict", "重复提交的内容不一致，请联系工作人员")))
                self.count("replays")
                return first["status"], json.loads(first["answer"])
            try:
                # What the call creates and the answer kept for its key commit together: a crash between the two
                # would otherwise leave an application whose retry creates it again.
                with self.store.transaction():
                    status, answer = self._dispatch(op, call)
                    if status >= 500:
                        raise _Failed(status, answer)
                    self.store.keep_answer(kiosk_id, key, op.operation_id, fingerprint, status, answer)
            except _Failed as failed:
                status, answer = failed.status, failed.answer
        return self._checked(op, status, answer)

    def _authenticate(self, method: str, target: str, headers: dict[str, str], body: bytes) -> str:
        kiosk_id, stamp = headers.get("x-kiosk-id", ""), headers.get("x-timestamp", "")
        signature, nonce = headers.get("x-signature", ""), headers.get("x-nonce")
        if not kiosk_id or not stamp.isdigit() or not signature:
            raise Refusal(401, "unsigned", "终端未通过身份验证")
        if nonce is None:
            raise Refusal(401, "missing_nonce", "终端未通过身份验证")
        if abs(time.time() - int(stamp)) > MAX_SKEW_S:
            raise Refusal(401, "stale_timestamp", "终端时钟与平台相差过大")
        if not (16 <= len(nonce) <= 64 and set(nonce) <= _NONCE_CHARS):
            raise Refusal(401, "bad_nonce", "终端未通过身份验证")
        secret = self.store.kiosk_key(kiosk_id)
        if secret is None:
            raise Refusal(401, "unknown_kiosk", "终端未通过身份验证")
        # Checked with the named kiosk's own key: a key never vouches for another kiosk's id.
        if not signature_valid(secret, signature, method, target, stamp, body, nonce):
            raise Refusal(401, "bad_signature", "终端未通过身份验证")
        with self._lock:
            horizon = time.time() - 2 * MAX_SKEW_S
            while self._nonces and next(iter(self._nonces.values())) < horizon:
                del self._nonces[next(iter(self._nonces))]
            if nonce in self._nonces:
                raise Refusal(401, "replayed", "终端未通过身份验证")
            self._nonces[nonce] = time.time()
        return kiosk_id

    def _parse(self, op: Operation, target: str, headers: dict[str, str], body: bytes, kiosk_id: str) -> Call:
        query = {k: v[-1] for k, v in parse_qs(urlsplit(target).query, keep_blank_values=True).items()}
        media = self.contract.request_media_type(op)
        parsed: Any = None
        upload = b""
        if media == "application/json":
            parsed = _json_body(body)
        elif media == "multipart/form-data":
            parsed, upload = _multipart(headers.get("content-type", ""), body)
        problems = self.contract.check_request(op, target, parsed, headers)
        if problems:
            log.info("sandbox %s: request off contract: %s", op.operation_id, "; ".join(problems[:5]))
            # The checker names where and what, never the value: safe to hand back as the reason.
            raise Refusal(422, "invalid_request", "提交的信息不完整或格式有误", "; ".join(problems[:5]))
        return Call(kiosk_id, op.path_params, query, parsed or {}, upload)

    def _dispatch(self, op: Operation, call: Call) -> tuple[int, dict[str, Any]]:
        try:
            return 200, {"ok": True, "data": self.api.handler(op.operation_id)(call)}
        except Refusal as refusal:
            return _refused(refusal)
        except Exception:
            log.exception("sandbox %s failed", op.operation_id)
            return _refused(Refusal(500, "internal", "平台内部错误，请稍后再试"))

    def _checked(self, op: Operation, status: int, answer: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        problems = self.contract.check_response(op, status, answer)
        if problems:
            with self._lock:
                self.violations.extend(f"{op.operation_id}: {p}" for p in problems)
            log.error("sandbox %s answered off contract: %s", op.operation_id, "; ".join(problems[:5]))
        return status, answer

    # -- demo controls ----------------------------------------------------------------------------------------------
    def control(self, method: str, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        try:
            data = json.loads(body or b"{}")
            parts = path.strip("/").split("/")
            if method == "POST" and parts == ["sandbox", "kiosks"]:
                kiosk_id = str(data["kiosk_id"])
                secret = self.store.issue_key(kiosk_id)
                return 200, {"ok": True, "data": {"kiosk_id": kiosk_id, "secret": secret.hex()}}
            if method == "POST" and len(parts) == 4 and parts[1] == "payments" and parts[3] == "pay":
                return 200, {"ok": True, "data": {"paid_at": self.api.pay(parts[2])}}
            if method == "POST" and parts == ["sandbox", "clock"]:
                self.clock_offset += float(data["advance_s"])
                return 200, {"ok": True, "data": {"offset_s": self.clock_offset}}
            if method == "POST" and parts == ["sandbox", "faults"]:
                self.faults = Faults(**data)
                return 200, {"ok": True, "data": dataclasses.asdict(self.faults)}
            if method == "POST" and parts == ["sandbox", "catalog"]:
                self.api.publish(_published(data))
                return 200, {"ok": True, "data": {"version": data["version"]}}
            if method == "GET" and parts == ["sandbox", "heartbeats"]:
                return 200, {"ok": True, "data": self.heartbeats()}
            if method == "GET" and parts == ["sandbox", "stats"]:
                return 200, {"ok": True, "data": self.stats()}
        except Refusal as refusal:
            return _refused(refusal)
        except (ValueError, TypeError, KeyError) as exc:
            return 400, {"ok": False, "error": {"code": "bad_control", "message": f"控制命令有误: {exc}"}}
        return 404, {"ok": False, "error": {"code": "no_such_control", "message": "没有这个控制命令"}}

    def heartbeats(self) -> dict[str, dict[str, Any]]:
        """What the platform last heard from each kiosk: when (epoch seconds), how many beats, the catalog version
        it runs and its outbox depth."""
        rows = self.store.rows("SELECT kiosk_id, body, at, count FROM heartbeats")
        seen = {}
        for row in rows:
            body = json.loads(row["body"])
            seen[row["kiosk_id"]] = {"at": row["at"], "count": row["count"], "outbox_depth": body["outbox_depth"],
                                     "config_version": body.get("config_version", "")}
        return seen

    def stats(self) -> dict[str, Any]:
        tables = ("applications", "files", "payments", "bookings", "submissions", "heartbeats")
        records = {t: self.store.row(f"SELECT COUNT(*) AS n FROM {t}")["n"] for t in tables}
        with self._lock:
            return {"requests": dict(self.counts), "records": records, "violations": len(self.violations)}


class _Failed(Exception):
    """A creating call failed (5xx): rolls back whatever it wrote, and its answer is not kept for the key."""

    def __init__(self, status: int, answer: dict[str, Any]) -> None:
        super().__init__(status)
        self.status, self.answer = status, answer


def _published(data: dict[str, Any]) -> Published:
    document, overlays = data.get("document"), data.get("overlays") or {}
    if not isinstance(data["version"], str) or not data["version"] or len(data["version"]) > 80:
        raise ValueError("version: a string of 1 to 80 characters")
    if document is not None and not isinstance(document, dict):
        raise ValueError("document: an object")
    if not isinstance(overlays, dict) or not all(isinstance(o, dict) for o in overlays.values()):
        raise ValueError("overlays: {kiosk_id: {section: {key: value}}}")
    return Published(data["version"], document, overlays, bool(data.get("tampered")))


def _refused(refusal: Refusal) -> tuple[int, dict[str, Any]]:
    error = {"code": refusal.code, "message": refusal.message}
    if refusal.detail:
        error["detail"] = refusal.detail[:2000]
    return refusal.status, {"ok": False, "error": error}


def _no_constant(name: str) -> Any:
    raise Refusal(400, "not_json", "提交的内容格式有误", f"{name} is not a JSON number")


def _json_body(body: bytes) -> Any:
    """The JSON body; NaN and Infinity (Python's extension, not JSON) and nesting too deep to parse are refused
    with the reason, not left to fail later."""
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise Refusal(400, "too_deep", "提交的内容格式有误", "JSON nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refusal(400, "not_json", "提交的内容格式有误", f"not JSON: {type(exc).__name__}") from None


def _fingerprint(op: Operation, call: Call) -> str:
    """What makes two requests "the same" for the Idempotency-Key: the meaning of the body, not its bytes
    (a multipart boundary differs at every attempt)."""
    material = {"op": op.operation_id, "params": call.path_params, "body": call.body,
                "upload": hashlib.sha256(call.upload).hexdigest()}
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, Any], bytes]:
    if not content_type.startswith("multipart/form-data"):
        raise Refusal(400, "not_multipart", "提交的内容格式有误")
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    fields: dict[str, Any] = {}
    upload = b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        content = part.get_payload(decode=True) or b""
        if name == "file":
            upload = content
            fields["file"] = f"<{len(content)} bytes>"
        else:
            fields[str(name)] = content.decode("utf-8", "replace")
    return fields, upload


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes: without this, Nagle and delayed ACKs add ~40 ms per answer.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's naming)
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def _serve(self) -> None:
        sandbox = self.server.sandbox
        declared = self.headers.get("Content-Length") or "0"
        if not declared.isdigit():
            self.close_connection = True
            self._reply(400, {"ok": False, "error": {"code": "bad_length", "message": "提交的内容格式有误"}})
            return
        length = int(declared)
        if length > MAX_BODY:
            self.close_connection = True
            self._reply(413, {"ok": False, "error": {"code": "too_large", "message": "提交的文件过大"}})
            return
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/sandbox/"):
            if not ipaddress.ip_address(self.client_address[0]).is_loopback:
                # The controls are unsigned (mark paid, move the clock, issue keys): never from the network.
                self._reply(403, {"ok": False, "error": {"code": "not_loopback", "message": "仅限本机使用"}})
                return
            self._reply(*sandbox.control(self.command, self.path, body))
            return
        decision = sandbox.decide_faults(self.headers.get("X-Sandbox-Fault"))
        if decision.latency_s:
            sandbox.stopping.wait(decision.latency_s)
        if decision.hang_s is not None:
            sandbox.count("faults.hang")
            sandbox.stopping.wait(decision.hang_s)
            self._drop()
            return
        if decision.drop == "before":
            sandbox.count("faults.drop_before")
            self._drop()
            return
        if decision.status is not None:
            sandbox.count("faults.status")
            message = "平台繁忙，请稍后再试"
            self._reply(decision.status, {"ok": False, "error": {"code": "unavailable", "message": message}})
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, answer = sandbox.answer(self.command, self.path, headers, body)
        if decision.drop == "after":
            sandbox.count("faults.drop_after")
            self._drop()
            return
        self._reply(status, answer)

    def _reply(self, status: int, answer: dict[str, Any]) -> None:
        payload = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib's signature)
        # Request lines can hold an ID number in a query string: masked like every log line, and at debug level.
        log.debug("sandbox %s %s", self.address_string(), mask_text(format % args))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that vanish mid-request (timeouts, tests killing processes) are normal here.
        log.debug("sandbox connection from %s ended abruptly", client_address)


class SandboxHandle:
    """A running sandbox: `.url`, `.stop()`, and the demo controls as methods."""

    def __init__(self, server: _Server, thread: threading.Thread, scheme: str) -> None:
        self._server = server
        self._thread = thread
        self.sandbox = server.sandbox
        host, port = server.server_address[:2]
        self.port = int(port)
        self.url = f"{scheme}://{host}:{port}"

    def stop(self) -> None:
        self.sandbox.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self.sandbox.store.close()

    def __enter__(self) -> SandboxHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def issue_key(self, kiosk_id: str) -> bytes:
        """A new key for `kiosk_id` (replacing any earlier one), as the platform hands one to a new kiosk."""
        return self.sandbox.store.issue_key(kiosk_id)

    def set_faults(self, faults: Faults) -> None:
        self.sandbox.faults = faults

    def pay(self, payment_id: str) -> None:
        self.sandbox.api.pay(payment_id)

    def advance(self, seconds: float) -> None:
        self.sandbox.clock_offset += seconds

    def stats(self) -> dict[str, Any]:
        return self.sandbox.stats()

    def heartbeats(self) -> dict[str, dict[str, Any]]:
        return self.sandbox.heartbeats()

    def publish(self, published: Published) -> None:
        """A new catalog version for the kiosks (what POST /sandbox/catalog does)."""
        self.sandbox.api.publish(published)

    @property
    def violations(self) -> list[str]:
        return list(self.sandbox.violations)


def start_sandbox(
    data_dir: Path,
    keys: Mapping[str, bytes],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    faults: Faults | None = None,
    pay_after_s: float = 20.0,
    tls: tuple[Path, Path] | None = None,
    stations_file: Path = STATIONS_FILE,
    catalog_file: Path = CATALOG_FILE,
    seed: int | None = None,
) -> SandboxHandle:
    """Start the sandbox on `host:port` (0: a free port) in a background thread; `keys` = kiosk id -> key to
    provision (more can be issued later); `tls` = (cert, key) PEM files."""
    sandbox = Sandbox(
        data_dir, keys, faults=faults, pay_after_s=pay_after_s, stations_file=stations_file,
        catalog_file=catalog_file, seed=seed,
    )
    server = _Server((host, port), sandbox)
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(tls[0]), str(tls[1]))
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="sandbox-http", daemon=True)
    thread.start()
    handle = SandboxHandle(server, thread, scheme)
    log.info("sandbox platform listening on %s", handle.url)
    return handle
