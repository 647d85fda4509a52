"""Self-service kiosk for a county's public-service network."""

from importlib import resources
from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent  # kiosk/: its .kv, .po and .yaml files
PROJECT_ROOT = PACKAGE_DIR.parent  # the checkout: assets/ and config/ beside the package


def _data_root() -> Path:
    """Where assets/ and config/ are: inside the package when installed (the wheel ships them as package data,
    see setup.py), beside it in a checkout."""
    packaged = resources.files(__name__)
    if packaged.joinpath("config").is_dir():
        return Path(str(packaged))
    return PROJECT_ROOT


DATA_ROOT = _data_root()
ASSETS_DIR = DATA_ROOT / "assets"  # fonts (with their licences), icons, sounds
CONFIG_DIR = DATA_ROOT / "config"  # the embedded default config, the catalog, the stations, the simulators' data
