"""The set-up builds the pinyin keyboard's lexicon where the kiosk loads it, so the keyboard has candidates at the
first frame (a citizen who came early saw 输入法准备中… for tens of seconds while the first start built it)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from kiosk import PROJECT_ROOT
from kiosk.base.config import load_config
from kiosk.ime import engine as ime
from kiosk.ime.lexicon import Sources, _read_cache

SETUP = PROJECT_ROOT / "scripts" / "setup.sh"


def setup_lines() -> list[str]:
    return [line.strip() for line in SETUP.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_setup_builds_the_lexicon_after_installing_the_project_where_the_runtime_looks(tmp_path: Path) -> None:
    lines = setup_lines()
    install = next(i for i, line in enumerate(lines) if "pip install" in line and "-e" in line)
    prepare = [i for i, line in enumerate(lines) if re.search(r"kiosk ime --prepare\b", line)]
    assert prepare and prepare[0] > install, "set-up must build the lexicon once the project is installed"

    # The set-up's own command, run as set-up runs it (its venv's `kiosk` is this interpreter's `-m kiosk`), with
    # the data folder moved to a scratch one.
    words = shlex.split(lines[prepare[0]].split(">")[0])
    assert words[0].endswith(".venv/bin/kiosk")
    environ = {**os.environ, "KIOSK_PATHS__DATA_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "kiosk", *words[1:]], cwd=PROJECT_ROOT, env=environ, check=True,
                   capture_output=True)

    config = load_config(environ={"KIOSK_PATHS__DATA_DIR": str(tmp_path)})
    cache = ime.cache_path(config)
    assert _read_cache(cache, Sources.from_config(config).fingerprint()) is not None  # loaded as it is, not rebuilt

    # Run again (set-up is idempotent): the lexicon is left as it is.
    before = cache.stat().st_mtime_ns
    subprocess.run([sys.executable, "-m", "kiosk", *words[1:]], cwd=PROJECT_ROOT, env=environ, check=True,
                   capture_output=True)
    assert cache.stat().st_mtime_ns == before
