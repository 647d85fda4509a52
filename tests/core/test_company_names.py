"""企业名称 composed from 字号, 行业表述 and 组织形式 (kiosk.core.company_names)."""

import pytest

from kiosk import CONFIG_DIR
from kiosk.core import company_names as names
from kiosk.core.catalog import load_catalog
from kiosk.core.scopes import Industry, load_scopes

ITEM = load_catalog(CONFIG_DIR / "catalog.yaml").item("qy-sl")
INDUSTRIES = [Industry(name="商贸", phrases=["日用百货销售"]), Industry(name="农业科技", phrases=["粮食收购"]),
              Industry(name="农牧业", phrases=["饲料销售"]), Industry(name="物流", phrases=["快递服务"])]


@pytest.mark.parametrize(("company_type", "form"), [
    ("有限责任公司（自然人独资）", "有限公司"), ("有限责任公司（自然人投资或控股）", "有限公司"),
    ("个人独资企业", "个人独资企业"), ("合伙企业", "合伙企业"), ("", "有限公司")])
def test_the_organisation_form_follows_the_company_type(company_type: str, form: str) -> None:
    assert names.organisation_form(company_type) == form


def test_a_name_is_county_zihao_industry_and_form_and_nothing_without_a_zihao() -> None:
    assert names.NameParts("富民", "农业科技", "有限公司").text == "宁城县富民农业科技有限公司"
    assert names.NameParts("", "农业科技", "有限公司").text == ""


def test_the_industries_of_the_scope_chosen_come_first_in_the_order_chosen() -> None:
    assert names.suggested(INDUSTRIES, "饲料销售；粮食收购") == ["农牧业", "农业科技", "商贸", "物流"]
    assert names.suggested(INDUSTRIES, "") == ["商贸", "农业科技", "农牧业", "物流"]


def test_a_composed_name_splits_back_into_its_parts_and_a_typed_one_does_not() -> None:
    industries = ["商贸", "农业科技", "农牧业"]
    assert names.split("宁城县富民农业科技有限公司", industries, "有限公司") == names.NameParts("富民", "农业科技", "有限公司")
    assert names.split("宁城县金穗商贸合伙企业", industries, "合伙企业") == names.NameParts("金穗", "商贸", "合伙企业")
    assert names.split("宁城县富民农业科技有限公司", industries, "个人独资企业") is None  # another type chosen since
    assert names.split("赤峰富民农业科技有限公司", industries, "有限公司") is None
    assert names.split("宁城县民农业科技有限公司", industries, "有限公司") is None  # a 字号 of one character
    assert names.split("宁城县富民养殖有限公司", industries, "有限公司") is None


def test_touches_count_the_industry_picked_and_return_what_is_written() -> None:
    industries = ["农业科技", "商贸", "农牧业", "物流"]
    assert names.touches("宁城县富民农业科技有限公司", industries, "有限公司", "农业科技") == (0, "富民")
    assert names.touches("宁城县富民商贸有限公司", industries, "有限公司", "农业科技") == (1, "富民")
    assert names.touches("宁城县富民物流有限公司", industries, "有限公司", "农业科技") == (2, "富民")
    assert names.touches("宁城县富民养殖场", industries, "有限公司", "农业科技") == (1, "宁城县富民养殖场")


def test_the_shipped_list_names_only_phrases_it_has() -> None:
    scopes = load_scopes()
    assert scopes.industries
    assert {p for i in scopes.industries for p in i.phrases} <= set(scopes.phrases)


def test_the_context_takes_the_type_and_scope_answered_and_an_alternative_the_first_names_industry() -> None:
    item = ITEM
    answers = {"company_type": "合伙企业", "scope": "饲料销售；粮食收购"}
    first = names.context(item.fields, answers, "company_name", INDUSTRIES)
    assert (first.industries[:2], first.first, first.form) == (["农牧业", "农业科技"], "农牧业", "合伙企业")
    answers["company_name"] = "宁城县富民农业科技合伙企业"
    assert names.context(item.fields, answers, "alt_name_1", INDUSTRIES).first == "农业科技"
    assert names.context(item.fields, {}, "company_name", INDUSTRIES).form == "有限公司"


def test_another_company_type_changes_the_form_of_the_names_composed_and_leaves_a_name_typed_whole() -> None:
    assert names.with_form("宁城县丰盛农业科技有限公司", "合伙企业") == "宁城县丰盛农业科技合伙企业"
    assert names.with_form("宁城县丰盛农业科技个人独资企业", "有限公司") == "宁城县丰盛农业科技有限公司"
    assert names.with_form("赤峰丰盛养殖场", "合伙企业") == "赤峰丰盛养殖场"


def test_the_flow_gives_the_names_the_form_of_the_type_chosen_after_them() -> None:
    import datetime as dt

    from kiosk.core.flow import FieldSet, ItemFlow
    from kiosk.core.session import CitizenSession

    flow = ItemFlow(ITEM, CitizenSession(), today=dt.date(2026, 12, 5))
    flow.handle(FieldSet("company_name", "宁城县丰盛农业科技有限公司"))
    flow.handle(FieldSet("alt_name_1", "宁城县金丰农业科技有限公司"))
    flow.handle(FieldSet("company_type", "合伙企业"))
    answers = flow.session.answers
    assert (answers["company_name"], answers["alt_name_1"]) == ("宁城县丰盛农业科技合伙企业", "宁城县金丰农业科技合伙企业")
    assert "alt_name_2" not in answers
