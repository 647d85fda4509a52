"""The station directory (`config/stations.yaml`): township centres, village stations and bank posts.

The sandbox serves it at GET /v1/stations; validated here so a typo stops the start with a clear message.
What a place offers is the catalog's items of its level (kiosk.core.catalog, `levels`); a station may list
`items` to offer fewer, never one the catalog does not give its level.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk import CONFIG_DIR
from kiosk.base.errors import ConfigError
from kiosk.base.validation import load_model
from kiosk.core.catalog import Catalog, load_catalog

STATIONS_FILE = CONFIG_DIR / "stations.yaml"
_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


class Helper(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Annotated[str, Field(min_length=1, max_length=20)]
    phone: Annotated[str, Field(pattern=r"^1[3-9]\d{9}$")]


class StationEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    station_id: Annotated[str, Field(pattern=r"^150429(-[A-Z]+)+$")]
    name: Annotated[str, Field(min_length=2, max_length=40)]
    level: Literal["township", "village", "bank"]
    town: Annotated[str, Field(min_length=2)]
    address: Annotated[str, Field(min_length=4)]
    hours: list[str]
    phone: Annotated[str, Field(pattern=r"^0476-\d{7,8}$")]
    # None: everything the catalog offers at this level (filled in by load_stations).
    items: list[Annotated[str, Field(pattern=r"^[a-z]{2,4}-[a-z]{2,4}$")]] | None = None
    lat: Annotated[float, Field(ge=40.5, le=42.5)]
    lon: Annotated[float, Field(ge=118.0, le=120.5)]
    helper: Helper

    @field_validator("hours")
    @classmethod
    def _hours_shape(cls, value: list[str]) -> list[str]:
        for span in value:
            if not _HOURS.match(span) or span[:5] >= span[6:]:
                raise ValueError(f"opening spans like '08:30-12:00' (start before end), not '{span}'")
        return value

    def public(self) -> dict[str, object]:
        """What GET /v1/stations shows (the helper's phone is given only to a station that calls for help)."""
        return self.model_dump(exclude={"helper"})


class Directory(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    stations: list[StationEntry]

    @field_validator("stations")
    @classmethod
    def _unique(cls, value: list[StationEntry]) -> list[StationEntry]:
        seen: set[str] = set()
        for s in value:
            if s.station_id in seen:
                raise ValueError(f"unique station ids; '{s.station_id}' appears twice")
            seen.add(s.station_id)
        return value


def _offered(station: StationEntry, catalog: Catalog, path: Path) -> StationEntry:
    """The station with its items: the catalog's for its level, or its own list when that is within them."""
    allowed = [i.code for i in catalog.offered_at(station.level)]
    if station.items is None:
        return station.model_copy(update={"items": allowed})
    stray = [code for code in station.items if code not in allowed]
    if stray:
        levels = "; ".join(f"{code} only at {', '.join(catalog.item(code).levels)}"
                           if code in {i.code for i in catalog.items} else f"{code} is not in the catalog"
                           for code in stray)
        raise ConfigError(f"站点目录有误: {path}: station {station.station_id} ({station.level}) lists items the "
                          f"catalog does not offer at its level: {levels}", str(path))
    return station


def load_stations(path: Path = STATIONS_FILE, catalog: Catalog | None = None) -> dict[str, StationEntry]:
    """Stations by id, in file order, each with the items it offers (checked against `catalog`, by default the
    shipped one)."""
    directory = load_model(path, Directory, "站点目录 (station directory) ")
    catalog = catalog or load_catalog()
    return {s.station_id: _offered(s, catalog, path) for s in directory.stations}
