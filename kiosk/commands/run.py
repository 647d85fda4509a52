"""`kiosk` / `kiosk run`: the kiosk itself, full-screen as configured."""

from __future__ import annotations

import argparse

from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "run", help="run the kiosk (the default when no subcommand is given)")
    p.set_defaults(func=run_kiosk)


def run_kiosk(args: argparse.Namespace) -> int:
    from kiosk.base.data_format import claim_data_format
    from kiosk.base.logs import setup_logging
    from kiosk.base.storage import private_umask
    from kiosk.core.catalog import load_catalog

    private_umask()  # logs, statistics, receipts of the virtual printer, caches: nobody else's to read
    config = config_of(args)
    claim_data_format(config.data_dir)  # after the check every command makes: this start writes it the first time
    catalog = load_catalog(config.catalog_path)
    setup_logging(config.data_dir / "logs", keep_days=config.privacy.keep_logs_days)

    from kiosk.ui.kivy_setup import configure_kivy

    configure_kivy(config)
    from kiosk.runtime.runtime import Runtime
    from kiosk.ui.app import KioskApp

    app = KioskApp(config, catalog, Runtime(config))
    app.run()
    return app.exit_code  # 75 after 退出到桌面, so the service manager leaves the desktop alone
