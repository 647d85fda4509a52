"""Answers of the platform kept on disk, for the screens that list public information (三务公开's notices,
办事导航's places): shown at once while they are fresh, and on days offline with the day they were kept.

The heartbeat fetches them ahead (kiosk.runtime.heartbeat), every half hour; a kept answer counts as fresh for an
hour, so one missed beat does not send the next citizen to wait for the platform. Public information only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.base.storage import write_whole
from kiosk.core.results import StationInfo

log = logging.getLogger(__name__)

FRESH_S = 3600.0
STATIONS = "stations.json"


@dataclasses.dataclass(frozen=True)
class Kept:
    saved_at: str  # the ISO day it was kept: what the screen says offline
    fetched_at: float  # epoch seconds; 0 for a copy kept before this was recorded
    rows: list[dict[str, Any]]

    def fresh(self) -> bool:
        return 0 <= time.time() - self.fetched_at < FRESH_S


def keep(path: Path, key: str, rows: list[dict[str, Any]]) -> None:
    """`rows` kept under `key`, with today's date and the time they were fetched. OSError when not written."""
    document = {"saved_at": dt.date.today().isoformat(), "fetched_at": time.time(), key: rows}
    write_whole(path, json.dumps(document, ensure_ascii=False).encode("utf-8"))


def kept(path: Path, key: str) -> Kept | None:
    """What `keep` wrote, or None when nothing readable is kept."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Kept(str(data["saved_at"]), float(data.get("fetched_at", 0)), list(data[key]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def parsed(rows: list[dict[str, Any]], from_json: Callable[[dict[str, Any]], Any]) -> list[Any] | None:
    """The rows read back into the platform's types; None when a row does not read (a copy from another
    version): the screen then asks the platform, as if nothing were kept."""
    try:
        return [from_json(row) for row in rows]
    except (KeyError, ValueError, TypeError):
        return None


def fresh_rows(path: Path, key: str, from_json: Callable[[dict[str, Any]], Any]) -> list[Any] | None:
    """What is kept at `path` when it was fetched within the hour, read back; else None."""
    copy = kept(path, key)
    return parsed(copy.rows, from_json) if copy is not None and copy.fresh() else None


class StationsCache:
    """办事导航's directory of the county's places, kept in the data folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_dir(cls, data_dir: Path) -> StationsCache:
        return cls(data_dir / STATIONS)

    def refresh(self, client: Any) -> list[StationInfo]:
        """The directory from the platform, kept (a copy that cannot be written is only not kept). PlatformError
        when the platform cannot be asked."""
        stations = client.stations()
        try:
            keep(self.path, "stations", [dataclasses.asdict(s) for s in stations])
        except OSError as exc:
            log.warning("places not kept: %s", exc)  # the screen has its answer; the next refresh tries again
        return stations

    def fresh(self) -> list[StationInfo] | None:
        """The kept directory when it was fetched within the hour, else None."""
        return fresh_rows(self.path, "stations", StationInfo.from_json)

    def load(self) -> list[StationInfo]:
        """The kept directory however old (for a day offline); empty when none is kept."""
        copy = kept(self.path, "stations")
        return (parsed(copy.rows, StationInfo.from_json) or []) if copy is not None else []
