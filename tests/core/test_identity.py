import datetime as dt
import logging

import pytest

from kiosk.base.privacy import mask_address
from kiosk.core.identity import (
    NATIONS,
    NO_EXPIRY_DATE,
    Identity,
    IdentitySource,
    IdentityType,
    nation_name,
    sex_name,
)

BASE_KEYS = ["type", "name", "sex", "birth", "address", "id_number", "authority", "valid_from", "valid_to",
             "expired", "id_valid"]


def wang() -> Identity:
    return Identity(
        type=IdentityType.RESIDENT,
        name="王建国",
        id_number="150429196203150012",
        sex="男",
        nation="汉",
        birth=dt.date(1962, 3, 15),
        address="内蒙古自治区赤峰市宁城县右北平镇北洼子村三组18号",
        authority="宁城县公安局",
        valid_from=dt.date(2016, 5, 12),
        valid_to=dt.date(2036, 5, 12),
        layout="resident",
        photo=bytearray(b"\x11" * 1024),
    )


def test_repr_str_and_logs_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    person = wang()
    for shown in (repr(person), str(person), f"{person}", repr([person])):
        assert "王*国" in shown and "1504**********0012" in shown
        assert "王建国" not in shown and "150429196203150012" not in shown and "北洼子" not in shown
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("card %r / %s", person, person)
    assert "王建国" not in caplog.text and "150429196203150012" not in caplog.text


def test_json_of_a_resident_has_exactly_the_issue_keys_and_reveals_only_on_request() -> None:
    person = wang()
    revealed = person.to_json(reveal=True, today=dt.date(2026, 1, 1))
    assert list(revealed) == ["type", "name", "sex", "nation", *BASE_KEYS[3:]]
    assert revealed == {
        "type": "resident", "name": "王建国", "sex": "男", "nation": "汉", "birth": "1962-03-15",
        "address": "内蒙古自治区赤峰市宁城县右北平镇北洼子村三组18号", "id_number": "150429196203150012",
        "authority": "宁城县公安局", "valid_from": "2016-05-12", "valid_to": "2036-05-12", "expired": False,
        "id_valid": True,
    }
    masked = person.to_json(today=dt.date(2026, 1, 1))
    assert set(masked) == set(revealed)
    assert masked["name"] == "王*国"
    assert masked["id_number"] == "1504**********0012"
    assert masked["birth"] == "1962-**-**"
    assert masked["address"].startswith("内蒙古自治区赤峰市宁城县") and "北洼子" not in masked["address"]


def test_json_of_other_cards_adds_their_fields_and_no_nation() -> None:
    permit = Identity(IdentityType.HKMO_TW, "陈嘉欣", "810000199006120022", sex="女", birth=dt.date(1990, 6, 12),
                      valid_from=dt.date(2022, 1, 5), valid_to=dt.date(2027, 1, 5), pass_number="H60123456")
    out = permit.to_json(reveal=True)
    assert set(out) == set(BASE_KEYS) | {"pass_number"}
    assert out["pass_number"] == "H60123456"
    assert permit.to_json()["pass_number"] == "H601*3456"
    foreigner = Identity(IdentityType.FOREIGN_PERMANENT, "伊万", "915643198503010015", english_name="PETROV IVAN",
                         nationality="RUS", valid_to=NO_EXPIRY_DATE)
    out = foreigner.to_json(reveal=True)
    assert set(out) == set(BASE_KEYS) | {"english_name", "nationality"}
    assert out["valid_to"] == "长期" and out["expired"] is False
    assert foreigner.to_json()["english_name"] == "P***** I***"


def test_expiry_is_judged_against_today_and_no_expiry_never_expires() -> None:
    person = wang()
    assert not person.expired(dt.date(2036, 5, 12))  # the last valid day
    assert person.expired(dt.date(2036, 5, 13))
    person.valid_to = NO_EXPIRY_DATE
    assert not person.expired(dt.date(9999, 12, 31))
    assert person.to_json()["valid_to"] == "长期"
    person.valid_to = None  # not known (typed or e-ID): not judged here, and not shown as 长期
    assert not person.expired() and person.to_json()["valid_to"] == ""


def test_id_valid_checks_the_number() -> None:
    person = wang()
    assert person.id_valid
    person.id_number = "150429196203150013"
    assert not person.id_valid
    old_card = Identity(IdentityType.FOREIGN_PERMANENT, "伊万", "RUS158503010010", layout="I")
    assert old_card.id_valid
    old_card.id_number = "RUS15850301001"
    assert not old_card.id_valid


def test_wipe_overwrites_the_photo_and_forgets_everything() -> None:
    person = wang()
    photo = person.photo
    person.wipe()
    assert photo == bytearray(1024)  # the very buffer that held the portrait is zeroed
    assert person.photo == bytearray()
    assert person.is_empty
    assert person.name == "" and person.address == "" and person.birth is None and person.portrait is None
    assert "王" not in repr(person)


def test_identity_from_a_typed_number_takes_birth_and_sex_from_it() -> None:
    typed = Identity.from_id_number(" 11010519491231002x ", name="某人")
    assert typed.id_number == "11010519491231002X"
    assert typed.birth == dt.date(1949, 12, 31) and typed.sex == "女"
    assert typed.source is IdentitySource.TYPED and typed.id_valid
    assert typed.age(dt.date(2026, 1, 1)) == 76
    wrong = Identity.from_id_number("1504291962031500", source=IdentitySource.EID)
    assert not wrong.id_valid and wrong.birth is None and wrong.source is IdentitySource.EID


def test_sex_and_nation_tables() -> None:
    assert [sex_name(c) for c in "0129"] == ["未知", "男", "女", "未说明"]
    assert sex_name("7") == "未知"
    assert len(NATIONS) == 58
    assert nation_name("02") == "蒙古" and nation_name("2") == "蒙古" and nation_name("56") == "基诺"
    assert nation_name("98") == "外国血统中国籍人士"
    assert nation_name("77") == "其他"


@pytest.mark.parametrize(
    "address, kept",
    [
        ("内蒙古自治区赤峰市宁城县右北平镇北洼子村三组18号", "内蒙古自治区赤峰市宁城县"),
        ("北京市海淀区中关村大街1号", "北京市海淀区"),
        ("内蒙古自治区赤峰市", "内蒙古自治区"),
        ("", ""),
    ],
)
def test_mask_address_keeps_the_region_only(address: str, kept: str) -> None:
    masked = mask_address(address)
    assert masked.startswith(kept)
    assert len(masked) == len(address)
    assert set(masked[len(kept):]) <= {"*"}
