"""The catalog: the 11 items, their fields and materials, and the public services, from `config/catalog.yaml`.

Validated into typed models; an unknown field type, a duplicate code or a reference to an unknown department is a
ConfigError naming the file, the key and the value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk import CONFIG_DIR
from kiosk.base.assets import icon_names
from kiosk.base.errors import ConfigError
from kiosk.base.i18n import N_, _
from kiosk.base.validation import config_error_from
from kiosk.base.yamlfile import load_yaml

DEFAULT_CATALOG = CONFIG_DIR / "catalog.yaml"

Way = Literal["immediate", "promised", "appointment", "extended", "self"]
FieldType = Literal["text", "id_number", "phone", "uscc", "bank_card", "date", "money", "choice", "address", "persons"]
IdentityKind = Literal["idcard", "eid", "typed", "uscc"]
Level = Literal["village", "township", "county", "bank"]
ResultKind = Literal["payment", "query", "certificate", "acceptance", "check", "report"]
StationLevel = Literal["village", "township", "bank"]
# The receipt family each kind of result prints (kiosk.receipts.kinds); an item's `prints.kind` is the family or
# one of its members (certificate-property).
PRINTED_FAMILY: dict[str, str] = {"payment": "payment", "query": "query", "certificate": "certificate",
                                  "acceptance": "acceptance", "report": "acceptance", "check": "check"}
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _no_duplicates(codes: list[str], what: str) -> None:
    repeated = sorted(code for code, n in Counter(codes).items() if n > 1)
    if repeated:
        raise ValueError(f"each {what} once; repeated: {', '.join(repeated)}")


class WayInfo(Model):
    name: str
    hint: str


class Department(Model):
    code: Code
    name: str
    full_name: str
    phone: str = ""


class FormField(Model):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: str
    type: FieldType
    required: bool = True
    choices: list[str] = Field(default_factory=list)
    max_length: Annotated[int, Field(ge=1, le=2000)] = 100
    # From the card (name, id_number, address), the phone on record, or the bank of the card on record once that
    # card is taken (bank).
    prefill: Literal["", "name", "id_number", "address", "phone", "bank"] = ""
    # For text: a list the answer is chosen from, typing kept for what is not on it (kiosk.core.keypress.PICKERS).
    choose_from: Literal["", "hospitals", "business_scopes", "relief_reasons", "company_names"] = ""
    # For dates: the key of another date field of the item that this one may not be earlier than.
    not_before: str = ""
    # For `persons`: the columns of each person, and how many persons.
    fields: list[FormField] = Field(default_factory=list)
    min_items: Annotated[int, Field(ge=0)] = 0
    max_items: Annotated[int, Field(ge=1, le=50)] = 10
    # For `persons`: the card holder's household on record is offered to tick (kiosk.core.household).
    household: bool = False

    @model_validator(mode="after")
    def _shape_fits_type(self) -> FormField:
        if self.type == "choice" and not self.choices:
            raise ValueError(f"field '{self.key}' of type choice to list its choices")
        if self.type == "persons":
            if not self.fields:
                raise ValueError(f"field '{self.key}' of type persons to list the fields of each person")
            if any(f.type == "persons" for f in self.fields):
                raise ValueError(f"field '{self.key}': no persons list inside a persons list")
            if self.min_items > self.max_items:
                raise ValueError(f"field '{self.key}': min_items not above max_items")
            _no_duplicates([f.key for f in self.fields], f"field key in '{self.key}'")
        elif self.fields:
            raise ValueError(f"field '{self.key}': only persons fields have sub-fields")
        elif self.household:
            raise ValueError(f"field '{self.key}': only persons fields take the household on record")
        if self.choose_from and self.type != "text":
            raise ValueError(f"field '{self.key}': only text fields are chosen from a list (choose_from)")
        return self


class Material(Model):
    code: Code
    name: str
    required: bool = True
    pages: Annotated[int, Field(ge=1, le=50)] = 1
    example: str = ""
    source: Literal["document_camera", "face_camera"] = "document_camera"
    # A photo is taken now, and the original paper must reach the counter within this many working days.
    original_within_days: Annotated[int, Field(ge=1, le=365)] | None = None


class Guide(Model):
    conditions: list[str]
    fees: str
    legal_basis: list[str]
    where: str
    notes: str = ""


class Printed(Model):
    """The document an item gives the citizen: its receipt kind and the title printed on it."""

    kind: Annotated[str, Field(pattern=r"^[a-z]+(-[a-z]+)?$")]
    title: Annotated[str, Field(min_length=2, max_length=20)]


class Item(Model):
    code: Code
    name: str
    short_name: Annotated[str, Field(max_length=10)]
    dept: Code
    way: Way
    promised_days: Annotated[int, Field(ge=1, le=365)] | None = None
    promised_unit: Literal["working_days", "days"] = "working_days"
    identity: Annotated[list[IdentityKind], Field(min_length=1)]
    levels: Annotated[list[Level], Field(min_length=1)]
    icon: str
    result: ResultKind
    prints: Printed
    # For payments: the contribution of one insured person for the year, in yuan.
    amount_per_person: Annotated[Decimal, Field(gt=0, max_digits=9, decimal_places=2)] | None = None
    fields: list[FormField] = Field(default_factory=list)
    materials: list[Material] = Field(default_factory=list)
    guide: Guide

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        if (self.result == "payment") != (self.amount_per_person is not None):
            raise ValueError(f"item '{self.code}': amount_per_person set exactly when the result is a payment")
        if (self.way == "promised") != (self.promised_days is not None):
            raise ValueError(f"item '{self.code}': promised_days set exactly when the way is 'promised'")
        _no_duplicates([f.key for f in self.fields], f"field key of item '{self.code}'")
        dates = {f.key for f in self.fields if f.type == "date"}
        for f in self.fields:
            if f.not_before and (f.type != "date" or f.not_before not in dates):
                raise ValueError(f"item '{self.code}': field '{f.key}' not_before to name another date field")
        _no_duplicates([m.code for m in self.materials], f"material code of item '{self.code}'")
        family = PRINTED_FAMILY[self.result]
        if self.prints.kind != family and not self.prints.kind.startswith(family + "-"):
            raise ValueError(f"item '{self.code}': a {self.result} result prints a '{family}' document, "
                             f"not '{self.prints.kind}'")
        return self

    def offered_at(self, level: StationLevel) -> bool:
        """Whether a terminal of this station level offers the item (the catalog's levels are the one rule)."""
        return level in self.levels

    @property
    def promise_text(self) -> str:
        """承诺办 items show their promised time, e.g. '20个工作日'."""
        if self.promised_days is None:
            return ""
        unit = "个工作日" if self.promised_unit == "working_days" else "天"
        return f"{self.promised_days}{unit}"

    def promise_words(self, translate: Callable[[str], str] = _) -> str:
        """The promised time on screen, in the session's language ('20 working days') or the one `translate`
        gives (a bilingual tile's Chinese); paper keeps promise_text."""
        days = self.promised_days
        if days is None:
            return ""
        if self.promised_unit == "working_days":
            return translate(N_("1个工作日")) if days == 1 else translate(N_("{n}个工作日")).format(n=days)
        return translate(N_("1天")) if days == 1 else translate(N_("{n}天")).format(n=days)


class Service(Model):
    code: Code
    name: str
    hint: str
    icon: str


class HomeGroup(Model):
    title: str
    departments: Annotated[list[Code], Field(min_length=1)]


class Home(Model):
    groups: Annotated[list[HomeGroup], Field(min_length=1)]
    elder_items: Annotated[list[Code], Field(min_length=1, max_length=6)]


class Catalog(Model):
    version: Annotated[int, Field(ge=1)]
    ways: dict[Way, WayInfo]
    departments: Annotated[list[Department], Field(min_length=1)]
    home: Home
    items: Annotated[list[Item], Field(min_length=1)]
    services: list[Service] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> Catalog:
        _no_duplicates([d.code for d in self.departments], "department code")
        _no_duplicates([i.code for i in self.items] + [s.code for s in self.services], "item or service code")
        known = {d.code for d in self.departments}
        for item in self.items:
            if item.dept not in known:
                raise ValueError(f"item '{item.code}' to name a known department ({', '.join(sorted(known))}), not '{item.dept}'")
            if item.way not in self.ways:
                raise ValueError(f"a 'ways' entry for '{item.way}', used by item '{item.code}'")
        grouped = [code for group in self.home.groups for code in group.departments]
        _no_duplicates(grouped, "department in home.groups")
        if set(grouped) != known:
            raise ValueError(f"home.groups to place every department exactly once ({', '.join(sorted(known))})")
        item_codes = {i.code for i in self.items}
        stray = [code for code in self.home.elder_items if code not in item_codes]
        if stray:
            raise ValueError(f"home.elder_items to name catalog items; unknown: {', '.join(stray)}")
        unknown_icons = sorted(self.icons() - icon_names())
        if unknown_icons:
            raise ValueError(f"bundled icon names (tools/make_icon_subset.py adds one); unknown: {', '.join(unknown_icons)}")
        return self

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def department(self, code: str) -> Department:
        return next(d for d in self.departments if d.code == code)

    def home_groups(self) -> list[tuple[HomeGroup, list[Item]]]:
        """The home screen's panels with their items, in catalog order."""
        return [(g, [i for i in self.items if i.dept in g.departments]) for g in self.home.groups]

    def offered_at(self, level: StationLevel) -> list[Item]:
        """The items a terminal of this station level offers, in catalog order."""
        return [i for i in self.items if i.offered_at(level)]

    def elder_items(self) -> list[Item]:
        return [self.item(code) for code in self.home.elder_items]

    def icons(self) -> set[str]:
        return {i.icon for i in self.items} | {s.icon for s in self.services}


def load_catalog(path: str | Path | None = None) -> Catalog:
    source = Path(path) if path else DEFAULT_CATALOG
    return catalog_from(load_yaml(source, "事项目录 (catalog) "), str(source))


def catalog_from(raw: object, source: str) -> Catalog:
    """A catalog document already parsed (the file's, or one the platform published), validated the one way;
    `source` names it in the ConfigError."""
    if not isinstance(raw, dict):
        raise ConfigError(f"事项目录格式有误: {source}: expected a mapping at the top level", source)
    try:
        return Catalog.model_validate(raw)
    except ValidationError as exc:
        raise config_error_from(exc, source) from None
