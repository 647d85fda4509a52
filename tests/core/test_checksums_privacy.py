"""Check digits (docs/devices/checksums.md) and masking of personal data."""

import datetime as dt
import logging

import pytest

from kiosk.base.privacy import MaskingFilter, mask_bank_card, mask_id_number, mask_name, mask_phone, mask_text
from kiosk.core.checksums import id_number_sex, id_number_valid, luhn_valid, phone_valid, uscc_valid


@pytest.mark.parametrize("number", ["360426199101010071", "11010519491231002X", "11010519491231002x", "150429196203150012"])
def test_valid_id_numbers(number: str) -> None:
    assert id_number_valid(number)


@pytest.mark.parametrize("number", [
    "360426199101010072",  # wrong check character
    "36042619910101007",   # too short
    "360426199113010071",  # month 13
    "15042930000101001X",  # born in the future
    "3604261991010100A1",  # not digits
])
def test_invalid_id_numbers(number: str) -> None:
    assert not id_number_valid(number, today=dt.date(2026, 11, 27))


def test_sex_from_the_17th_digit() -> None:
    assert id_number_sex("150429196203150012") == "男"
    assert id_number_sex("150429195508080022") == "女"


def test_uscc() -> None:
    assert uscc_valid("91110000600037341L")
    assert not uscc_valid("91110000600037341M")
    assert not uscc_valid("9111000060003734IL")  # I is not in the alphabet


def test_luhn_and_phone() -> None:
    assert luhn_valid("6222021234567890128") and luhn_valid("4111 1111 1111 1111")
    assert not luhn_valid("6222021234567890127") and not luhn_valid("411111111111")
    assert phone_valid("13947651234") and not phone_valid("12947651234") and not phone_valid("1394765123")


def test_masks() -> None:
    assert mask_name("王建国") == "王*国"
    assert mask_name("李娜") == "李*"
    assert mask_name("PETROV IVAN") == "P***** I***"
    assert mask_id_number("150429196203150012") == "1504**********0012"
    assert mask_phone("13947651234") == "139****1234"
    assert mask_bank_card("6222021234567890128") == "***************0128"


def test_mask_text_finds_numbers_in_free_text() -> None:
    text = "card 150429196203150012 phone 13947651234 bank 6222021234567890128 order 12345"
    assert mask_text(text) == "card 1504**********0012 phone 139****1234 bank ***************0128 order 12345"


def test_logging_filter_masks_before_handlers(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.masking")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="test.masking"):
        logger.info("read card %s", "150429196203150012")
    assert "150429196203150012" not in caplog.text
    assert "1504**********0012" in caplog.text
