"""Serial scanners: the framing of the byte stream (pure), and the real driver against the pty simulator."""

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.base.config import Scanner as ScannerConfig
from kiosk.base.errors import ConfigError
from kiosk.core.payloads import PayloadKind, classify_payload
from kiosk.devices.base import State
from kiosk.devices.scanner.serial_scanner import (
    SUFFIXES,
    TRIGGERS,
    UNENDED_S,
    CodeFramer,
    RepeatFilter,
    ScannedCode,
    SerialScanner,
    decode_payload,
    repair_mojibake,
)
from kiosk.devices.sim.pty_port import Pacing

from identity_support import start_scanner_rig, stop_scanner_rig, wait_until

EID = "MSB-EID-7Q2K9XW4"


def frame(framer: CodeFramer, *pieces: bytes, now: float = 0.0) -> list[bytes]:
    out: list[bytes] = []
    for piece in pieces:
        out += framer.feed(piece, now)
    return out


@pytest.mark.parametrize("suffix", ["CR", "LF", "CRLF", "TAB"])
def test_each_suffix_ends_codes_and_several_codes_can_come_in_one_read(suffix: str) -> None:
    end = SUFFIXES[suffix]
    framer = CodeFramer(suffix)
    assert frame(framer, b"ONE" + end + b"TWO" + end + b"THR") == [b"ONE", b"TWO"]
    assert frame(framer, b"EE" + end) == [b"THREE"]


def test_crlf_split_between_reads_gives_one_code() -> None:
    framer = CodeFramer("CRLF")
    assert frame(framer, b"ABC\r") == []
    assert frame(framer, b"\nDEF\r\n") == [b"ABC", b"DEF"]


def test_a_code_split_across_many_reads() -> None:
    framer = CodeFramer("CR")
    assert frame(framer, *[bytes((b,)) for b in EID.encode()]) == []
    assert frame(framer, b"\r") == [EID.encode()]


def test_with_no_suffix_a_pause_ends_a_code() -> None:
    framer = CodeFramer("none", gap_s=0.08)
    assert framer.feed(b"NC2026", 1.00) == []
    assert framer.feed(b"112700000001", 1.05) == []  # 50 ms later: the same code
    assert framer.flush(1.10) == []
    assert framer.flush(1.14) == [b"NC2026112700000001"]
    assert framer.feed(b"NEXT", 2.0) == []
    assert framer.feed(b"", 2.2) == [b"NEXT"]


def test_with_a_suffix_a_pause_mid_code_does_not_cut_it_but_a_code_never_ended_still_counts() -> None:
    framer = CodeFramer("CR", gap_s=0.08)
    assert framer.feed(b"MSB-EID-", 1.0) == []
    assert framer.flush(1.2) == []
    assert framer.feed(b"7Q2K9XW4\r", 1.3) == [EID.encode()]
    assert framer.feed(b"NC20261127000001", 2.0) == []
    assert framer.flush(2.0 + UNENDED_S + 0.01) == [b"NC20261127000001"]


def test_stx_etx_frames_with_or_without_a_suffix_and_text_before_a_frame() -> None:
    framer = CodeFramer("CR")
    assert frame(framer, b"\x02AB", b"C\x03\r\x02DEF\x03") == [b"ABC", b"DEF"]
    assert frame(CodeFramer("none"), b"LOOSE\x02FRAMED\x03") == [b"LOOSE", b"FRAMED"]


def test_a_stray_stx_resynchronises_at_the_next_suffix_or_frame() -> None:
    framer = CodeFramer("CR")
    stream = b"\x02" + EID.encode() + b"\rNC20261127000001\rNC20261127000002\r"
    assert frame(framer, stream) == [EID.encode(), b"NC20261127000001", b"NC20261127000002"]
    assert frame(framer, b"\x02CUT SHORT\x02FRAMED\x03\r") == [b"CUT SHORT", b"FRAMED"]
    assert frame(framer, b"\x02", b"SPLIT", b"\x03\r") == [b"SPLIT"]  # a frame split over reads is still whole


def test_aim_identifiers_and_a_configured_prefix_are_stripped() -> None:
    framer = CodeFramer("CR", prefix=b"#")
    assert frame(framer, b"]Q1" + EID.encode() + b"\r", b"#]E06901234567892\r", b"]\r") == [
        EID.encode(), b"6901234567892", b"]"]


def test_an_oversized_code_is_dropped_and_the_next_one_kept() -> None:
    framer = CodeFramer("CR", max_length=32)
    assert frame(framer, b"X" * 20, b"X" * 20, b"X" * 20) == []
    assert framer.oversized == 1
    assert frame(framer, b"XXX\rOK\r") == [b"OK"]
    assert frame(framer, b"Y" * 33 + b"\r") == []
    assert framer.oversized == 2


def test_trigger_replies_are_not_codes() -> None:
    zebra = CodeFramer("CR", replies=TRIGGERS["zebra"].replies)
    assert frame(zebra, bytes.fromhex("04D00000FF2C") + b"A1\r") == [b"A1"]
    newland = CodeFramer("CR", replies=TRIGGERS["newland"].replies)
    assert frame(newland, b"\x02\x010000#SCN", b"TRG1\x06;\x03B2\r") == [b"B2"]


def test_unknown_suffix_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        CodeFramer("ETX")
    with pytest.raises(ConfigError):
        SerialScanner("/dev/null", trigger="datalogic")


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400), cuts=st.lists(st.integers(0, 400), max_size=10),
       suffix=st.sampled_from(sorted(SUFFIXES)))
def test_fuzz_framing_and_decoding_never_fail(data: bytes, cuts: list[int], suffix: str) -> None:
    framer = CodeFramer(suffix, max_length=64, replies=TRIGGERS["newland"].replies)
    bounds = [0, *sorted(c for c in set(cuts) if c < len(data)), len(data)]
    codes = []
    for i, (start, end) in enumerate(zip(bounds, bounds[1:])):
        codes += framer.feed(data[start:end], i * 0.01)
    codes += framer.flush(100.0)
    for code in codes:
        assert 0 < len(code) <= 64
        text = decode_payload(code)
        assert all(ch.isprintable() or ch == " " for ch in text)


# -- text ----------------------------------------------------------------------------------------------------
def test_text_is_utf8_else_gb18030() -> None:
    assert decode_payload("宁城县政务服务".encode()) == "宁城县政务服务"
    assert decode_payload("宁城县政务服务".encode("gb18030")) == "宁城县政务服务"


def test_shift_jis_mojibake_is_repaired() -> None:
    original = "宁城县"
    mojibake = original.encode("utf-8").decode("shift_jis")
    assert mojibake != original
    assert repair_mojibake(mojibake) == original
    assert decode_payload(mojibake.encode("utf-8")) == original
    assert repair_mojibake("日本語") == "日本語"  # genuine text that is not mojibake stays


def test_control_characters_are_stripped() -> None:
    assert decode_payload(b"\x1b[31mNC\x00123\x7f\xe2\x80\x8b4\x07 ") == "[31mNC1234"


def test_repeat_filter_drops_a_code_held_under_the_scanner() -> None:
    repeats = RepeatFilter(window_s=1.5)
    assert repeats.accept("A", 0.0)
    assert not repeats.accept("A", 1.0)
    assert not repeats.accept("A", 2.0)  # still held: the window runs from the last sight
    assert repeats.accept("B", 2.1)
    assert repeats.accept("A", 2.2)
    assert repeats.accept("A", 4.0)


def test_payload_classifier() -> None:
    assert classify_payload(EID) is PayloadKind.EID
    assert classify_payload("MSB-EID-7q2k9xw4") is PayloadKind.OTHER
    assert classify_payload("MSB-EID-7Q2K9XW45") is PayloadKind.OTHER
    assert classify_payload("NC20261127000001") is PayloadKind.RECEIPT  # NC + 14
    assert classify_payload("NC" + "A1" * 10) is PayloadKind.RECEIPT  # NC + 20
    assert classify_payload("NC" + "1" * 13) is PayloadKind.OTHER
    assert classify_payload("NC" + "1" * 21) is PayloadKind.OTHER
    assert classify_payload("https://example.com/?eid=" + EID) is PayloadKind.OTHER


def test_scanned_codes_show_only_their_kind_and_length() -> None:
    code = ScannedCode(EID, PayloadKind.EID)
    assert repr(code) == str(code) == f"ScannedCode(eid, {len(EID)} characters, serial)"
    person = ScannedCode("姓名:王建国;住址:宁城县天义镇中京大街东段66号;电话:13947651234", PayloadKind.OTHER)
    assert "王建国" not in repr(person) and "宁城县" not in repr(person) and "5123" not in repr(person)


def test_the_driver_logs_a_code_by_kind_and_length_never_its_text(caplog) -> None:
    staff_card = "KIOSK-STAFF-1A2B3C4D-00112233445566778899AABBCCDDEEFF"
    rig = start_scanner_rig(suffix="CR", gap_s=0.05)
    try:
        with caplog.at_level(logging.DEBUG):
            rig.sim.show_code("住址:宁城县天义镇中京大街东段66号 王建国")
            rig.events.wait("code")
            rig.sim.show_code(staff_card)
            rig.events.wait("code", 2)
    finally:
        stop_scanner_rig(rig)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "code scanned: other, 22 characters" in logged
    assert "王建国" not in logged and "宁城县" not in logged and "00112233445566778899" not in logged


# -- the driver against the simulator ------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", sorted(SUFFIXES))
def test_driver_reads_codes_with_each_suffix(suffix: str) -> None:
    rig = start_scanner_rig(suffix=suffix, gap_s=0.05)
    try:
        rig.sim.show_code(EID)
        code = rig.events.wait("code")
        assert code == ScannedCode(EID, PayloadKind.EID)
        rig.sim.show_code("NC20261127000001", stx_etx=True, aim="]Q1")
        assert rig.events.wait("code", 2) == ScannedCode("NC20261127000001", PayloadKind.RECEIPT)
        assert rig.events.threads == {"device-scanner"}
    finally:
        stop_scanner_rig(rig)


def test_driver_with_split_codes_repeats_mojibake_and_oversize() -> None:
    rig = start_scanner_rig(suffix="CRLF", repeat_window_s=60)
    try:
        rig.sim.send_raw(b"MSB-EID-")
        rig.sim.send_raw(b"3MZR8HTC\r")
        rig.sim.send_raw(b"\n")
        assert rig.events.wait("code").text == "MSB-EID-3MZR8HTC"  # type: ignore[attr-defined]
        rig.sim.show_code("MSB-EID-3MZR8HTC")  # held under the scanner: dropped
        rig.sim.show_code("宁城县", mojibake=True)
        assert rig.events.wait("code", 2).text == "宁城县"  # type: ignore[attr-defined]
        rig.sim.send_raw(b"Z" * 5000 + b"\r\n")
        assert rig.events.wait("code_error") == "二维码内容过长，已忽略"
        rig.sim.show_code("MSB-EID-8NDW2PLE", noise=b"\x00\x1b")
        assert rig.events.wait("code", 3).text == "MSB-EID-8NDW2PLE"  # type: ignore[attr-defined]
        assert [c.text for c in rig.events.of("code")] == [  # type: ignore[attr-defined]
            "MSB-EID-3MZR8HTC", "宁城县", "MSB-EID-8NDW2PLE"]
    finally:
        stop_scanner_rig(rig)


@pytest.mark.parametrize("suffix", ["CRLF", "none"])
def test_driver_joins_codes_sent_in_small_pieces_with_gaps(suffix: str) -> None:
    rig = start_scanner_rig(suffix=suffix, gap_s=0.1)
    try:
        rig.sim.pacing = Pacing(baud=9600, piece=3, gap_s=0.01)  # gaps shorter than the inter-character timeout
        rig.sim.show_code("NC20261127000001")
        assert rig.events.wait("code").text == "NC20261127000001"  # type: ignore[attr-defined]
        assert len(rig.events.of("code")) == 1
    finally:
        stop_scanner_rig(rig)


@pytest.mark.parametrize("trigger", sorted(TRIGGERS))
def test_trigger_profiles_start_the_beam_and_their_replies_are_not_codes(trigger: str) -> None:
    rig = start_scanner_rig(trigger=trigger)
    profile = TRIGGERS[trigger]
    try:
        if profile.setup:
            wait_until(lambda: rig.sim.commands == ["setup"], "the set-up command")
        rig.sim.show_code(EID)  # waits under the beam until the host triggers
        assert not rig.sim.beam_on
        rig.scanner.set_scanning(True)
        assert rig.events.wait("code").text == EID  # type: ignore[attr-defined]
        assert rig.sim.beam_on
        rig.scanner.set_scanning(False)
        wait_until(lambda: not rig.sim.beam_on, "the beam off")
        assert rig.sim.commands[-2:] == ["start", "stop"]
        assert [c.text for c in rig.events.of("code")] == [EID]  # type: ignore[attr-defined]
    finally:
        stop_scanner_rig(rig)


def test_scanner_unplugged_and_plugged_back_is_triggered_again() -> None:
    rig = start_scanner_rig(trigger="zebra")
    try:
        rig.scanner.set_scanning(True)
        wait_until(lambda: rig.sim.beam_on, "the beam on")
        rig.sim.unplug()
        rig.events.wait_state(State.DISCONNECTED)
        rig.sim.replug()  # a new scanner: its beam is off until the driver starts it again
        rig.events.wait_state(State.OK, 2)
        rig.sim.show_code(EID)
        assert rig.events.wait("code").text == EID  # type: ignore[attr-defined]
    finally:
        stop_scanner_rig(rig)


def test_scanner_from_config() -> None:
    cfg = ScannerConfig(driver="serial", port="/dev/ttyACM0", suffix="TAB", trigger="zebra", gap_ms=60,
                        repeat_window_ms=500, prefix="#")
    scanner = SerialScanner.from_config(cfg)
    assert scanner.port == "/dev/ttyACM0" and scanner.profile is TRIGGERS["zebra"]
    assert SerialScanner.from_config(cfg, port="/tmp/sim").port == "/tmp/sim"
    with pytest.raises(ConfigError):
        SerialScanner.from_config(ScannerConfig())
