"""The driver registry (kiosk.devices.registry): config names and drivers match, unknown names are refused, the
runtime builds each device through its driver (simulators included) and a driver registered here or dropped into
a driver folder is built from the configuration like a built-in one. Devices run over real pseudo-terminals."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import get_args

import pytest

from kiosk.base.config import Devices, KioskConfig, load_config, scratch_copy
from kiosk.base.config import IdCardReader as IdCardReaderConfig
from kiosk.base.config import Scanner as ScannerConfig
from kiosk.base.errors import ConfigError
from kiosk.devices.base import Device, State
from kiosk.devices.registry import DRIVERS, NONE, BuildContext, Registry
from kiosk.devices.sim.pty_port import PtySimulator
from kiosk.runtime.runtime import SECTIONS, Runtime

from identity_support import Events, LineDevice, wait_until


def config_with(folder: Path, **sections: dict[str, object]) -> KioskConfig:
    """The shipped configuration with its data in `folder` and every device off except the sections given."""
    config = scratch_copy(load_config(environ={}), folder)
    devices = {name: {**getattr(config.devices, name).model_dump(), "driver": NONE} for name, _kind in SECTIONS}
    for name, values in sections.items():
        devices[name].update(values)
    return config.model_copy(update={"devices": Devices.model_validate(devices)})


@pytest.mark.parametrize(("section", "kind"), SECTIONS)
def test_every_config_choice_has_its_driver_and_every_driver_its_choice(section: str, kind: str) -> None:
    model = Devices.model_fields[section].annotation
    choices = set(get_args(model.model_fields["driver"].annotation)) - {NONE}  # type: ignore[union-attr]
    assert set(DRIVERS.drivers(kind)) == choices


def test_an_unknown_driver_name_is_refused_by_config_validation() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"KIOSK_DEVICES__IDCARD__DRIVER": '"acme"'})
    text = caught.value.message
    assert "devices.idcard.driver" in text and "'acme'" in text and "'serial'" in text
    assert "environment variable KIOSK_DEVICES__IDCARD__DRIVER" in text


def test_an_unknown_driver_name_is_refused_by_the_registry() -> None:
    with pytest.raises(ConfigError) as caught:
        DRIVERS.driver("idcard", "acme")
    assert caught.value.message == "未知的设备驱动"
    assert "'acme'" in caught.value.detail and "serial, sim" in caught.value.detail
    section = IdCardReaderConfig.model_construct(driver="acme")  # past validation, as if the two disagreed
    with pytest.raises(ConfigError):
        DRIVERS.build("idcard", section, BuildContext("idcard"))


def test_a_driver_registered_in_a_test_is_built_from_config_by_the_runtime(tmp_path: Path) -> None:
    registry = Registry()
    built: list[BuildContext] = []

    @registry.register("idcard", "serial")
    def line_reader(section: IdCardReaderConfig, context: BuildContext) -> LineDevice:
        built.append(context)
        return LineDevice(section.port, section.baud, name=context.name)

    sim = PtySimulator("vendor")
    sim.start()
    runtime = Runtime(config_with(tmp_path, idcard={"driver": "serial", "port": sim.port}), drivers=registry)
    try:
        runtime.start_devices()
        device = runtime.idcard
        assert isinstance(device, LineDevice) and device.name == "idcard" and device.baud == 115200
        assert [d.name for d in runtime.devices] == ["idcard"] and runtime.idcard_sim is None
        assert built[0].data_dir == runtime.config.data_dir
        events = Events(device)
        wait_until(lambda: device.status.state is State.OK, "the vendor's device to open")
        sim.call(lambda: sim.send(b"hello\n"))
        assert events.wait("line") == "hello"
    finally:
        runtime.stop()
        sim.stop()


def test_a_driver_file_dropped_into_a_kinds_folder_is_found(tmp_path: Path, monkeypatch, caplog) -> None:
    folder = tmp_path / "vendor_drivers" / "idcard"
    folder.mkdir(parents=True)
    (folder.parent / "__init__.py").write_text('from kiosk.devices.registry import Registry\n\n'
                                               'DRIVERS = Registry("vendor_drivers")\n')
    (folder / "__init__.py").write_text("")
    (folder / "acme.py").write_text(textwrap.dedent("""
        from vendor_drivers import DRIVERS

        @DRIVERS.register("idcard", "acme")
        def acme(section, context):
            return None
    """))
    (folder / "broken.py").write_text("import no_such_vendor_library\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from vendor_drivers import DRIVERS as registry  # type: ignore[import-not-found]

    assert list(registry.drivers("idcard")) == ["acme"]  # the broken file is logged, not fatal
    assert "vendor_drivers.idcard.broken" in caplog.text
    assert registry.drivers("printer") == {}  # a kind without a folder


def test_a_name_is_registered_once() -> None:
    registry = Registry()
    registry.register("idcard", "acme")(lambda section, context: None)
    with pytest.raises(ValueError, match="registered already"):
        registry.register("idcard", "acme")(lambda section, context: None)


def test_a_driver_is_given_the_device_it_needs_and_refused_without_it() -> None:
    registry = Registry()

    @registry.register("scanner", "on-reader", needs=("idcard",))
    def on_reader(section: ScannerConfig, context: BuildContext) -> Device:
        return context.device("idcard", LineDevice)

    assert registry.needs("scanner", "on-reader") == ("idcard",) and registry.needs("scanner", NONE) == ()
    reader = LineDevice("/dev/null", 9600)
    section = ScannerConfig.model_construct(driver="on-reader")
    assert registry.build("scanner", section, BuildContext("scanner", devices={"idcard": reader})) is reader
    with pytest.raises(ConfigError) as caught:
        registry.build("scanner", section, BuildContext("scanner"))
    assert caught.value.message == "设备驱动所需的设备未启用" and "idcard" in caught.value.detail


def test_the_runtime_builds_the_simulators_and_the_real_drivers_on_their_ports(tmp_path: Path) -> None:
    runtime = Runtime(config_with(tmp_path, idcard={"driver": "sim"}, scanner={"driver": "sim"}, printer={"driver": "sim"}))
    try:
        runtime.start_devices()
        for device in (runtime.idcard, runtime.scanner, runtime.printer):
            wait_until(lambda d=device: d.status.state is State.OK, f"{device.name} to open")
        assert runtime.idcard_sim is runtime.idcard.simulator and runtime.idcard.port == runtime.idcard_sim.port
        assert runtime.scanner_sim is runtime.scanner.simulator and runtime.scanner.port == runtime.scanner_sim.port
        events = Events(runtime.idcard)
        runtime.idcard_sim.place_card("wang-jianguo")
        assert events.wait("card") is not None
    finally:
        runtime.stop()
    ports = [Path(runtime.idcard_sim.port), Path(runtime.scanner_sim.port)]
    assert not any(port.exists() for port in ports)  # stop() stopped the simulators


def test_the_camera_code_reader_is_built_after_the_camera_it_reads(tmp_path: Path) -> None:
    small = {"driver": "sim", "width": 320, "height": 240, "fps": 5}
    runtime = Runtime(config_with(tmp_path, scanner={"driver": "camera"}, camera=small))
    try:
        runtime.start_devices()
        assert runtime.scanner.camera is runtime.camera and runtime.scanner_sim is None
        assert [s.device.name for s in runtime.supervisors][-1] == "scanner"
    finally:
        runtime.stop()
    alone = Runtime(config_with(tmp_path, scanner={"driver": "camera"}))
    alone.start_devices()  # no camera: logged, the kiosk goes on without a scanner
    assert alone.scanner is None and alone.devices == []
