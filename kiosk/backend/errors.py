"""Typed failures of platform calls. `message` is what the citizen reads; `detail` goes to the log (no personal
data: operation, status, error code, never bodies or query strings)."""

from __future__ import annotations

from kiosk.base.errors import KioskError

MSG_SAVED_FOR_LATER = "网络暂时不可用，您的申请已保存，将自动提交"
MSG_TRY_LATER = "网络暂时不可用，请稍后再试"
MSG_SERVICE_UNAVAILABLE = "服务暂时不可用，请稍后再试或呼叫帮办"
MSG_REFUSED = "暂时无法办理，请咨询工作人员"


class PlatformError(KioskError):
    """A platform call that did not succeed.

    `transient`: a later attempt with the same Idempotency-Key may succeed (the outbox keeps such submissions);
    `idempotency_key`: the key the failed creating call carried, to retry it without making a second one.
    """

    transient = False

    def __init__(
        self,
        message: str,
        detail: str = "",
        *,
        status: int | None = None,
        code: str = "",
        idempotency_key: str | None = None,
    ) -> None:
        super().__init__(message, detail)
        self.status = status
        self.code = code
        self.idempotency_key = idempotency_key


class PlatformUnavailable(PlatformError):
    """No answer (network down, connection dropped, TLS failure) or a server failure (5xx)."""

    transient = True


class PlatformTimeout(PlatformUnavailable):
    """Connected but no answer in time."""


class PlatformAuthError(PlatformError):
    """401/403: signature, clock or kiosk registration; staff must look, the citizen sees 'service unavailable'."""

    transient = True


class PlatformProtocolError(PlatformError):
    """An answer that does not follow the contract."""

    transient = True


class PlatformRejected(PlatformError):
    """The platform understood and refused (4xx); `message` is its Chinese explanation."""


class NotFound(PlatformRejected):
    """404: no such code, receipt number, account or station."""


class Gone(PlatformRejected):
    """410: e.g. an e-ID code that has expired."""


class Conflict(PlatformRejected):
    """409: e.g. an appointment slot that filled up meanwhile."""
