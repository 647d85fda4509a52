"""`kiosk` / `kiosk run`: the kiosk itself, full-screen as configured."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping

from kiosk.commands import add_command, config_of

OFFSCREEN_ENV = "KIOSK_OFFSCREEN"


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "run", help="run the kiosk (the default when no subcommand is given)")
    p.add_argument("--offscreen", action="store_true",
                   help=f"draw offscreen, with no display (demos, tests; also {OFFSCREEN_ENV}=1). Without it the "
                        "kiosk refuses to run when no display answers rather than show a blank screen")
    p.set_defaults(func=run_kiosk)


def offscreen_asked(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> bool:
    """`--offscreen`, or KIOSK_OFFSCREEN=1 in the environment (a unit or a demo script)."""
    return bool(getattr(args, "offscreen", False)) or environ.get(OFFSCREEN_ENV, "") == "1"


def run_kiosk(args: argparse.Namespace) -> int:
    from kiosk.base.data_format import claim_data_format
    from kiosk.base.logs import setup_logging
    from kiosk.base.storage import private_umask
    from kiosk.core.catalog import load_catalog

    private_umask()  # logs, statistics, receipts of the virtual printer, caches: nobody else's to read
    config = config_of(args)
    claim_data_format(config.data_dir)  # after the check every command makes: this start writes it the first time
    catalog = load_catalog(config.catalog_path)
    setup_logging(config.data_dir / "logs", keep_days=config.privacy.keep_logs_days, station=config.station.id)
    from kiosk.runtime.central import CentralConfig

    central = CentralConfig.for_config(config)
    config, catalog = central.startup(catalog)  # the platform's last good catalog and overlay, when there is one

    from kiosk.ui.kivy_setup import configure_kivy, require_display, sdl_video_driver

    offscreen = offscreen_asked(args)
    configure_kivy(config, offscreen=offscreen)
    from kiosk.runtime.runtime import Runtime
    from kiosk.ui.app import KioskApp  # creates the window: SDL has chosen its video driver

    require_display(sdl_video_driver(), offscreen)
    app = KioskApp(config, catalog, Runtime(config, central=central))
    app.run()
    return app.exit_code  # 75 after 退出到桌面, so the service manager leaves the desktop alone
