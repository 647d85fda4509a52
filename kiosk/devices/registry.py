"""Which driver builds a device: (kind, the `driver` name of its config section) -> a factory.

A driver registers a factory with a decorator in any module of its kind's package (kiosk/devices/<kind>/, the
built-in ones in <kind>/drivers.py); the registry imports every module of that package the first time it is
asked about the kind, as the Odoo IoT box loads its driver folder. A factory gets the config section and a
`BuildContext` and returns the device (None: nothing to supervise). `driver = "none"` builds nothing. A simulated
device ("sim") is a factory too: it starts the simulator, builds the real driver on the simulator's port, and
keeps the simulator as `device.simulator` (the runtime stops it at exit).

A new vendor, say an ID card reader "acme":

1. kiosk/devices/idcard/acme.py:

       from kiosk.devices.registry import DRIVERS, BuildContext

       class AcmeReader(SerialDevice): ...

       @DRIVERS.register("idcard", "acme")
       def acme_reader(section: IdCardReaderConfig, context: BuildContext) -> AcmeReader:
           return AcmeReader(section.port, section.baud, name=context.name)

2. the config value: "acme" among the `driver` choices of its section in kiosk/base/config.py (validation refuses
   a name it does not list, before any driver module is imported; a test checks that every choice has its driver
   and every driver its choice), and `driver = "acme"` in the terminal's kiosk.toml.

A driver built on another device declares it, `needs=("camera",)`: the runtime builds it after the devices it
needs, and its factory takes them with `context.device("camera", Camera)`.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kiosk.base.config import Vision
from kiosk.base.errors import ConfigError
from kiosk.base.i18n import _
from kiosk.devices.base import Device, Simulator

log = logging.getLogger(__name__)

NONE = "none"  # the `driver` value of a device that is not there

# A factory takes the device's config section (a model of kiosk.base.config) and the context.
Factory = Callable[[Any, "BuildContext"], "Device | None"]
F = TypeVar("F", bound=Factory)
D = TypeVar("D", bound=Device)


@dataclass(frozen=True)
class BuildContext:
    """What a factory may use besides its section."""

    name: str  # the device's name: its section under [devices] ("camera", "face_camera")
    data_dir: Path | None = None  # the terminal's data folder (paper count, virtual printer output)
    root: Path | None = None  # the config file's folder: relative paths in a section are relative to it
    devices: Mapping[str, Device] = field(default_factory=dict)  # devices built already, by name
    max_image_pixels: int = Vision().max_image_pixels  # [vision]: a picture file larger than this is refused

    def device(self, name: str, cls: type[D]) -> D:
        """The device `name` built already (a driver's `needs`), as a `cls`; ConfigError when there is none."""
        device = self.devices.get(name)
        if not isinstance(device, cls):
            raise ConfigError(_("设备驱动所需的设备未启用"), f"{self.name} is built on the {name}, which is not there")
        return device


@dataclass(frozen=True)
class Driver:
    kind: str
    name: str
    factory: Factory
    needs: tuple[str, ...] = ()  # names of devices this one is built on


class Registry:
    """Drivers by kind and name. `package` holds one sub-package per kind whose modules register drivers
    (None: only what is registered by hand, as in tests)."""

    def __init__(self, package: str | None = None) -> None:
        self.package = package
        self._drivers: dict[tuple[str, str], Driver] = {}
        self._discovered: set[str] = set()
        self._lock = threading.Lock()  # the table
        # Held while a kind's modules are imported (which register, on this thread): no one sees half a kind.
        self._discovery = threading.RLock()

    def register(self, kind: str, name: str, needs: tuple[str, ...] = ()) -> Callable[[F], F]:
        """Decorator: `factory` builds devices of `kind` for `driver = name`."""

        def decorate(factory: F) -> F:
            with self._lock:
                if (kind, name) in self._drivers:
                    raise ValueError(f"a {kind} driver named {name!r} is registered already")
                self._drivers[kind, name] = Driver(kind, name, factory, needs)
            return factory

        return decorate

    def drivers(self, kind: str) -> dict[str, Driver]:
        """The drivers of `kind` by name."""
        with self._discovery:
            self._discover(kind)
        with self._lock:
            return {name: d for (k, name), d in self._drivers.items() if k == kind}

    def driver(self, kind: str, name: str) -> Driver:
        """The driver `name` of `kind`; ConfigError naming the known ones when there is none."""
        known = self.drivers(kind)
        if name not in known:
            raise ConfigError(_("未知的设备驱动"), f"no {kind} driver {name!r}; known: {', '.join(sorted(known))}")
        return known[name]

    def needs(self, kind: str, name: str) -> tuple[str, ...]:
        """The devices driver `name` is built on (none for "none" or a name not registered)."""
        driver = self.drivers(kind).get(name)
        return driver.needs if driver is not None else ()

    def build(self, kind: str, section: Any, context: BuildContext) -> Device | None:
        """The device `section` describes, built by the driver its `driver` names; None for "none"."""
        if section.driver == NONE:
            return None
        return self.driver(kind, section.driver).factory(section, context)

    def _discover(self, kind: str) -> None:
        if self.package is None or kind in self._discovered:
            return
        self._discovered.add(kind)
        name = f"{self.package}.{kind}"
        try:
            package = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            return  # a kind without a package of its own has only drivers registered by hand
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            try:
                importlib.import_module(module.name)
            except Exception:  # one broken driver module must not take its kind's other drivers down
                log.exception("driver module %s failed to load", module.name)


def on_simulator(simulator: Simulator, build: Callable[[], D]) -> D:
    """A "sim" factory's device: the real driver `build()`s on the simulator just started and keeps it as
    `device.simulator` (the runtime stops it at exit); a driver that cannot be built stops it at once, so no
    simulator thread or port outlives a device that was never made."""
    try:
        device = build()
    except BaseException:
        simulator.stop()
        raise
    device.simulator = simulator
    return device


# The kiosk's drivers: kiosk/devices/<kind>/.
DRIVERS = Registry(__name__.rpartition(".")[0])
