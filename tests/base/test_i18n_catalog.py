"""The English of the catalog and of the device, vision and platform layers: complete, consistent, and what the
layers actually say once the session is in English."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import polib
import pytest
import yaml

from kiosk.backend import errors as platform_errors
from kiosk.backend.outbox import OutboxStatus
from kiosk.base import i18n
from kiosk.base.errors import KioskError
from kiosk.base.i18n_extract import CATALOG, CJK, catalog_messages, code_messages
from kiosk.base.printer_uri import PrinterUriError, parse_printer_uri
from kiosk.core.scopes import load_scopes, phrase_list
from kiosk.devices.idcard import protocol as idcard_protocol
from kiosk.devices.printer.status import Condition, PrinterCondition, Reason
from kiosk.ui.voice import PROMPTS
from kiosk.vision.export import jpeg_bytes

EN = i18n.LOCALE_DIR / "en"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# The areas whose messages this file vouches for (kiosk i18n checks the whole package).
LAYERS = ("kiosk/devices/", "kiosk/vision/", "kiosk/backend/client.py", "kiosk/backend/outbox.py", "kiosk/ui/voice.py")
TILE_CHARS = 18  # a tile holds about this many characters of English on one line


def po_entries() -> list[tuple[Path, polib.POEntry]]:
    return [(path, entry) for path in sorted(EN.glob("*.po")) for entry in polib.pofile(str(path)) if entry.msgid]


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language(i18n.SOURCE)


def test_every_chinese_text_of_the_catalog_has_its_english():
    table = i18n.translations("en")
    missing = [text for text in catalog_messages() if text not in table]
    assert not missing, f"catalog text without English: {missing}"


def test_every_translation_in_every_po_file_keeps_the_placeholders_of_its_msgid():
    entries = po_entries()
    assert any(PLACEHOLDER.search(entry.msgid) for _path, entry in entries)
    broken = [(path.name, entry.msgid, entry.msgstr) for path, entry in entries if entry.msgstr
              and Counter(PLACEHOLDER.findall(entry.msgstr)) != Counter(PLACEHOLDER.findall(entry.msgid))]
    assert broken == []


def test_a_lost_placeholder_is_noticed():
    assert Counter(PLACEHOLDER.findall("还差 {n} 页")) != Counter(PLACEHOLDER.findall("Some pages missing"))
    assert Counter(PLACEHOLDER.findall("{why}（例如 {examples}）")) == Counter(PLACEHOLDER.findall("{why} (e.g. {examples})"))


def test_no_chinese_text_is_translated_twice_across_the_po_files():
    where: dict[str, list[str]] = {}
    for path, entry in po_entries():
        where.setdefault(entry.msgid, []).append(path.name)
    assert {msgid: files for msgid, files in where.items() if len(files) > 1} == {}


@pytest.mark.parametrize("name", ["catalog.po", "devices.po"])
def test_our_translations_are_english_through_and_through(name: str):
    entries = polib.pofile(str(EN / name))
    assert entries.percent_translated() == 100
    assert [e.msgid for e in entries if CJK.search(e.msgstr) or not e.msgstr.strip()] == []


def test_tile_names_fit_on_a_tile_in_english():
    items = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))["items"]
    too_long = {i["short_name"]: i18n.translate("en", i["short_name"]) for i in items
                if len(i18n.translate("en", i["short_name"])) > TILE_CHARS}
    assert too_long == {}


def test_law_titles_are_translated_as_titles():
    assert i18n.translate("en", "《中华人民共和国社会保险法》") == "Social Insurance Law of the People's Republic of China"
    laws = [text for text in catalog_messages() if text.startswith("《")]
    assert len(laws) > 10 and all("《" not in i18n.translate("en", law) for law in laws)


def test_every_message_made_in_the_device_vision_and_platform_layers_has_its_english():
    table = i18n.translations("en")
    ours = {text: places for text, places in code_messages().items()
            if any(str(place).startswith(LAYERS) for place in places)}
    assert len(ours) > 100
    assert [text for text in ours if text not in table] == []


@pytest.mark.parametrize("texts", [
    [message for message, _name in idcard_protocol.SW3.values()],
    list(PROMPTS.values()),
    [platform_errors.MSG_SAVED_FOR_LATER, platform_errors.MSG_TRY_LATER, platform_errors.MSG_SERVICE_UNAVAILABLE,
     platform_errors.MSG_REFUSED],
    load_scopes().phrases,
    [industry.name for industry in load_scopes().industries],
    phrase_list("relief_reasons").phrases,
], ids=["SW3 statuses", "voice prompts", "platform failures", "business scope phrases", "company name trades",
        "relief reasons"])
def test_messages_kept_in_tables_have_their_english_too(texts: list[str]):
    # Tables hold the Chinese msgids and translate where they are used, out of sight of the extraction.
    table = i18n.translations("en")
    assert [text for text in texts if text not in table] == []


# -- what the layers say once the session is in English ---------------------------------------------------------
def test_a_bad_printer_address_is_explained_in_english(english):
    with pytest.raises(PrinterUriError) as bad:
        parse_printer_uri("serial:/dev/ttyS0?baud=1234")
    assert bad.value.message.startswith("Printer address is wrong: the baud rate must be one of 9600")
    assert "(for example " in bad.value.message and not CJK.search(bad.value.message)


def test_the_log_gets_a_bad_printer_address_in_english_while_the_screen_speaks_chinese():
    with pytest.raises(PrinterUriError) as bad:
        parse_printer_uri("tcp:printer")
    assert bad.value.message.startswith("打印机地址有误：应写成 tcp://主机:端口")
    assert bad.value.detail == "bad printer uri 'tcp:printer': write it as tcp://host:port"


def test_printer_conditions_and_unknown_reader_statuses_read_in_english(english):
    assert PrinterCondition(Condition.PROBLEM, Reason.PAPER_OUT).message == "Printer out of paper"
    assert idcard_protocol.sw3_message(0x41) == "Reading failed. Please place your ID card again"
    assert idcard_protocol.sw3_message(0x5A) == "Card reader returned unknown status code 5A"


def test_the_outbox_counts_in_english(english):
    status = OutboxStatus(depth=3, failed=0, oldest_age_s=60.0, last_error="", last_delivery_at=None, sending=False)
    assert status.message == "3 submission(s) waiting: they will be sent when the network is back"


def test_errors_of_the_vision_layer_are_english_for_people_and_english_for_the_log(english):
    with pytest.raises(KioskError) as empty:
        jpeg_bytes(np.zeros((0, 0, 3), dtype=np.uint8))
    assert (empty.value.message, empty.value.detail) == ("No image to save", "empty image")


def test_back_in_chinese_the_same_layers_speak_chinese():
    assert PrinterCondition(Condition.PROBLEM, Reason.PAPER_OUT).message == "打印机缺纸"
    assert idcard_protocol.sw3_message(0x5A) == "读卡器返回未知状态码 5A"
