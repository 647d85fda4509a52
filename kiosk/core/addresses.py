"""An address chosen rather than typed: the town, then the village (the county's towns and villages,
config/villages.yaml through kiosk.core.villages, and those of the station directory, config/stations.yaml), then
组 and 门牌号 on the number pad. The field keeps one address text,
"宁城县{town}{village}{n}组{m}号", which kiosk.core.forms checks as any address; a village in neither is typed.

Pure: the picker widget shows the choices and sends the touches here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kiosk.core.stations import StationEntry

COUNTY = "宁城县"
_STATION_SUFFIX = "便民服务站"
MAX_PART = 20  # a typed village or street
MAX_DIGITS = 4  # of 组 or 门牌号
_NUMBERS = re.compile(r"^(?P<place>.*?)(?:(?P<group>\d+)组)?(?:(?P<number>\d+)号)?$")


@dataclass(frozen=True)
class Place:
    """The county's towns in the directory's order, and the villages of each."""

    towns: tuple[str, ...]
    villages: dict[str, tuple[str, ...]]

    @classmethod
    def from_stations(cls, stations: Iterable[StationEntry]) -> Place:
        towns: dict[str, list[str]] = {}
        for station in stations:
            if station.level == "bank":
                continue
            found = towns.setdefault(station.town, [])
            village = station.name.removesuffix(_STATION_SUFFIX)
            if station.level == "village" and village != station.name and village not in found:
                found.append(village)
        return cls(tuple(towns), {town: tuple(v) for town, v in towns.items()})

    @classmethod
    def from_directory(cls, towns: Iterable[tuple[str, Iterable[str]]], stations: Iterable[StationEntry]) -> Place:
        """The county's towns and villages in the list's order (kiosk.core.villages), then the station directory's
        villages (and towns) that the list does not have."""
        villages = {town: list(names) for town, names in towns}
        stationed = cls.from_stations(stations)
        for town in stationed.towns:
            found = villages.setdefault(town, [])
            found += [v for v in stationed.villages[town] if v not in found]
        return cls(tuple(villages), {town: tuple(v) for town, v in villages.items()})


@dataclass(frozen=True)
class Address:
    town: str = ""
    village: str = ""  # a village of the directory, or typed
    group: str = ""  # digits
    number: str = ""  # digits

    @property
    def value(self) -> str:
        if not self.town:
            return ""
        return (f"{COUNTY}{self.town}{self.village}" + (f"{self.group}组" if self.group else "")
                + (f"{self.number}号" if self.number else ""))

    def with_town(self, town: str) -> Address:
        return Address(town=town)

    def with_village(self, village: str) -> Address:
        return replace(self, village=village)


def parse(value: str, place: Place) -> Address:
    """The parts of an address text the picker made (or one like it); Address() when its town is not the
    county's (it is then typed again from the town)."""
    rest = value.strip().removeprefix(COUNTY)
    town = next((t for t in place.towns if rest.startswith(t)), "")
    if not town:
        return Address()
    found = _NUMBERS.match(rest[len(town):])
    assert found is not None  # every part optional: always matches
    return Address(town, found["place"], found["group"] or "", found["number"] or "")


def touches(value: str, place: Place) -> tuple[int, str]:
    """Touches for `value` on the picker (town, village, the digits of 组, 门牌号 and the key between them), and a
    village to type after 其他村 when it is not in the directory, and 好了 after it (kiosk bench flow)."""
    address = parse(value, place)
    if not address.town or address.value != value.strip():
        raise ValueError(f"not an address the picker makes: {value!r}")
    listed = address.village in place.villages.get(address.town, ())
    count = 1 + 1 + len(address.group) + len(address.number) + (1 if address.number else 0)
    return (count, "") if listed else (count + 1, address.village)
