"""Self-service kiosk for a county's public-service network."""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent  # kiosk/: its .kv, .po and .yaml files
PROJECT_ROOT = PACKAGE_DIR.parent  # assets/ and config/ beside the package
