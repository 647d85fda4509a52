"""The county's medical institutions (`config/hospitals.yaml`), for choosing 就诊医院 rather than typing it.

Validated here so a typo stops the start with a clear message. The list is the demo's until the county's health
bureau has checked it (the file's `checked`); a hospital not on it is typed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk import CONFIG_DIR
from kiosk.base.validation import load_model

HOSPITALS_FILE = CONFIG_DIR / "hospitals.yaml"


class Hospital(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Annotated[str, Field(min_length=2, max_length=40)]
    town: Annotated[str, Field(min_length=2)]
    level: Literal["county", "township"]


class HospitalList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    checked: bool
    hospitals: Annotated[list[Hospital], Field(min_length=1)]

    @field_validator("hospitals")
    @classmethod
    def _unique(cls, value: list[Hospital]) -> list[Hospital]:
        names = [h.name for h in value]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"each hospital once; repeated: {', '.join(twice)}")
        return value


def load_hospitals(path: Path = HOSPITALS_FILE) -> HospitalList:
    return load_model(path, HospitalList, "医院名录 (hospital list) ")


def names(hospitals: HospitalList) -> list[str]:
    """The names in the order shown: the county's hospitals first, then the towns' health centres."""
    return [h.name for h in sorted(hospitals.hospitals, key=lambda h: h.level != "county")]
