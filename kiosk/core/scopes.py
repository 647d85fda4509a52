"""经营范围 chosen from standard phrases (`config/business_scopes.yaml`) rather than typed: up to `max_choices`
phrases, and 其他 typed. The field keeps one text, the phrases joined with "；" and what was typed last. 低保申请's
申请理由 is chosen the same way from `config/relief_reasons.yaml`.

Pure: the picker widget shows the phrases and sends the touches here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kiosk import CONFIG_DIR
from kiosk.base.validation import load_model

SCOPES_FILE = CONFIG_DIR / "business_scopes.yaml"
# A text field's `choose_from` -> the file of its phrases.
PHRASE_FILES = {"business_scopes": SCOPES_FILE, "relief_reasons": CONFIG_DIR / "relief_reasons.yaml"}
SEPARATOR = "；"


class Industry(BaseModel):
    """A 行业表述 of a company's name (kiosk.core.company_names), offered first to whoever chose its phrases."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Annotated[str, Field(min_length=2, max_length=8)]
    phrases: list[str] = []


class ScopeList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    max_choices: Annotated[int, Field(ge=1, le=20)]
    phrases: Annotated[list[Annotated[str, Field(min_length=2, max_length=40)]], Field(min_length=1)]
    industries: list[Industry] = []

    @field_validator("phrases")
    @classmethod
    def _plain(cls, value: list[str]) -> list[str]:
        bad = [p for p in value if SEPARATOR in p or value.count(p) > 1]
        if bad:
            raise ValueError(f"each phrase once and without '{SEPARATOR}': {', '.join(bad)}")
        return value

    @model_validator(mode="after")
    def _industries_known(self) -> ScopeList:
        unknown = [p for industry in self.industries for p in industry.phrases if p not in self.phrases]
        if unknown:
            raise ValueError(f"industries name phrases not in the list: {', '.join(unknown)}")
        return self


def load_scopes(path: Path = SCOPES_FILE) -> ScopeList:
    return load_model(path, ScopeList, f"{path.name} (phrases to choose) ")


def phrase_list(choose_from: str) -> ScopeList:
    """The phrases a field with this `choose_from` offers."""
    return load_scopes(PHRASE_FILES[choose_from])


def compose(chosen: list[str], other: str) -> str:
    """The field's text: the chosen phrases in the order chosen, then what was typed."""
    return SEPARATOR.join([*chosen, other.strip()] if other.strip() else chosen)


def split(value: str, phrases: list[str]) -> tuple[list[str], str]:
    """The chosen phrases and the typed rest of a field's text (a value typed before, or from another terminal,
    is all rest unless its parts are phrases)."""
    parts = [p for p in value.split(SEPARATOR) if p.strip()]
    chosen = [p for p in parts if p in phrases]
    return chosen, SEPARATOR.join(p for p in parts if p not in phrases)


def toggle(chosen: list[str], phrase: str, limit: int) -> list[str]:
    """A phrase touched: taken off if chosen, else added unless `limit` are chosen already."""
    if phrase in chosen:
        return [p for p in chosen if p != phrase]
    return [*chosen, phrase] if len(chosen) < limit else chosen


def touches(value: str, phrases: list[str]) -> tuple[int, str]:
    """Touches for the phrases of `value`, and the rest to type after touching 其他 (kiosk bench flow)."""
    chosen, other = split(value, phrases)
    return len(chosen) + (1 if other else 0), other
