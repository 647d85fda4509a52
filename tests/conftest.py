"""Test-wide settings: Kivy must not parse pytest's arguments or write its own logs, and it renders offscreen
with the shipped display settings, whichever test module happens to create the window first."""

import os
import tempfile

from kiosk.base.config import load_config
from kiosk.ui.kivy_setup import configure_kivy, kivy_environment

kivy_environment()
os.environ.pop("DISPLAY", None)
# Kivy's own config.ini goes to a folder of this run, not to the shipped config's data folder nor ~/.kivy.
_KIVY_HOME = tempfile.TemporaryDirectory(prefix="kiosk-tests-kivy-")
os.environ["KIVY_HOME"] = _KIVY_HOME.name
configure_kivy(load_config(environ={}), offscreen=True)

# The private print server (a real cupsd with a cups-pdf queue) for the tests that print A4.
pytest_plugins = ["cups_server"]
