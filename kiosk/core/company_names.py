"""企业名称 composed rather than typed: 行政区划 + 字号 + 行业表述 + 组织形式 (宁城县 + 富民 + 农业科技 + 有限公司), the
parts the registration authority reads a name by. The citizen writes only the 字号; the 行业表述 is chosen (those of
the 经营范围 chosen first, the first of them taken until another is touched) and the 组织形式 follows from the 企业类型.
The field keeps the one composed text the platform expects; a name that is not of these parts is typed whole.

Pure: the picker widget (kiosk/ui/widgets/pickers.py) shows the parts and sends the touches here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.core.addresses import COUNTY
from kiosk.core.catalog import FormField
from kiosk.core.scopes import SEPARATOR, Industry

ZIHAO_LENGTH = (2, 4)  # a 字号 of two to four characters
SUGGESTED = 3  # 行业表述 offered beside the keyboard while the 字号 is written
# The 组织形式 of each 企业类型 (the catalog's choices begin with these words).
FORMS = (("有限责任公司", "有限公司"), ("个人独资企业", "个人独资企业"), ("合伙企业", "合伙企业"))


def organisation_form(company_type: str) -> str:
    """The 组织形式 a name ends with for the 企业类型 chosen (有限公司 while none is)."""
    return next((form for kind, form in FORMS if company_type.startswith(kind)), FORMS[0][1])


@dataclass(frozen=True)
class NameParts:
    zihao: str
    industry: str
    form: str
    county: str = COUNTY

    @property
    def text(self) -> str:
        """The name as the platform takes it ("" until a 字号 is written)."""
        return f"{self.county}{self.zihao}{self.industry}{self.form}" if self.zihao else ""


def with_form(name: str, form: str) -> str:
    """A composed name given another 组织形式 (the 企业类型 changed after it was written); any other name as it is."""
    for old in sorted({f for _, f in FORMS}, key=len, reverse=True):
        if name.startswith(COUNTY) and name.endswith(old):
            return name[: len(name) - len(old)] + form
    return name


def is_company_type(spec: FormField) -> bool:
    """Whether a field is the 企业类型 the 组织形式 follows (a choice of the FORMS' kinds)."""
    return spec.type == "choice" and any(c.startswith(FORMS[0][0]) for c in spec.choices)


def suggested(industries: list[Industry], scope: str) -> list[str]:
    """Every 行业表述, those of the 经营范围 phrases chosen first (in the order chosen), then the list's order."""
    chosen = [p for p in scope.split(SEPARATOR) if p]
    def rank(industry: Industry) -> int:
        return min((chosen.index(p) for p in industry.phrases if p in chosen), default=len(chosen))
    return [industry.name for industry in sorted(industries, key=rank)]


def split(value: str, industries: list[str], form: str) -> NameParts | None:
    """The parts of a composed name, or None for a name typed whole (or of another 企业类型)."""
    if not value.startswith(COUNTY) or not value.endswith(form):
        return None
    middle = value[len(COUNTY): len(value) - len(form)]
    for industry in sorted(industries, key=len, reverse=True):
        zihao = middle.removesuffix(industry)
        if zihao != middle and ZIHAO_LENGTH[0] <= len(zihao) <= ZIHAO_LENGTH[1]:
            return NameParts(zihao, industry, form)
    return None


def touches(value: str, industries: list[str], form: str, first: str) -> tuple[int, str]:
    """Touches for the 行业表述 of a composed name, and what is written (the 字号; the whole name when it is not
    composed): none for `first`, the one taken by itself, one for another offered beside the keyboard, two for one
    from the whole list (kiosk bench flow)."""
    parts = split(value, industries, form)
    if parts is None:
        return 1, value  # 写全称, then the name
    offered = [first, *[i for i in industries if i != first]][:SUGGESTED]
    if parts.industry == first:
        return 0, parts.zihao
    return (1 if parts.industry in offered else 2), parts.zihao


@dataclass(frozen=True)
class NameContext:
    """What a name field of a form is composed with: the 行业表述 in the order offered, the one taken until another
    is touched, and the 组织形式."""

    industries: list[str]
    first: str
    form: str


def context(fields: list[FormField], answers: dict[str, Any], key: str, industries: list[Industry]) -> NameContext:
    """For the name field `key` of a form: the 组织形式 from the 企业类型 answered, the 行业表述 from the 经营范围
    answered, and an alternative name (a later name field) taking the first name's 行业表述."""
    company_type = next((str(answers.get(f.key, "")) for f in fields if is_company_type(f)), "")
    scope = next((str(answers.get(f.key, "")) for f in fields if f.choose_from == "business_scopes"), "")
    form = organisation_form(company_type)
    offered = suggested(industries, scope)
    first = offered[0] if offered else ""
    names = [f.key for f in fields if f.choose_from == "company_names"]
    if names and key != names[0]:
        parts = split(str(answers.get(names[0], "")), offered, form)
        first = parts.industry if parts else first
    return NameContext(offered, first, form)
