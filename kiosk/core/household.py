"""What the platform knows of the card holder, offered so that a citizen chooses rather than types: the members of
their household (ticked onto a list of persons) and their bank card (taken as one choice, shown only by its last
four digits). Pure Python: the controller asks the platform, the flow keeps the answer in the session (wiped with
it), the form screen shows it through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.base.i18n import _
from kiosk.base.privacy import mask_id_number, mask_name
from kiosk.core.catalog import FormField
from kiosk.core.checksums import normalize_id_number

# The platform's words for how a member is related to the card holder (those of 低保申请's 与申请人关系).
RELATIONS = ("配偶", "子女", "父母", "孙子女", "其他")


@dataclass(frozen=True)
class Member:
    """One person of the card holder's household on record."""

    id_number: str = field(repr=False)
    name: str = field(repr=False)
    relation: str  # one of RELATIONS

    def __repr__(self) -> str:
        return f"Member({mask_name(self.name)}, {mask_id_number(self.id_number)}, {self.relation})"

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Member:
        return cls(d["id_number"], d["name"], d["relation"])


@dataclass(frozen=True)
class BankCard:
    """The card holder's bank card on record: the number goes into the application, never onto a screen."""

    number: str = field(repr=False)
    bank: str

    def __repr__(self) -> str:
        return f"BankCard({self.bank}, *{self.last_four})"

    @property
    def last_four(self) -> str:
        return self.number[-4:]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> BankCard:
        return cls(d["number"], d["bank"])


@dataclass(frozen=True)
class Contact:
    """The platform's record of how to reach and to pay the card holder ("" / None for what it does not have)."""

    phone: str = field(default="", repr=False)
    bank_card: BankCard | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Contact:
        card = d.get("bank_card")
        return cls(d["phone"] or "", BankCard.from_json(card) if card else None)


def card_label(card: BankCard) -> str:
    """The card on record as the citizen sees it: "尾号 0018 的银行卡"."""
    return _("尾号 {digits} 的银行卡").format(digits=card.last_four)


def bank_card_shown(value: str, card: BankCard | None) -> str:
    """A bank card answer as shown: the card on record by its last four digits, a typed number as typed."""
    if card is not None and value and value == card.number:
        return card_label(card)
    return value


def bank_card_value(shown: str, card: BankCard | None) -> str:
    """The answer behind what a bank card field shows: the card on record for its label (in any language: the
    label is the only text there that is not digits), otherwise the digits typed."""
    if card is not None and shown and not shown.replace(" ", "").isdigit() and card.last_four in shown:
        return card.number
    return shown


def takes_card(spec: FormField, value: Any, card: BankCard | None) -> bool:
    """Whether a bank card field's answer is the card on record."""
    return spec.type == "bank_card" and card is not None and bool(value) and value == card.number


def bank_filled(spec: FormField, answers: dict[str, Any], card: BankCard | None) -> bool:
    """Whether a 开户银行 field (prefill: bank) holds the bank of the card on record, taken on the form: filled
    with it, nothing to answer."""
    return spec.prefill == "bank" and card is not None and answers.get(spec.key) == card.bank and any(
        value == card.number for value in answers.values())


def offers_household(spec: FormField) -> bool:
    """Whether a list of persons takes the household on record (its persons have a name and an ID number)."""
    keys = {c.key for c in spec.fields}
    return spec.type == "persons" and spec.household and {"name", "id_number"} <= keys


def member_person(spec: FormField, member: Member) -> dict[str, Any]:
    """A member as one person of the list: the columns the record fills (name, ID number, relation when the list
    asks it and has the word, else 其他); the others left for the citizen."""
    person: dict[str, Any] = {}
    for column in spec.fields:
        if column.key == "name":
            person["name"] = member.name
        elif column.key == "id_number":
            person["id_number"] = member.id_number
        elif column.key == "relation" and column.choices:
            relation = member.relation if member.relation in column.choices else "其他"
            if relation in column.choices:
                person["relation"] = relation
    return person


def listed(persons: list[dict[str, Any]], member: Member) -> int:
    """Where the member is on the list (-1 when not): by ID number, however it was typed."""
    wanted = normalize_id_number(member.id_number)
    for index, person in enumerate(persons):
        if normalize_id_number(str(person.get("id_number", ""))) == wanted:
            return index
    return -1


def tick(spec: FormField, persons: list[dict[str, Any]], member: Member) -> tuple[list[dict[str, Any]], int]:
    """Tick or untick a member: the new list, and the index of the member added (-1 when it was removed). A member
    already on the list (ticked, or typed in by hand) is taken off."""
    index = listed(persons, member)
    if index >= 0:
        return persons[:index] + persons[index + 1:], -1
    return [*persons, member_person(spec, member)], len(persons)


def first_missing(spec: FormField, person: dict[str, Any]) -> int:
    """The first column of a person the citizen still has to answer (-1 when none: the person is complete)."""
    return next((i for i, column in enumerate(spec.fields) if not person.get(column.key)), -1)


def member_line(member: Member) -> tuple[str, str]:
    """A tick row's words: the name in full (the citizen's own screen) with the relation, and the ID number
    masked."""
    return f"{member.name}  {_(member.relation)}", mask_id_number(member.id_number)
