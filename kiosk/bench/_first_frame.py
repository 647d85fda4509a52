"""Child process of `kiosk bench startup`: start an app, print when its first frame was drawn, and exit.

    python -m kiosk.bench._first_frame kiosk CONFIG SCRATCH   # the kiosk, straight to the home screen
    python -m kiosk.bench._first_frame bare CONFIG SCRATCH    # a Kivy app with one label that loads the config
    python -m kiosk.bench._first_frame kivy CONFIG SCRATCH    # a Kivy app with one label, nothing else

SCRATCH is a folder for the kiosk's state during the run (the caller removes it).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def report_first_flip(window: object, ready: object = lambda: True, then: object = None) -> None:
    """On the first frame flipped after `ready()` holds: print the wall time and memory; then, when `then` is
    given, wait for it on a thread (the runtime started after the first frame) and print the memory again."""

    def on_flip(*_: object) -> None:
        if not ready():
            return
        window.unbind(on_flip=on_flip)
        print(json.dumps({"t": time.time(), "rss_mb": rss_mb()}), flush=True)
        if then is None:
            os._exit(0)

        def wait() -> None:
            then()
            print(json.dumps({"t": time.time(), "rss_mb": rss_mb()}), flush=True)
            os._exit(0)

        threading.Thread(target=wait, daemon=True).start()

    window.bind(on_flip=on_flip)


def bare_app(width: int, height: int) -> None:
    """One label in a window of the kiosk's size."""
    from kivy.config import Config

    os.environ["SDL_VIDEODRIVER"] = "offscreen"
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "multisamples", "0")  # as the kiosk sets it, so only the apps differ
    from kivy.app import App
    from kivy.core.window import Window
    from kivy.uix.label import Label

    class Bare(App):
        def build(self) -> Label:
            return Label(text="hello")

    report_first_flip(Window)
    Bare().run()


def main(kind: str, config_path: str, scratch: str) -> None:
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    if kind == "kiosk":
        from kiosk.ui.kivy_setup import kivy_environment

        kivy_environment()  # as `kiosk run` starts (kiosk.cli)
    if kind == "kivy":
        import tomllib

        with open(config_path, "rb") as source:
            display = tomllib.load(source).get("display", {})
        bare_app(display.get("width", 1920), display.get("height", 1080))
        return
    if kind == "kiosk":
        gc.disable()  # as `kiosk run` starts (kiosk.cli.main); the app enables it after the first frame
    from pathlib import Path

    from kiosk.base.config import load_config, scratch_copy

    config = scratch_copy(load_config(config_path), Path(scratch))
    if kind == "bare":
        bare_app(config.display.width, config.display.height)
        return
    from kiosk.core.catalog import load_catalog
    from kiosk.ui.kivy_setup import configure_kivy

    catalog = load_catalog(config.catalog_path)
    configure_kivy(config, offscreen=True)
    from kivy.core.window import Window

    from kiosk.runtime.runtime import Runtime
    from kiosk.ui.app import KioskApp

    # The whole kiosk as configured: devices, simulators and the platform start beside the window.
    runtime = Runtime(config)
    app = KioskApp(config, catalog, runtime)
    app.bind(on_start=lambda *_: app.start_session())
    report_first_flip(Window, lambda: app.screens is not None and app.screens.current == "home",
                      then=lambda: runtime.ready.wait(60))
    app.run()


if __name__ == "__main__":
    main(*sys.argv[1:4])
