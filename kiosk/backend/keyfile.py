"""Secret key files: created once with 0600 permissions, read as hex text.

The kiosk's signing secret (`[backend] secret_file`, shared with the embedded sandbox) and the outbox's
encryption key (`[backend] outbox_key_file`) both live in such files.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from kiosk.base.errors import ConfigError

log = logging.getLogger(__name__)


def load_or_create_key(path: Path, nbytes: int = 32) -> bytes:
    """The key in `path`; when the file does not exist, a new random key written there with mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path, nbytes)
    except OSError as exc:
        raise ConfigError(f"无法创建密钥文件 (cannot create key file): {path}", str(exc)) from None
    key = secrets.token_bytes(nbytes)
    with os.fdopen(fd, "w", encoding="ascii") as stream:
        stream.write(key.hex() + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    log.info("created key file %s", path)
    return key


def _read_key(path: Path, nbytes: int) -> bytes:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        # Someone loosened it by hand (a copy, an unpack): tighten it again rather than refuse to start.
        log.warning("key file %s had mode %o; set to 600", path, mode)
        os.chmod(path, 0o600)
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"密钥文件无法读取 (key file unreadable): {path}", f"{path}: {exc}") from None
    if len(key) < nbytes:
        raise ConfigError(
            f"密钥文件内容有误 (key file too short): {path}", f"{path}: {len(key)} bytes, expected {nbytes}"
        )
    return key[:nbytes]
