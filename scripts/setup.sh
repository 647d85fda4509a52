#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: system libraries, then the virtual environment in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

# Kivy's wheel brings SDL2 but needs GL/EGL and mtdev from the system; pyzbar needs libzbar.
DEB_PACKAGES=(libgl1 libegl1 libgl1-mesa-dri libmtdev1 libzbar0)
# Handwriting (Zinnia and its Simplified Chinese model), the Mongolian font, the A4 print server with a PDF queue
# (证件复印 and certificates; the tests print through it), and a real X server for the live-window checks (with
# xdpyinfo, which deploy/x/wait-for-x asks whether X accepts connections).
DEB_PACKAGES+=(libzinnia0 tegaki-zinnia-simplified-chinese fonts-noto-core cups printer-driver-cups-pdf xvfb x11-utils)
# What the tests of the deployment need: the Debian package's build (dh-virtualenv) and promtool for the alert rules.
DEB_PACKAGES+=(dh-virtualenv debhelper reprepro prometheus)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Missing Debian packages (run as root, or: sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv

# Reinstall only when the project's dependencies changed since the last successful install. The app's dependencies
# at the versions of requirements.lock (checked against its hashes), as the Debian package installs them; then the
# project itself, editable, with the test tools.
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -r requirements.lock
    .venv/bin/python -m pip install -q -e ".[test,usb]"
    touch "$stamp"
fi

# Bytecode for the project's own modules, as pip writes it for installed packages (an editable install does not,
# and with PYTHONDONTWRITEBYTECODE set nothing would): the kiosk then starts without compiling its sources.
.venv/bin/python -m compileall -q kiosk

# The pinyin keyboard's lexicon, where the kiosk loads it (data_dir of the shipped configuration): built here, not
# while the first citizen waits at the keyboard; left as it is when none of its sources changed.
.venv/bin/kiosk ime --prepare >/dev/null
