"""PlatformClient: the kiosk's side of the platform contract (openapi.yaml), on one requests.Session.

Every request is signed (kiosk id, timestamp, nonce, HMAC-SHA256) and has connect/read timeouts; TLS is verified,
with an optional CA bundle. Creating calls carry an Idempotency-Key; pass the key kept with a submission to repeat
it safely (a failed call's error carries the key it used). Only calls that are idempotent by nature (GET, queries,
identity look-ups, heartbeats) are retried here, with backoff; creating calls are retried by their owner (the
outbox) with the same key. Every answer is checked against the contract before it becomes a typed result, and
every failure becomes a PlatformError with a message for the citizen (in the language of the moment) and a
detail for the log.

Calls block for up to the timeouts: the app runs them on a worker pool, never on the UI thread.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import logging
import random
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import requests

from kiosk.backend.contract import Operation, contract
from kiosk.backend.errors import (
    MSG_REFUSED,
    MSG_SAVED_FOR_LATER,
    MSG_SERVICE_UNAVAILABLE,
    MSG_TRY_LATER,
    Conflict,
    Gone,
    NotFound,
    PlatformAuthError,
    PlatformError,
    PlatformProtocolError,
    PlatformRejected,
    PlatformTimeout,
    PlatformUnavailable,
)
from kiosk.backend.keyfile import load_or_create_key
from kiosk.backend.signing import sign
from kiosk.base.i18n import _
from kiosk.core.household import Contact, Member
from kiosk.core.results import (
    Acceptance,
    ApplicationProgress,
    Appointment,
    AssistTicket,
    CatalogUpdate,
    CertificateCheck,
    EidIdentity,
    IssuedCertificate,
    Notice,
    PaymentLine,
    PaymentOrder,
    PaymentStatus,
    QueryResult,
    Slot,
    StationInfo,
    SupplementAcceptance,
)

if TYPE_CHECKING:
    from kiosk.base.config import KioskConfig

log = logging.getLogger(__name__)

# Submissions the outbox keeps when the network is down: their failure tells the citizen it was saved.
_SAVED_OPERATIONS = {"uploadFile", "submitApplication", "submitEvaluation", "submitComplaint"}
_REJECTED_BY_STATUS: dict[int, type[PlatformRejected]] = {404: NotFound, 409: Conflict, 410: Gone}


F = TypeVar("F", bound=Callable[..., Any])


def _typed(method: F) -> F:
    """Turn an answer that passed the contract but still cannot become a typed result (an impossible date, say)
    into a PlatformProtocolError, so only the project's error types leave the client."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (ValueError, KeyError, TypeError, ArithmeticError) as exc:
            raise PlatformProtocolError(
                _(MSG_SERVICE_UNAVAILABLE), f"{method.__name__}: answer unusable ({type(exc).__name__})"
            ) from None

    return wrapper  # type: ignore[return-value]


class PlatformClient:
    def __init__(
        self,
        base_url: str,
        kiosk_id: str,
        secret: bytes,
        *,
        connect_timeout_s: float = 3.0,
        read_timeout_s: float = 10.0,
        ca_bundle: Path | None = None,
        retries: int = 2,
        retry_backoff_s: float = 0.5,
        forbid_main_thread: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self._secret = secret
        self._timeout = (connect_timeout_s, read_timeout_s)
        self._verify: bool | str = str(ca_bundle) if ca_bundle else True
        self._retries = retries
        self._backoff_s = retry_backoff_s
        self._forbid_main_thread = forbid_main_thread
        self._closed = threading.Event()
        self._session = requests.Session()
        self._session.headers.update({"User-Agent": f"ningcheng-kiosk/{kiosk_id}", "Accept": "application/json"})
        self._contract = contract()
        # The platform's clock minus ours, from the Date header of its last answer (1 s resolution): the
        # signatures fail beyond MAX_SKEW_S, so monitoring warns well before.
        self.clock_skew_s: float | None = None

    @classmethod
    def from_config(cls, config: KioskConfig, base_url: str | None = None, **overrides: Any) -> PlatformClient:
        """The client the config describes; `base_url` replaces [backend] url (the embedded sandbox's address)."""
        b = config.backend
        options: dict[str, Any] = {
            "connect_timeout_s": b.connect_timeout_s,
            "read_timeout_s": b.read_timeout_s,
            "ca_bundle": config.resolve(b.ca_bundle) if b.ca_bundle else None,
            "retries": b.retries,
            "retry_backoff_s": b.retry_backoff_s,
        }
        options.update(overrides)
        secret = load_or_create_key(config.resolve(b.secret_file))
        return cls(base_url or b.url, b.kiosk_id, secret, **options)

    def close(self) -> None:
        self._closed.set()
        self._session.close()

    # -- identity -------------------------------------------------------------------------------------------------
    @_typed
    def resolve_eid(self, code: str) -> EidIdentity:
        """The identity behind an e-ID QR code. NotFound: unknown code; Gone: the code has expired."""
        return EidIdentity.from_json(self._call("POST", "/v1/identity/eid", body={"code": code}))

    @_typed
    def verify_identity(self, id_number: str, name: str) -> bool:
        data = self._call("POST", "/v1/identity/verify", body={"id_number": id_number, "name": name})
        return bool(data["verified"])

    # -- submissions ----------------------------------------------------------------------------------------------
    @_typed
    def upload_file(self, content: bytes, kind: str, idempotency_key: str | None = None) -> str:
        """Upload one material (kind 'jpeg' or 'pdf'); the platform checks the sha256 we send. Returns file_id."""
        fields = {"sha256": hashlib.sha256(content).hexdigest(), "kind": kind}
        data = self._call("POST", "/v1/files", form=fields, file=content, idempotency_key=idempotency_key)
        return str(data["file_id"])

    @_typed
    def submit_application(self, application: dict[str, Any], idempotency_key: str | None = None) -> Acceptance:
        """`application`: {item_code, mode, station_id, applicant, form, materials, kiosk_ref?} (see the contract)."""
        data = self._call("POST", "/v1/applications", body=application, idempotency_key=idempotency_key)
        return Acceptance.from_json(data)

    @_typed
    def submit_supplement(self, receipt_no: str, supplement: dict[str, Any],
                          idempotency_key: str | None = None) -> SupplementAcceptance:
        """补交材料 for an application returned for correction: `supplement` {station_id, files, kiosk_ref?}."""
        data = self._call("POST", f"/v1/applications/{receipt_no}/supplements", body=supplement,
                          idempotency_key=idempotency_key)
        return SupplementAcceptance.from_json(data)

    @_typed
    def submit_evaluation(self, evaluation: dict[str, Any], idempotency_key: str | None = None) -> str:
        data = self._call("POST", "/v1/evaluations", body=evaluation, idempotency_key=idempotency_key)
        return str(data["evaluation_id"])

    @_typed
    def submit_complaint(self, complaint: dict[str, Any], idempotency_key: str | None = None) -> str:
        data = self._call("POST", "/v1/complaints", body=complaint, idempotency_key=idempotency_key)
        return str(data["complaint_no"])

    # -- progress and queries -------------------------------------------------------------------------------------
    @_typed
    def application(self, receipt_no: str) -> ApplicationProgress:
        """One application by the platform's receipt number or the kiosk's provisional number."""
        return ApplicationProgress.from_json(self._call("GET", f"/v1/applications/{receipt_no}"))

    @_typed
    def applications(self, id_number: str) -> list[ApplicationProgress]:
        data = self._call("GET", "/v1/applications", query={"id_number": id_number})
        return [ApplicationProgress.from_json(d) for d in data]

    @_typed
    def query(self, item_code: str, id_number: str, **params: Any) -> QueryResult:
        """An instant query: gjj-cx, sb-jl (params: years=[...]), yb-cx, bdc-cx (params: purpose='...')."""
        data = self._call("POST", f"/v1/queries/{item_code}", body={"id_number": id_number, **params})
        issued = IssuedCertificate.from_json(data["certificate"]) if "certificate" in data else None
        return QueryResult(item_code, data["summary"], tuple(data["rows"]), issued)

    @_typed
    def verify_certificate(self, number: str) -> CertificateCheck:
        """What the platform issued under a certificate's number (a 404 if it never did)."""
        d = self._call("GET", f"/v1/certificates/{number}")
        return CertificateCheck(d["number"], d["item_code"], d["title"], d["holder"],
                                dt.datetime.fromisoformat(d["issued_at"]))

    # -- payments ---------------------------------------------------------------------------------------------------
    @_typed
    def create_payment(
        self,
        payer_id_number: str,
        lines: Iterable[PaymentLine],
        item_code: str = "yb-jf",
        idempotency_key: str | None = None,
    ) -> PaymentOrder:
        body = {"item_code": item_code, "payer_id_number": payer_id_number, "lines": [x.as_json() for x in lines]}
        return PaymentOrder.from_json(self._call("POST", "/v1/payments", body=body, idempotency_key=idempotency_key))

    @_typed
    def payment_status(self, payment_id: str) -> PaymentStatus:
        return PaymentStatus.from_json(self._call("GET", f"/v1/payments/{payment_id}"))

    @_typed
    def payments(self, id_number: str) -> list[PaymentStatus]:
        """The payments a citizen made or is covered by, newest first (a payment completed after they left)."""
        data = self._call("GET", "/v1/payments/by-person", query={"id_number": id_number})
        return [PaymentStatus.from_json(d) for d in data]

    @_typed
    def contact(self, id_number: str) -> Contact:
        """The phone and the bank card the platform has for the citizen: a form's phone field is prefilled with the
        phone, the card is offered by its last four digits."""
        return Contact.from_json(self._call("GET", "/v1/contacts", query={"id_number": id_number}))

    @_typed
    def household(self, id_number: str) -> tuple[Member, ...]:
        """The other members of the citizen's household on record (none when the platform has no household)."""
        data = self._call("GET", "/v1/households", query={"id_number": id_number})
        return tuple(Member.from_json(d) for d in data["members"])

    # -- appointments -----------------------------------------------------------------------------------------------
    @_typed
    def slots(self, item_code: str, station_id: str, date: dt.date) -> list[Slot]:
        query = {"item_code": item_code, "station_id": station_id, "date": date.isoformat()}
        return [Slot.from_json(d) for d in self._call("GET", "/v1/appointments/slots", query=query)]

    @_typed
    def book_appointment(
        self, slot_id: str, item_code: str, id_number: str, phone: str, kind: str = "counter",
        idempotency_key: str | None = None,
    ) -> Appointment:
        """kind: counter | home | extended. Conflict when the slot filled up meanwhile."""
        body = {"slot_id": slot_id, "item_code": item_code, "id_number": id_number, "phone": phone, "kind": kind}
        return Appointment.from_json(
            self._call("POST", "/v1/appointments", body=body, idempotency_key=idempotency_key)
        )

    # -- public information -----------------------------------------------------------------------------------------
    @_typed
    def notices(self, station_id: str, category: str | None = None) -> list[Notice]:
        query = {"station_id": station_id, **({"category": category} if category else {})}
        return [Notice.from_json(d) for d in self._call("GET", "/v1/notices", query=query)]

    @_typed
    def notice_image(self, image_id: str) -> bytes:
        """One picture of a notice (an id from Notice.images): PNG or JPEG bytes, checked against the sha256 and the
        media type the platform declares, so a damaged picture never reaches the cache or the screen."""
        data = self._call("GET", f"/v1/notices/images/{image_id}")
        content = base64.b64decode(data["content"], validate=True)
        signature = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}[data["media_type"]]
        if hashlib.sha256(content).hexdigest() != data["sha256"] or not content.startswith(signature):
            raise PlatformProtocolError(MSG_SERVICE_UNAVAILABLE, "getNoticeImage: picture damaged in transit")
        return content

    @_typed
    def stations(self) -> list[StationInfo]:
        return [StationInfo.from_json(d) for d in self._call("GET", "/v1/stations")]

    @_typed
    def catalog(self, version: str | None = None) -> CatalogUpdate:
        """The published catalog and this kiosk's configuration overlay; `document` is None when `version` is
        already the newest. The signature is checked by whoever applies it (kiosk.runtime.central)."""
        data = self._call("GET", "/v1/catalog", query={"version": version} if version else None)
        return CatalogUpdate(data["version"], data["document"], data["overlay"], data["signature"])

    # -- the station ------------------------------------------------------------------------------------------------
    @_typed
    def call_helper(self, station_id: str, reason: str, idempotency_key: str | None = None) -> AssistTicket:
        body = {"station_id": station_id, "reason": reason}
        return AssistTicket.from_json(self._call("POST", "/v1/assist", body=body, idempotency_key=idempotency_key))

    @_typed
    def heartbeat(
        self, version: str, uptime_s: float, devices: list[dict[str, str]], outbox_depth: int, paper: str,
        config_version: str | None = None,
    ) -> str:
        """Report the terminal's state (and the catalog version it runs); returns the version the platform wants
        this kiosk to run."""
        body: dict[str, Any] = {
            "version": version, "uptime_s": round(uptime_s, 1), "devices": devices,
            "outbox_depth": outbox_depth, "paper": paper,
        }
        if config_version:
            body["config_version"] = config_version
        return str(self._call("POST", f"/v1/kiosks/{self.kiosk_id}/heartbeat", body=body)["config_version"])

    # -- the one way a call is made ---------------------------------------------------------------------------------
    def _call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        query: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        file: bytes | None = None,
        idempotency_key: str | None = None,
    ) -> Any:
        if self._forbid_main_thread and threading.current_thread() is threading.main_thread():
            raise RuntimeError("PlatformClient called on the UI thread; run it on the backend worker pool")
        op = self._contract.operation(method, path)
        if op is None:
            where = path.split("?")[0]
            raise PlatformProtocolError(_(MSG_SERVICE_UNAVAILABLE), f"{method} {where}: not in the contract")
        key = (idempotency_key or str(uuid.uuid4())) if op.creating else None
        attempts = 1 if op.creating else 1 + self._retries
        started = time.monotonic()
        for attempt in range(1, attempts + 1):
            try:
                return self._send_once(op, method, path, body, query, form, file, key)
            except PlatformError as exc:
                exc.idempotency_key = key
                retry = isinstance(exc, PlatformUnavailable) and attempt < attempts and not self._closed.is_set()
                log.warning(
                    "platform %s failed (attempt %d/%d, %.2fs): %s%s", op.operation_id, attempt, attempts,
                    time.monotonic() - started, exc.detail, "; retrying" if retry else "",
                )
                if not retry:
                    raise
                self._closed.wait(self._backoff_s * (2 ** (attempt - 1)) * random.uniform(0.5, 1.0))
        raise AssertionError("unreachable: the last attempt either returns or raises")

    def _send_once(
        self, op: Operation, method: str, path: str, body: Any, query: dict[str, str] | None,
        form: dict[str, str] | None, file: bytes | None, key: str | None,
    ) -> Any:
        headers = {"X-Kiosk-Id": self.kiosk_id}
        if key:
            headers["Idempotency-Key"] = key
        request = requests.Request(method, self.base_url + path, params=query, headers=headers)
        if body is not None:
            try:
                request.data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            except (TypeError, ValueError) as exc:
                detail = f"{op.operation_id}: request body is not JSON ({type(exc).__name__})"
                raise PlatformProtocolError(_(MSG_SERVICE_UNAVAILABLE), detail) from None
            request.headers["Content-Type"] = "application/json; charset=utf-8"
        elif form is not None:
            request.data = form
            request.files = {"file": ("material", file or b"", "application/octet-stream")}
        prepared = self._session.prepare_request(request)
        payload = prepared.body if isinstance(prepared.body, bytes) else (prepared.body or "").encode("utf-8")
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        prepared.headers["X-Timestamp"] = timestamp
        prepared.headers["X-Nonce"] = nonce
        prepared.headers["X-Signature"] = sign(self._secret, method, prepared.path_url, timestamp, payload, nonce)
        settings = self._session.merge_environment_settings(prepared.url, {}, None, self._verify, None)
        failure_message = _(MSG_SAVED_FOR_LATER if op.operation_id in _SAVED_OPERATIONS else MSG_TRY_LATER)
        try:
            response = self._session.send(prepared, timeout=self._timeout, allow_redirects=False, **settings)
        except requests.exceptions.SSLError as exc:
            raise PlatformUnavailable(failure_message, f"{op.operation_id}: TLS: {type(exc).__name__}") from None
        except requests.exceptions.Timeout as exc:
            raise PlatformTimeout(failure_message, f"{op.operation_id}: timeout ({type(exc).__name__})") from None
        except requests.exceptions.RequestException as exc:
            raise PlatformUnavailable(failure_message, f"{op.operation_id}: {type(exc).__name__}") from None
        return self._answer(op, response, failure_message)

    def _answer(self, op: Operation, response: requests.Response, failure_message: str) -> Any:
        status = response.status_code
        self._note_clock(response.headers.get("Date"))
        where = f"{op.operation_id}: HTTP {status}"
        try:
            answer = response.json()
        except ValueError:
            if status >= 500:
                raise PlatformUnavailable(failure_message, f"{where}, not JSON", status=status) from None
            raise PlatformProtocolError(_(MSG_SERVICE_UNAVAILABLE), f"{where}, not JSON", status=status) from None
        problems = self._contract.check_response(op, status, answer)
        if problems:
            raise PlatformProtocolError(
                _(MSG_SERVICE_UNAVAILABLE), f"{where}, off contract: {'; '.join(problems[:5])}", status=status
            )
        if answer["ok"]:
            return answer["data"]
        code, said = answer["error"]["code"], answer["error"]["message"]
        detail = f"{where}, {code}"
        if status >= 500:
            raise PlatformUnavailable(failure_message, detail, status=status, code=code)
        if status in (401, 403):
            raise PlatformAuthError(_(MSG_SERVICE_UNAVAILABLE), detail, status=status, code=code)
        error_type = _REJECTED_BY_STATUS.get(status, PlatformRejected)
        raise error_type(_citizen_text(said), detail, status=status, code=code)

    def _note_clock(self, date: str | None) -> None:
        if not date:
            return
        try:
            self.clock_skew_s = parsedate_to_datetime(date).timestamp() - time.time()
        except (TypeError, ValueError):
            pass  # a proxy's odd header: keep the last good reading


def _citizen_text(said: str) -> str:
    """The platform's own explanation when it is plain Chinese of a readable length (platform content: shown as
    the platform wrote it), else a general one."""
    if 2 <= len(said) <= 80 and any("\u4e00" <= ch <= "\u9fff" for ch in said):
        return said
    return _(MSG_REFUSED)

