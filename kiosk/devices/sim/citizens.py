"""The demo citizens of `config/sim/identities.yaml` as the simulated devices see them: the ID cards the
simulated reader holds (rendered into the card's own text layouts) and the e-ID codes the simulated scanner
shows. The sandbox platform knows the same people."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from kiosk import CONFIG_DIR
from kiosk.base.errors import ConfigError
from kiosk.base.i18n import _
from kiosk.base.validation import load_model

IDENTITIES_FILE = CONFIG_DIR / "sim" / "identities.yaml"
PHOTO_LEN = 1024

_DATE = Field(pattern=r"^\d{8}$")


class SimCitizen(BaseModel):
    # Other parts of the demo (the sandbox platform) keep more facts on the same people: ignore them here.
    model_config = ConfigDict(extra="ignore", frozen=True)

    key: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    label: str = ""
    card: Literal["resident", "hkmo_tw", "foreign_permanent"]
    name: Annotated[str, Field(min_length=1, max_length=15)]
    sex: Literal[0, 1, 2, 9]
    nation: Annotated[str, Field(pattern=r"^\d{2}$")] = "01"
    birth: Annotated[str, _DATE]
    address: Annotated[str, Field(max_length=35)] = ""
    id_number: Annotated[str, Field(min_length=15, max_length=18)]
    authority: Annotated[str, Field(max_length=15)] = ""
    valid_from: Annotated[str, _DATE]
    valid_to: Annotated[str, Field(pattern=r"^(\d{8}|长期)$")]
    pass_number: Annotated[str, Field(max_length=9)] = ""
    issue_count: Annotated[str, Field(pattern=r"^\d{2}$")] = "01"
    english_name: Annotated[str, Field(max_length=46)] = ""
    nationality: Annotated[str, Field(pattern=r"^([A-Z]{3})?$")] = ""
    renewal_count: Annotated[str, Field(pattern=r"^\d{2}$")] = "00"
    eid_code: str = ""

    @property
    def layouts(self) -> tuple[str, ...]:
        """The text layouts this person's card can be rendered in (a foreigner also has the old I card)."""
        return {"resident": ("resident",), "hkmo_tw": ("J",), "foreign_permanent": ("Y", "I")}[self.card]

    @property
    def old_permit_number(self) -> str:
        """The 15-character number of the old (I) foreigner's card: nationality, province, birth, sequence."""
        return f"{self.nationality or 'XXX'}15{self.birth[2:]}0010"

    def text_values(self, layout: str) -> dict[str, str]:
        """The fields of this person's card in `layout` (see kiosk.devices.idcard.text.LAYOUTS)."""
        common = {"sex": str(self.sex), "birth": self.birth, "valid_from": self.valid_from, "valid_to": self.valid_to}
        if layout == "resident":
            return {**common, "name": self.name, "nation": self.nation, "address": self.address,
                    "id_number": self.id_number, "authority": self.authority}
        if layout == "J":
            return {**common, "name": self.name, "address": self.address, "id_number": self.id_number,
                    "authority": self.authority, "pass_number": self.pass_number, "issue_count": self.issue_count}
        if layout == "Y":
            return {**common, "name": self.name, "renewal_count": self.renewal_count,
                    "english_name_1": self.english_name[:35], "english_name_2": self.english_name[35:],
                    "id_number": self.id_number, "nationality": self.nationality}
        if layout == "I":
            return {**common, "english_name": self.english_name, "id_number": self.old_permit_number,
                    "nationality": self.nationality, "name": self.name, "card_version": "02",
                    "authority_code": "1500"}
        raise ConfigError(_("模拟证件版式不存在"), f"no layout {layout!r}")

    def photo(self) -> bytes:
        """Stand-in for the card's encoded portrait: 1024 bytes fixed per person."""
        seed = self.key.encode()
        blocks = (hashlib.sha256(seed + bytes((i,))).digest() for i in range(PHOTO_LEN // 32))
        return b"".join(blocks)


class _File(BaseModel):
    model_config = ConfigDict(extra="ignore")
    citizens: list[SimCitizen]


def load_citizens(path: Path = IDENTITIES_FILE) -> dict[str, SimCitizen]:
    """The card holders by key, validated; a broken file gives one readable ConfigError."""
    return dict(_load(Path(path)))


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[tuple[str, SimCitizen], ...]:
    parsed = load_model(path, _File, "模拟身份 (simulated identities) ")
    return tuple((c.key, c) for c in parsed.citizens)
