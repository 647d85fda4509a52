"""Security checks not covered elsewhere: the sandbox refuses requests without any signature, the client refuses a
platform whose TLS certificate it cannot trust (unknown issuer, another name), codes are never opened as links,
and the kiosk's key files are created 0600. (Bad signatures, old timestamps and replays:
tests/test_platform_client.py; the outbox file and key: tests/test_outbox.py.)"""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
import os
import stat
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk import PROJECT_ROOT
from kiosk.backend.client import PlatformClient
from kiosk.backend.errors import PlatformUnavailable
from kiosk.base.config import load_config
from kiosk.sandbox.server import start_sandbox

from platform_support import KEYS, KIOSK_ID, SECRET, sandbox  # noqa: F401 (fixture)

KIOSK = PROJECT_ROOT / "kiosk"


def test_requests_without_any_signature_are_refused_and_not_acted_on(sandbox) -> None:  # noqa: F811
    before = sandbox.stats()["records"]
    for path, body in (("/v1/identity/eid", {"code": "MSB-EID-7Q2K9XW4"}),
                       ("/v1/complaints", {"category": "complaint", "content": "排队太久", "anonymous": True})):
        answer = requests.post(sandbox.url + path, json=body, headers={"X-Kiosk-Id": KIOSK_ID}, timeout=10)
        assert answer.status_code == 401 and answer.json()["ok"] is False
        assert "data" not in answer.json()
    assert sandbox.stats()["records"] == before


def _certificate(folder: Path, name: str, host: str) -> tuple[Path, Path]:
    """A self-signed certificate for `host` (an IP address or a DNS name), as PEM files (cert, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    try:
        alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        alt = x509.DNSName(host)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).add_extension(x509.SubjectAlternativeName([alt]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / f"{name}.crt", folder / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.mark.parametrize("served, trusted", [
    ("platform", None),  # self-signed, and the client uses the system's CAs
    ("platform", "other"),  # the client trusts another issuer
    ("wrong_name", "wrong_name"),  # a trusted issuer, but the certificate names another host
])
def test_the_client_refuses_a_certificate_it_cannot_trust(tmp_path, served, trusted) -> None:
    certs = {"platform": _certificate(tmp_path, "platform", "127.0.0.1"),
             "other": _certificate(tmp_path, "other", "127.0.0.1"),
             "wrong_name": _certificate(tmp_path, "wrong_name", "platform.example.org")}
    with start_sandbox(tmp_path / "platform", KEYS, tls=certs[served]) as handle:
        bundle = certs[trusted][0] if trusted else None
        client = PlatformClient(handle.url, KIOSK_ID, SECRET, ca_bundle=bundle, retries=0)
        with pytest.raises(PlatformUnavailable) as refused:
            client.resolve_eid("MSB-EID-7Q2K9XW4")
        assert "TLS" in refused.value.detail
        client.close()
        assert "resolveEid" not in handle.stats()["requests"]  # nothing reached the platform


def test_the_client_talks_to_a_platform_whose_certificate_it_trusts(tmp_path) -> None:
    cert = _certificate(tmp_path, "platform", "127.0.0.1")
    with start_sandbox(tmp_path / "platform", KEYS, tls=cert) as handle:
        client = PlatformClient(handle.url, KIOSK_ID, SECRET, ca_bundle=cert[0], retries=0)
        assert client.resolve_eid("MSB-EID-7Q2K9XW4").name == "王建国"
        client.close()


OPENERS = {"webbrowser", "urllib.request", "http.client", "subprocess", "os.system", "os.startfile", "os.popen"}


def _imports_and_calls(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            names.add(f"{node.value.id}.{node.attr}")
    return names


def test_code_handling_never_opens_a_link_or_runs_anything() -> None:
    """What a scanned or photographed code reaches (payload classifier, scanner, camera codes, the app and the
    screens) imports nothing that could open a URL or start a program."""
    modules = [KIOSK / "core" / "payloads.py", *sorted((KIOSK / "devices" / "scanner").glob("*.py")),
               *sorted((KIOSK / "runtime").glob("*.py")), KIOSK / "ui" / "app.py",
               *sorted((KIOSK / "ui" / "screens").rglob("*.py")), *sorted((KIOSK / "vision").glob("*.py"))]
    found = {str(m.relative_to(KIOSK)): sorted(_imports_and_calls(m) & OPENERS) for m in modules}
    assert {m: names for m, names in found.items() if names} == {}


def test_the_kiosk_creates_its_key_files_0600(tmp_path) -> None:
    from kiosk.runtime.platform import open_backend

    environ = {"KIOSK_PATHS__DATA_DIR": str(tmp_path), "KIOSK_BACKEND__SECRET_FILE": str(tmp_path / "secret.key"),
               "KIOSK_BACKEND__OUTBOX_FILE": str(tmp_path / "outbox.sqlite"),
               "KIOSK_BACKEND__OUTBOX_KEY_FILE": str(tmp_path / "keys" / "outbox.key")}
    old_umask = os.umask(0o022)  # a permissive umask must not leak into the key files
    try:
        backend = open_backend(load_config(environ=environ))
        backend.close()
    finally:
        os.umask(old_umask)
    for key in (tmp_path / "secret.key", tmp_path / "keys" / "outbox.key"):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
