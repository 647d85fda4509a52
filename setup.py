"""The project is described in pyproject.toml; this only copies assets/ and config/ into the wheel as kiosk's
package data (kiosk/assets, kiosk/config), where kiosk.DATA_ROOT finds them once installed."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("assets", "config")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        for name in DATA_DIRS:
            self.copy_tree(name, str(Path(self.build_lib) / "kiosk" / name))


setup(cmdclass={"build_py": BuildWithData})
