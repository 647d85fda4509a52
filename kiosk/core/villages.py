"""The county's towns and all their administrative villages and communities (`config/villages.yaml`, made once by
tools/make_villages.py from the National Bureau of Statistics' 统计用区划代码, whose source and licence its header
names), for the address picker's town -> village. Checked when first loaded, so a broken file is one clear error;
the station directory's villages (config/stations.yaml) are offered after the list's."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk import CONFIG_DIR
from kiosk.base.validation import load_model
from kiosk.core.addresses import MAX_PART, Place
from kiosk.core.stations import load_stations

VILLAGES_FILE = CONFIG_DIR / "villages.yaml"

Name = Annotated[str, Field(min_length=2, max_length=MAX_PART)]


def _repeated(names: list[str]) -> list[str]:
    return sorted({n for n in names if names.count(n) > 1})


class Town(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Annotated[str, Field(pattern=r"^\d{9}$")]  # the bureau's 乡级 code
    name: Name
    villages: list[Name]

    @field_validator("villages")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if twice := _repeated(value):
            raise ValueError(f"each village once; repeated: {', '.join(twice)}")
        return value


class VillageList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: Annotated[str, Field(min_length=1)]  # where the names came from, and under which licence
    county: Name
    towns: Annotated[list[Town], Field(min_length=1)]

    @field_validator("towns")
    @classmethod
    def _unique(cls, value: list[Town]) -> list[Town]:
        if twice := _repeated([t.name for t in value]) + _repeated([t.code for t in value]):
            raise ValueError(f"each town once; repeated: {', '.join(twice)}")
        return value


def load_villages(path: Path = VILLAGES_FILE) -> VillageList:
    return load_model(path, VillageList, "乡镇村名录 (village list) ")


@cache
def county_places() -> Place:
    """What the address picker offers: the list's towns and villages, then the stations' that it lacks."""
    return Place.from_directory(((t.name, t.villages) for t in load_villages().towns), load_stations().values())
