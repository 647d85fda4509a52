"""The wheel carries what the kiosk needs beside its code (fonts, icons, sounds, the default config and catalog):
built from the source, installed into a fresh virtualenv outside the checkout, `kiosk doctor` finds them there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from install_support import failures, source_copy


def test_the_installed_wheel_finds_its_fonts_icons_and_catalog(tmp_path) -> None:
    # Nothing from the test run's path (PYTHONPATH=checkout) may count as installed or be imported.
    clean = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    source = source_copy(tmp_path / "source")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True, timeout=600, env=clean)
    (wheel,) = (tmp_path / "dist").glob("kiosk-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True, timeout=600, env=clean)
    # The dependencies from this interpreter's site-packages, after the fresh install's own: no network needed,
    # and the checkout is not on the path (a .pth line adds a folder; it does not run this venv's editable hook).
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    data = tmp_path / "data"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "KIOSK_PATHS__DATA_DIR": str(data),
           "KIOSK_BACKEND__SECRET_FILE": str(data / "secret.key"),
           "KIOSK_BACKEND__OUTBOX_FILE": str(data / "outbox.sqlite"),
           "KIOSK_BACKEND__OUTBOX_KEY_FILE": str(data / "outbox.key")}
    where = subprocess.run([str(python), "-c", "import kiosk; print(kiosk.__file__); print(kiosk.DATA_ROOT)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path, env=env).stdout.split()
    assert all(Path(path).is_relative_to(site) for path in where), where

    result = subprocess.run([str(venv / "bin" / "kiosk"), "doctor", "--json", "--device-timeout", "20"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    checks = json.loads(result.stdout)
    by_name = {check["name"]: check for check in checks}
    for name in ("配置文件", "事项目录", "中文字体", "中文粗体", "图标字体"):
        assert by_name[name]["status"] == "ok", by_name[name]
    # The shipped config and catalog are the installed copies.
    assert str(site / "kiosk" / "config") in by_name["配置文件"]["message"]
    assert str(site / "kiosk" / "config") in by_name["事项目录"]["message"]
    assert failures(checks) == [] and result.returncode == 0, result.stderr
