"""The terminal's configuration: `config/kiosk.toml` validated into typed models.

A wrong value stops the start with a message naming the file, the key, the bad value and what is expected.
What the maintenance screen changed is in `settings.toml` in the data folder, laid over the file and checked the
same way (it may not set [paths], which says where it is). Deployment can override any key from the environment:
`KIOSK_BACKEND__URL=https://...` sets `backend.url`; the environment wins over both files. Relative paths are
resolved against the config file's own folder.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk import CONFIG_DIR
from kiosk.base.data_format import check_data_format
from kiosk.base.errors import ConfigError
from kiosk.base.validation import ENV_ORIGIN, config_error_from

DEFAULT_CONFIG = CONFIG_DIR / "kiosk.toml"
# What the maintenance screen's 设置 page changed, in the data folder (the config file is read-only on a
# terminal), laid over the config file when it is read.
SETTINGS_FILE = "settings.toml"
ENV_PREFIX = "KIOSK_"
LOOPBACK_HOSTS = {"localhost", "::1"}


def is_loopback_url(url: str) -> bool:
    """The URL's host is this machine (127.0.0.0/8, ::1, localhost)."""
    import ipaddress
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_FAULT = re.compile(r"^(latency_s|error_rate|hang_rate|hang_s|drop_before_rate|drop_after_rate)\s*=\s*\d+(\.\d+)?$")
_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Station(Section):
    id: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]
    name: Annotated[str, Field(min_length=1, max_length=40)]
    level: Literal["village", "township", "bank"]
    town: str = ""
    address: str = ""
    phone: str = ""
    hours: list[str] = Field(default_factory=lambda: ["08:30-12:00", "14:00-17:30"])

    @field_validator("hours")
    @classmethod
    def _hours_shape(cls, value: list[str]) -> list[str]:
        for span in value:
            if not _HOURS.match(span) or span[:5] >= span[6:]:
                raise ValueError(f"opening spans like '08:30-12:00' (start before end), not '{span}'")
        return value


class Display(Section):
    width: Annotated[int, Field(ge=320, le=7680)] = 1920
    height: Annotated[int, Field(ge=320, le=7680)] = 1080
    fullscreen: bool = False
    orientation: Literal["landscape", "portrait"] = "landscape"
    show_cursor: bool = True
    # Exactly one input provider: "mouse" (the window's own touch events) or a device, e.g. "mtdev:/dev/input/event5".
    touch: Annotated[str, Field(pattern=r"^(mouse|(mtdev|hidinput):/dev/input/[\w.-]+)$")] = "mouse"
    elder_scale: Annotated[float, Field(ge=1.4, le=2.0)] = 1.4
    # The language each session starts in; the citizen can switch from the header (kiosk.base.i18n.LANGUAGES).
    language: Literal["zh", "mn", "en"] = "zh"
    # The station's display mode (kiosk.base.i18n.DISPLAY_MODES): Chinese only; with traditional Mongolian; or
    # Mongolian and Chinese together on the home screen's tiles and the header, Mongolian first.
    languages: Literal["zh", "mn", "mn+zh"] = "zh"

    @model_validator(mode="after")
    def _language_offered(self) -> Display:
        if self.language == "mn" and self.languages == "zh":
            raise ValueError("language 'mn' needs languages = \"mn\" or \"mn+zh\" (the station's display mode)")
        return self

    @model_validator(mode="after")
    def _orientation_matches(self) -> Display:
        if (self.orientation == "portrait") != (self.height > self.width):
            raise ValueError(
                f"orientation '{self.orientation}' to match width x height {self.width}x{self.height}"
                " (portrait means taller than wide)"
            )
        return self


class SessionSettings(Section):
    idle_timeout_s: Annotated[int, Field(ge=15, le=1800)] = 90
    warning_s: Annotated[int, Field(ge=5, le=120)] = 20
    elder_idle_timeout_s: Annotated[int, Field(ge=15, le=3600)] = 180

    @model_validator(mode="after")
    def _warning_shorter(self) -> SessionSettings:
        if self.warning_s >= self.idle_timeout_s:
            raise ValueError("warning_s shorter than idle_timeout_s")
        return self


class IdCardReader(Section):
    driver: Literal["sim", "serial", "none"] = "sim"
    port: str = ""
    baud: Literal[9600, 19200, 38400, 57600, 115200] = 115200
    poll_interval_ms: Annotated[int, Field(ge=50, le=5000)] = 300
    photo_decoder: str = ""


class Scanner(Section):
    driver: Literal["sim", "serial", "keyboard", "camera", "none"] = "sim"
    port: str = ""
    baud: Literal[9600, 19200, 38400, 57600, 115200] = 9600
    suffix: Literal["CR", "LF", "CRLF", "TAB", "none"] = "CR"
    trigger: Literal["none", "honeywell", "zebra", "newland"] = "none"
    prefix: Annotated[str, Field(max_length=8)] = ""
    gap_ms: Annotated[int, Field(ge=20, le=500)] = 80
    repeat_window_ms: Annotated[int, Field(ge=0, le=10000)] = 1500
    wedge_max_gap_ms: Annotated[int, Field(ge=5, le=100)] = 30


class Printer(Section):
    driver: Literal["sim", "escpos", "none"] = "sim"
    uri: str = ""
    paper_mm: Literal[58, 80] = 80
    chinese_font: bool = True
    native_qr: bool = True
    a4_queue: str = ""
    sim_link: Literal["pty", "tcp"] = "pty"
    # no_sensor: the virtual printer ignores GS r 1; silent_after_job: it answers nothing for a while after a receipt
    sim_answers: Literal["normal", "no_sensor", "silent_after_job"] = "normal"
    connect_timeout_s: Annotated[float, Field(gt=0, le=30)] = 3.0
    write_timeout_s: Annotated[float, Field(gt=0, le=120)] = 10.0
    status_timeout_ms: Annotated[int, Field(ge=50, le=5000)] = 300
    poll_interval_s: Annotated[float, Field(ge=1, le=600)] = 15.0
    retry_interval_s: Annotated[float, Field(ge=1, le=600)] = 5.0
    job_expiry_s: Annotated[int, Field(ge=10, le=3600)] = 180

    @model_validator(mode="after")
    def _uri_given(self) -> Printer:
        if self.driver == "escpos":
            from kiosk.base.printer_uri import parse_printer_uri

            try:
                parse_printer_uri(self.uri)
            except ConfigError as exc:
                raise ValueError(exc.detail) from None
        return self


class Camera(Section):
    driver: Literal["sim", "v4l2", "file", "none"] = "sim"
    device: str = "0"  # v4l2: an index or /dev/video* path; file: a video or image path (relative to the config)
    width: Annotated[int, Field(ge=160, le=7680)] = 1920
    height: Annotated[int, Field(ge=120, le=4320)] = 1080
    fps: Annotated[int, Field(ge=1, le=60)] = 15
    mjpg: bool = True  # ask a USB camera for MJPG: raw 1080p does not fit USB 2 at this frame rate
    sim_scene: Literal["documents", "face"] = "documents"

    @model_validator(mode="after")
    def _device_shape(self) -> Camera:
        if self.driver == "v4l2" and not (self.device.isdigit() or self.device.startswith("/dev/")):
            raise ValueError(f"a camera index such as '0' or a path such as '/dev/video0', not '{self.device}'")
        if self.driver == "file" and not self.device:
            raise ValueError("the path of a video or image file as device")
        return self


class Devices(Section):
    idcard: IdCardReader = IdCardReader()
    scanner: Scanner = Scanner()
    printer: Printer = Printer()
    camera: Camera = Camera()
    face_camera: Camera = Camera(driver="none", sim_scene="face")


class Backend(Section):
    url: str = "sandbox"
    connect_timeout_s: Annotated[float, Field(gt=0, le=60)] = 3.0
    read_timeout_s: Annotated[float, Field(gt=0, le=300)] = 10.0
    kiosk_id: Annotated[str, Field(min_length=1)] = "demo-kiosk"
    secret_file: Path = Path("secret.key")
    ca_bundle: Path | None = None
    # Idempotent calls (GET, queries, heartbeats) are retried this many more times,
    # the wait doubling from retry_backoff_s.
    retries: Annotated[int, Field(ge=0, le=5)] = 2
    retry_backoff_s: Annotated[float, Field(ge=0, le=30)] = 0.5
    # The outbox: submissions wait here (encrypted with the key in outbox_key_file) until the platform has them.
    outbox_file: Path = Path("outbox.sqlite")
    outbox_key_file: Path = Path("outbox.key")
    outbox_retry_max_s: Annotated[float, Field(ge=1, le=3600)] = 300.0
    # The embedded sandbox (url = "sandbox"): its port (0: any free one) and after how long a demo payment is paid.
    sandbox_port: Annotated[int, Field(ge=0, le=65535)] = 0
    sandbox_pay_after_s: Annotated[float, Field(ge=0, le=3600)] = 20.0
    # Faults the sandbox injects, for soak runs: "error_rate=0.1, drop_after_rate=0.05, latency_s=0.3".
    sandbox_faults: str = ""

    @field_validator("ca_bundle", mode="before")
    @classmethod
    def _no_bundle(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("sandbox_faults")
    @classmethod
    def _faults_shape(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            if not _FAULT.match(part):
                raise ValueError(
                    "comma-separated NAME=NUMBER, NAME one of latency_s, error_rate, hang_rate, hang_s,"
                    f" drop_before_rate, drop_after_rate; not '{part}'"
                )
        return value

    @field_validator("url")
    @classmethod
    def _url_shape(cls, value: str) -> str:
        if value != "sandbox" and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("'sandbox' or an http(s) URL such as 'https://platform.example.gov.cn/api'")
        if value.startswith("http://") and not is_loopback_url(value):
            # Plain HTTP would carry citizens' applications in clear over the village network.
            raise ValueError("an https:// URL (plain http:// only for this machine: 127.0.0.1, ::1, localhost)")
        return value


class Maintenance(Section):
    idle_exit_s: Annotated[int, Field(ge=30, le=3600)] = 120
    demo_pin: str = ""
    # Prometheus metrics on 127.0.0.1 at this port; 0: off.
    metrics_port: Annotated[int, Field(ge=0, le=65535)] = 0
    heartbeat_s: Annotated[int, Field(ge=10, le=3600)] = 60
    # Where the statistics CSV is written (a USB stick's mount point); empty: data_dir/exports.
    export_dir: str = ""

    @field_validator("demo_pin")
    @classmethod
    def _pin_shape(cls, value: str) -> str:
        if value and not re.fullmatch(r"[0-9]{6,12}", value):
            raise ValueError("empty, or 6 to 12 digits")
        return value


class Voice(Section):
    """Spoken prompts (kiosk.ui.voice): on in 长辈模式 unless muted; `outside_elder_mode` speaks to everyone."""

    mute: bool = False
    volume: Annotated[float, Field(ge=0.0, le=1.0)] = 0.8
    outside_elder_mode: bool = False


class Privacy(Section):
    mask_on_paper: bool = True
    keep_logs_days: Annotated[int, Field(ge=1, le=365)] = 30


class Vision(Section):
    # Photos read from files (kiosk docscan / decode, the camera's file driver): larger ones are refused from
    # their header, before decoding (a 20000 x 20000 photo would need about 3 GB).
    max_image_pixels: Annotated[int, Field(ge=1_000_000, le=200_000_000)] = 50_000_000


class Paths(Section):
    data_dir: Path = Path("../var")
    catalog: Path = Path("catalog.yaml")


class KioskConfig(Section):
    station: Station
    display: Display = Display()
    session: SessionSettings = SessionSettings()
    devices: Devices = Devices()
    backend: Backend = Backend()
    maintenance: Maintenance = Maintenance()
    voice: Voice = Voice()
    privacy: Privacy = Privacy()
    vision: Vision = Vision()
    paths: Paths = Paths()
    source: Path = Field(default=DEFAULT_CONFIG, exclude=True)

    @property
    def data_dir(self) -> Path:
        return self.resolve(self.paths.data_dir)

    @property
    def catalog_path(self) -> Path:
        return self.resolve(self.paths.catalog)

    @property
    def simulated(self) -> bool:
        """True when any device is simulated: the demo controls show only then."""
        d = self.devices
        return "sim" in (d.idcard.driver, d.scanner.driver, d.printer.driver, d.camera.driver)

    @property
    def all_simulated(self) -> bool:
        """The demo terminal: at least one device simulated and none real (each is simulated or absent; codes read
        from the camera count as the camera). Only here may the demo PIN open maintenance."""
        d = self.devices
        scanner = d.camera.driver if d.scanner.driver == "camera" else d.scanner.driver
        drivers = (d.idcard.driver, scanner, d.printer.driver, d.camera.driver, d.face_camera.driver)
        return "sim" in drivers and set(drivers) <= {"sim", "none"} and not d.printer.a4_queue

    def resolve(self, path: Path) -> Path:
        """A path from the file, relative to the file's folder."""
        return path if path.is_absolute() else (self.source.parent / path).resolve()


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--config PATH, else KIOSK_CONFIG, else the shipped embedded default."""
    chosen = explicit or os.environ.get("KIOSK_CONFIG")
    return Path(chosen) if chosen else DEFAULT_CONFIG


def _env_overrides(environ: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """KIOSK_SECTION__KEY=value -> nested dict, and for each dotted key the variable it came from."""
    tree: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        keys = [k.lower() for k in name[len(ENV_PREFIX):].split("__")]
        node = tree
        for key in keys[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                break
        else:
            node[keys[-1]] = _parse_env_value(raw)
            origins[".".join(keys)] = f"{ENV_ORIGIN} {name}"
    return tree, origins


def _parse_env_value(raw: str) -> Any:
    """Environment values are TOML literals when they parse as one (numbers, booleans, arrays), else strings."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return raw


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(source: Path, what: str, what_en: str) -> dict[str, Any]:
    """A TOML file as a dict; ConfigError with one readable sentence when it cannot be read or parsed."""
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{what}不存在 ({what_en} not found): {source}", str(source)) from None
    except IsADirectoryError:
        raise ConfigError(f"{what}路径是一个文件夹，不是文件 (the {what_en} path is a folder, not a file): {source}",
                          str(source)) from None
    except OSError as exc:
        raise ConfigError(f"{what}无法读取 (cannot read the {what_en}: {exc.strerror}): {source}",
                          str(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{what}格式有误 (not valid TOML): {source}: {exc}", str(exc)) from None
    except RecursionError:
        raise ConfigError(f"{what}嵌套过深 (nested too deeply): {source}", "recursion") from None


def _leaf_keys(tree: dict[str, Any], prefix: str = "") -> list[str]:
    keys = []
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        keys += _leaf_keys(value, dotted + ".") if isinstance(value, dict) and value else [dotted]
    return keys


def _validated(raw: dict[str, Any], source: Path, origins: dict[str, str]) -> KioskConfig:
    try:
        return KioskConfig.model_validate({**raw, "source": source.resolve()})
    except ValidationError as exc:
        raise config_error_from(exc, str(source), origins) from None


def load_config(path: str | os.PathLike[str] | None = None, environ: dict[str, str] | None = None,
                settings: Path | None = None) -> KioskConfig:
    """Read, lay the settings file over it (`settings`, else data_dir/settings.toml when it exists), merge
    environment overrides and validate; raise ConfigError with one readable paragraph."""
    source = config_path(path)
    raw = _read_toml(source, "配置文件", "config file")
    overrides, origins = _env_overrides(dict(os.environ if environ is None else environ))
    config = _validated(_merge(raw, overrides), source, origins)
    settings = settings or config.data_dir / SETTINGS_FILE
    if not settings.exists():
        return config
    overlay = _read_toml(settings, "设置文件", "settings file")
    if "paths" in overlay:  # the settings file lives in the data folder: it cannot move it
        raise ConfigError(f"设置文件有误 (configuration error) — {settings}: [paths] is set only in {source} or the "
                          "environment; remove it here.", "paths in the settings file")
    # Every key of the settings file is named as coming from it; the environment still wins.
    overlay_origins = dict.fromkeys(_leaf_keys(overlay), str(settings))
    return _validated(_merge(_merge(raw, overlay), overrides), source, {**overlay_origins, **origins})


def probe_write(folder: Path) -> None:
    """A real write in `folder`, or the OSError it raises: os.access says yes to root on a read-only mount. The probe's
    name is this process's own, since kiosks started together (the screenshot sizes, a service and `kiosk doctor`)
    probe the same folder, and one unlinking a shared name under another made that one see its folder vanish."""
    fd, name = tempfile.mkstemp(prefix=".write-test-", dir=folder)
    os.close(fd)
    os.unlink(name)


def check_data_dir(config: KioskConfig) -> Path:
    """The data folder, created when missing; a ConfigError naming it when it is a file, cannot be written or holds
    data in a format this kiosk does not know (kiosk.base.data_format)."""
    folder = config.data_dir
    where = f"{config.source} [paths] data_dir, or KIOSK_PATHS__DATA_DIR"
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"数据文件夹是一个文件 (the data folder is a file): {folder} ({where}); give a folder",
                          str(folder))
    try:
        # 0700 as the service's StateDirectoryMode: the outbox, keys and accounts are the kiosk user's alone.
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe_write(folder)
    except OSError as exc:
        raise ConfigError(f"数据文件夹无法写入 (the data folder cannot be written: {exc.strerror}): {folder} ({where})."
                          f" {_data_dir_fix(folder)}", str(exc)) from None
    check_data_format(folder)
    return folder


def _data_dir_fix(folder: Path) -> str:
    """How to make the data folder, for the message of a user who may not create it (the kiosk user before the
    service first ran, when systemd's StateDirectory= makes it)."""
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid
        user = "kiosk"
    return f"As root: install -d -m 0700 -o {user} -g {user} {folder}"


def scratch_copy(config: KioskConfig, folder: Path) -> KioskConfig:
    """The same kiosk with its own state inside `folder`, simulated devices and the sandbox platform: for
    screenshots, benchmarks and tests, which must never touch a terminal's outbox, keys, statistics or hardware,
    nor talk to the real platform."""
    data = config.model_dump()
    folder.mkdir(parents=True, exist_ok=True)
    # The file too, for what edits it (the maintenance settings page).
    (folder / "kiosk.toml").write_text(config.source.read_text(encoding="utf-8"), encoding="utf-8")
    var = folder / "var"
    data["paths"].update(data_dir=var, catalog=config.catalog_path)
    data["backend"].update(url="sandbox", secret_file=var / "secret.key", outbox_file=var / "outbox.sqlite",
                           outbox_key_file=var / "outbox.key")
    data["maintenance"].update(metrics_port=0, export_dir="")
    for device in data["devices"].values():
        if device["driver"] != "none":
            device["driver"] = "sim"
    return KioskConfig.model_validate({**data, "source": folder / "kiosk.toml"})
