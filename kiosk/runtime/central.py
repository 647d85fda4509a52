"""Central configuration: the catalog and this terminal's configuration overlay as the platform publishes them.

The heartbeat hears the version the platform wants this kiosk to run (`config_version`); when it differs from
the one running, `offered` fetches it (on the heartbeat's thread), checks the platform's signature
(kiosk.backend.signing.bundle_signature), validates the catalog exactly like config/catalog.yaml and the overlay
exactly like kiosk.toml (merged over the local file), and keeps it as the last good copy in the data folder. The
controller takes it between citizens' sessions, never during one (`Controller.apply_central`); a start uses the
last good copy, so an offline day runs what the platform last sent. A version that fails any check is refused:
the kiosk keeps what it runs, and says which version it refused and why (metrics, the maintenance page).

The catalog changes at once between sessions; the overlay (only the sections in OVERLAY_SECTIONS: never the
platform address, keys or devices) takes effect at the next start, as the maintenance page's restart-only
settings do, because the window, idle timer and voice are built from the configuration once.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.backend.errors import PlatformError
from kiosk.backend.keyfile import load_or_create_key
from kiosk.backend.signing import bundle_signature_valid
from kiosk.base.config import KioskConfig, _merge
from kiosk.base.errors import ConfigError
from kiosk.base.validation import config_error_from
from kiosk.core.catalog import Catalog, catalog_from

log = logging.getLogger(__name__)

OVERLAY_SECTIONS = ("station", "session", "voice", "privacy")
LOCAL_VERSION = "local"  # running the files on the terminal: nothing from the platform yet
FOLDER = "central"
CURRENT_FILE = "current.json"

# Why a version was refused: the reason label of kiosk_config_refused, and what the maintenance page says.
REFUSAL_REASONS = ("signature", "catalog", "overlay", "storage")


@dataclass(frozen=True)
class Bundle:
    """One version from the platform, checked: the catalog and the configuration with the overlay applied."""

    version: str
    catalog: Catalog
    config: KioskConfig
    raw: dict[str, Any]  # as received and signed, for the last good copy


@dataclass(frozen=True)
class Refused:
    version: str
    reason: str  # one of REFUSAL_REASONS
    detail: str  # the validation's paragraph or what did not match, for the log and the maintenance page
    at: float  # epoch seconds


class BundleRefused(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


def overlaid(config: KioskConfig, overlay: dict[str, Any] | None, source: str) -> KioskConfig:
    """The local configuration with the platform's overlay merged over it, validated like the file itself."""
    if not overlay:
        return config
    stray = sorted(set(overlay) - set(OVERLAY_SECTIONS))
    if stray:
        raise ConfigError(f"{source}: the platform may set only {', '.join(OVERLAY_SECTIONS)}; not {', '.join(stray)}",
                          source)
    data = config.model_dump(exclude={"source"})
    try:
        return KioskConfig.model_validate({**_merge(data, overlay), "source": config.source})
    except ValidationError as exc:
        raise config_error_from(exc, source) from None


class CentralConfig:
    """What this kiosk runs of the platform's catalog and overlay, what waits for the end of a session, and what
    was refused. `offered` runs on the heartbeat's thread, `take` on the controller's; both are quick to lock."""

    def __init__(self, config: KioskConfig, secret: bytes, folder: Path) -> None:
        self.config = config  # the local one: overlays always merge over the file, never over an earlier overlay
        self.folder = folder
        self._secret = secret
        self._guard = threading.Lock()
        self.running = LOCAL_VERSION
        self.applied_at: float | None = None
        self.pending: Bundle | None = None
        self.refused: Refused | None = None

    @classmethod
    def for_config(cls, config: KioskConfig) -> CentralConfig:
        secret = load_or_create_key(config.resolve(config.backend.secret_file))
        return cls(config, secret, config.data_dir / FOLDER)

    # -- at start -------------------------------------------------------------------------------------------------
    def startup(self, catalog: Catalog) -> tuple[KioskConfig, Catalog]:
        """The configuration and catalog to start with: the last good copy from the platform when there is one
        that still checks out (a copy damaged on disk is refused and the local files are used), else the local
        files as given."""
        path = self.folder / CURRENT_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return self.config, catalog
        except (OSError, ValueError) as exc:
            self._refuse("?", "storage", f"{path}: {type(exc).__name__}")
            return self.config, catalog
        try:
            bundle = self.check(raw)
        except BundleRefused as exc:
            self._refuse(str(raw.get("version", "?")), exc.reason, exc.detail)
            return self.config, catalog
        self.running, self.applied_at = bundle.version, time.time()
        log.info("central configuration %s from the last good copy", bundle.version)
        return bundle.config, bundle.catalog

    # -- from the heartbeat ---------------------------------------------------------------------------------------
    def offered(self, version: str, client: Any) -> bool:
        """The platform says `version` is this kiosk's: fetch, check and keep it unless already running, waiting
        or refused. True when a new version now waits for the end of a session. Platform errors are left for the
        next heartbeat."""
        with self._guard:
            waiting = self.pending.version if self.pending is not None else None
            refused = self.refused.version if self.refused is not None else None
        if version in (self.running, waiting, refused):
            return False
        try:
            update = client.catalog(None if self.running == LOCAL_VERSION else self.running)
        except PlatformError as exc:
            log.warning("central configuration %s not fetched: %s", version, exc.detail)
            return False
        raw = {"version": update.version, "document": update.document, "overlay": update.overlay,
               "signature": update.signature}
        if update.document is None:
            return False  # the platform says we run its newest after all
        try:
            bundle = self.check(raw)
            self._keep(raw)
        except BundleRefused as exc:
            self._refuse(update.version, exc.reason, exc.detail)
            return False
        with self._guard:
            self.pending = bundle
        log.info("central configuration %s checked; applied at the end of the session", bundle.version)
        return True

    def check(self, raw: dict[str, Any]) -> Bundle:
        """Signature, catalog and overlay checked; BundleRefused says which failed and why."""
        version, document, overlay = raw.get("version"), raw.get("document"), raw.get("overlay")
        if not isinstance(version, str) or not bundle_signature_valid(
                self._secret, str(raw.get("signature", "")), version, document, overlay):
            raise BundleRefused("signature", "the platform's signature does not match this kiosk's key")
        source = f"platform catalog {version}"
        try:
            catalog = catalog_from(document, source)
        except ConfigError as exc:
            raise BundleRefused("catalog", exc.message) from None
        try:
            config = overlaid(self.config, overlay, f"platform configuration {version}")
        except ConfigError as exc:
            raise BundleRefused("overlay", exc.message) from None
        return Bundle(version, catalog, config, raw)

    # -- from the controller, between sessions ----------------------------------------------------------------------
    def take(self) -> Bundle | None:
        """The version waiting, now running (the caller puts its catalog in use)."""
        with self._guard:
            bundle, self.pending = self.pending, None
            if bundle is not None:
                self.running, self.applied_at = bundle.version, time.time()
                self.refused = None  # a newer good version makes the last refusal history
        if bundle is not None:
            log.info("central configuration %s in use", bundle.version)
        return bundle

    # -- keeping ------------------------------------------------------------------------------------------------------
    def _keep(self, raw: dict[str, Any]) -> None:
        """The last good copy, replaced whole (write, flush, rename): a power cut leaves the old or the new."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / CURRENT_FILE
            partial = path.with_suffix(".partial")
            with open(partial, "w", encoding="utf-8") as f:
                json.dump(raw, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            partial.replace(path)
        except OSError as exc:
            raise BundleRefused("storage", f"cannot keep the copy: {exc.strerror}") from None

    def _refuse(self, version: str, reason: str, detail: str) -> None:
        with self._guard:
            self.refused = Refused(version, reason, detail[:500], time.time())
        log.warning("central configuration %s refused (%s), keeping %s: %s", version, reason, self.running, detail)
