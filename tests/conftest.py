"""Test-wide settings: Kivy must not parse pytest's arguments or write its own logs, and it renders offscreen
with the shipped display settings, whichever test module happens to create the window first."""

import os

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.pop("DISPLAY", None)

from kiosk.config import load_config  # noqa: E402
from kiosk.kivy_setup import configure_kivy  # noqa: E402

configure_kivy(load_config(environ={}), offscreen=True)
