"""The real ID card reader driver against the simulated reader on a pseudo-terminal."""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial
import yaml

from kiosk.base.config import IdCardReader as ReaderConfig
from kiosk.base.errors import ConfigError
from kiosk.core.identity import Identity, IdentityType, identity_problem
from kiosk.devices.base import DeviceGone, State, Supervisor
from kiosk.devices.idcard import protocol as proto
from kiosk.devices.idcard.photo import BMP_LEN, PhotoDecoder
from kiosk.devices.idcard.reader import RESEND_ATTEMPTS, IdCardReader, format_sam_id
from kiosk.devices.sim.citizens import IDENTITIES_FILE
from kiosk.devices.sim.idcard import SAM_ID, IdCardSimulator

from identity_support import Events, ReaderRig, running_reader, wait_until


@pytest.fixture
def reader_rig() -> Iterator[ReaderRig]:
    with running_reader() as rig:
        yield rig


def test_open_resets_the_sam_and_reads_its_id(reader_rig: ReaderRig) -> None:
    assert reader_rig.reader.sam_id == format_sam_id(SAM_ID) == "05.01-20260101-0000012345-0987654321"
    status = reader_rig.reader.status
    assert status.state is State.OK and reader_rig.reader.sam_id in status.detail
    assert reader_rig.sim.counts["reset_sam"] >= 1 and reader_rig.sim.counts["read_sam_id"] >= 1


@pytest.mark.parametrize(
    "key, layout, kind",
    [
        ("wang-jianguo", None, IdentityType.RESIDENT),
        ("qiqige", None, IdentityType.RESIDENT),
        ("zhang-wei", None, IdentityType.RESIDENT),
        ("chen-jiaxin", None, IdentityType.HKMO_TW),
        ("ivan-petrov", None, IdentityType.FOREIGN_PERMANENT),
        ("ivan-petrov", "I", IdentityType.FOREIGN_PERMANENT),
    ],
)
def test_each_demo_card_is_delivered_as_an_identity(reader_rig: ReaderRig, key: str, layout: str | None,
                                                     kind: IdentityType) -> None:
    citizen = reader_rig.sim.citizens[key]
    reader_rig.sim.place_card(key, layout)
    identity = reader_rig.events.wait("card")
    assert isinstance(identity, Identity)
    assert identity.type is kind and identity.name == citizen.name
    assert identity.id_number == (citizen.old_permit_number if layout == "I" else citizen.id_number)
    assert identity.photo == citizen.photo() and identity.portrait is None
    assert identity.id_valid and not identity.expired()


def test_a_card_is_delivered_once_while_it_stays_and_again_when_placed_again(reader_rig: ReaderRig) -> None:
    reader_rig.sim.place_card("wang-jianguo")
    reader_rig.events.wait("card")
    reader_rig.polls(6)
    assert len(reader_rig.events.of("card")) == 1
    reader_rig.sim.lift_card()
    reader_rig.polls(3)
    reader_rig.sim.place_card("wang-jianguo")
    second = reader_rig.events.wait("card", 2)
    assert second.name == "王建国"  # type: ignore[attr-defined]


def test_the_same_card_lifted_and_laid_again_at_once_is_delivered_again(reader_rig: ReaderRig) -> None:
    # The demo lifts a card and lays the same one down between two polls (a session ended, the next began);
    # the reader must see the empty plate in between, as it does under a hand, and not take it for the old card.
    reader_rig.sim.place_card("wang-jianguo")
    reader_rig.events.wait("card")
    reader_rig.polls(2)
    reader_rig.sim.lift_card()
    reader_rig.sim.place_card("wang-jianguo")
    second = reader_rig.events.wait("card", 2)
    assert second.name == "王建国"  # type: ignore[attr-defined]


def test_an_expired_card_is_delivered_read_and_judged_expired_by_the_core(reader_rig: ReaderRig) -> None:
    # The reader reports what it read; whether the card can be used is judged once, in kiosk.core.identity.
    reader_rig.sim.place_card("li-xiulan")
    identity = reader_rig.events.wait("card")
    assert identity.name == "李秀兰" and identity.expired()  # type: ignore[attr-defined]
    assert "过期" in identity_problem(identity, ("idcard",))  # type: ignore[arg-type]
    reader_rig.polls(4)
    assert len(reader_rig.events.of("card")) == 1 and reader_rig.events.of("card_error") == []


def test_a_card_whose_number_fails_its_check_is_delivered_and_refused_by_the_core(tmp_path: Path) -> None:
    people = yaml.safe_load(IDENTITIES_FILE.read_text(encoding="utf-8"))
    forged = {**people["citizens"][0], "key": "forged", "id_number": "150429196203150013"}
    path = tmp_path / "identities.yaml"
    path.write_text(yaml.safe_dump({"citizens": [forged]}, allow_unicode=True), encoding="utf-8")
    sim = IdCardSimulator(identities=path)
    reader = IdCardReader(sim.start(), poll_interval=0.05)
    events = Events(reader)
    supervisor = Supervisor(reader).start()
    try:
        sim.place_card("forged")
        identity = events.wait("card")
        assert not identity.id_valid  # type: ignore[attr-defined]
        assert "校验" in identity_problem(identity, ("idcard",))  # type: ignore[arg-type]
        assert events.of("card_error") == []
    finally:
        supervisor.stop()
        sim.stop()


def test_a_broken_identities_file_is_one_readable_config_error(tmp_path: Path) -> None:
    path = tmp_path / "identities.yaml"
    path.write_text("citizens:\n  - key: x\n    card: passport\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        IdCardSimulator(identities=path)
    assert str(path) in caught.value.message and "card" in caught.value.message


def test_a_failed_read_is_retried(reader_rig: ReaderRig) -> None:
    reader_rig.sim.set_fault(fail_reads=2)
    reader_rig.sim.place_card("zhang-wei")
    assert reader_rig.events.wait("card").name == "张伟"  # type: ignore[attr-defined]
    assert reader_rig.sim.counts["read_text_photo"] == 3
    assert reader_rig.events.of("card_error") == []


def test_a_card_lifted_mid_read_is_reported_once_and_can_be_placed_again(reader_rig: ReaderRig) -> None:
    reader_rig.sim.set_fault(lift_mid_read=True)
    reader_rig.sim.place_card("qiqige")
    problem = reader_rig.events.wait("card_error")
    assert problem.reason == "unreadable" and problem.message == proto.sw3_message(0x41)  # type: ignore[attr-defined]
    reader_rig.polls(4)
    assert len(reader_rig.events.of("card_error")) == 1
    reader_rig.sim.clear_faults()
    reader_rig.sim.place_card("qiqige")
    assert reader_rig.events.wait("card").nation == "蒙古"  # type: ignore[attr-defined]


# SW3 codes about the card: the citizen is told to place it again, the reader stays ok.
CARD_STATUS_CASES = [
    pytest.param(command, code, id=f"{command}-{code:02X}")
    for command in ("find_card", "select_card", "read_text_photo")
    for code in sorted(proto.CARD_SW3)
    if not (command == "find_card" and code == proto.SW3_SELECT_FAILED)  # find never answers "select failed"
]


@pytest.mark.parametrize("command, code", CARD_STATUS_CASES)
def test_card_statuses_become_card_errors(reader_rig: ReaderRig, command: str, code: int) -> None:
    reader_rig.sim.set_fault(sw3={command: code})
    reader_rig.sim.place_card("wang-jianguo")
    problem = reader_rig.events.wait("card_error")
    assert problem.reason == "unreadable" and problem.message == proto.sw3_message(code)  # type: ignore[attr-defined]
    assert reader_rig.reader.status.state is State.OK
    reader_rig.sim.clear_faults()
    assert reader_rig.events.wait("card").name == "王建国"  # type: ignore[attr-defined]


# SW3 codes about the reader or the line: the device status turns to error, the supervisor reopens it.
@pytest.mark.parametrize("code", [0x10, 0x11, 0x21, 0x23, 0x24, 0x60, 0x66, 0x91, 0x5A], ids=lambda c: f"{c:02X}")
def test_reader_statuses_put_the_device_in_error_until_it_recovers(reader_rig: ReaderRig, code: int) -> None:
    finds = reader_rig.sim.counts["find_card"]
    reader_rig.sim.set_fault(sw3={"find_card": code})
    status = reader_rig.events.wait_state(State.ERROR)
    assert status.message == proto.sw3_message(code)  # type: ignore[attr-defined]
    if code in proto.RESEND_SW3:  # the frame was damaged on its way: sent again before giving up
        assert reader_rig.sim.counts["find_card"] - finds >= RESEND_ATTEMPTS
    reader_rig.sim.clear_faults()
    reader_rig.events.wait_state(State.OK, 2)
    reader_rig.sim.place_card("zhang-wei")
    assert reader_rig.events.wait("card").name == "张伟"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "command, code, message",
    [("reset_sam", 0x60, "读卡模块自检失败，请联系维护人员"), ("read_sam_id", 0x66, "读卡模块未授权，请联系维护人员")],
)
def test_a_failing_sam_at_open_is_an_error(reader_rig: ReaderRig, command: str, code: int, message: str) -> None:
    reader_rig.sim.set_fault(sw3={command: code})
    reader_rig.sim.unplug()  # force a reopen
    reader_rig.sim.replug()
    assert reader_rig.events.wait_state(State.ERROR).message == message  # type: ignore[attr-defined]
    reader_rig.sim.clear_faults()
    reader_rig.events.wait_state(State.OK, 2)


def test_the_simulator_answers_raw_frames_like_a_reader() -> None:
    sim = IdCardSimulator()
    port = sim.start()
    try:
        with serial.Serial(port, 115200, timeout=2) as line:
            decoder = proto.FrameDecoder()

            def ask(frame: bytes) -> proto.Reply:
                line.write(frame)
                reply = None
                while reply is None:
                    decoder.feed(line.read(1))
                    reply = decoder.next_reply()
                return reply

            assert ask(proto.FIND_CARD.frame()[:-1] + b"\x00").sw3 == 0x10  # damaged on the line
            assert ask(proto.encode_frame(b"\x77\x01")).sw3 == 0x21  # unknown command
            assert ask(proto.READ_NEW_ADDRESS.frame()).sw3 == 0x41  # no card to read
            assert ask(proto.SAM_STATUS.frame()).sw3 == 0x90
            sim.place_card("wang-jianguo")
            assert ask(proto.READ_NEW_ADDRESS.frame()).sw3 == 0x91  # no new address on this card
            with_fingerprint = ask(proto.READ_TEXT_PHOTO_FP.frame())
            assert with_fingerprint.sw3 == 0x90
            assert with_fingerprint.data[:6] == bytes.fromhex("0100 0400 0000")
            assert len(with_fingerprint.data) == 6 + 256 + 1024
    finally:
        sim.stop()


def test_bad_checksums_in_replies_are_resent_and_the_card_still_arrives(reader_rig: ReaderRig) -> None:
    reader_rig.sim.place_card("chen-jiaxin")
    reader_rig.sim.set_fault(bad_checksum=2)
    assert reader_rig.events.wait("card").pass_number == "H60123456"  # type: ignore[attr-defined]
    assert reader_rig.reader.status.state is State.OK


def test_replies_that_are_always_corrupt_put_the_reader_in_error(reader_rig: ReaderRig) -> None:
    reader_rig.sim.set_fault(bad_checksum=10_000)
    assert reader_rig.events.wait_state(State.ERROR).message == "读卡器通信数据错误"  # type: ignore[attr-defined]
    reader_rig.sim.set_fault(bad_checksum=0)
    reader_rig.events.wait_state(State.OK, 2)


@pytest.mark.parametrize("pieces", [(1, 0.0), (7, 0.002), (300, 0.01)])
def test_replies_in_small_pieces_with_gaps(reader_rig: ReaderRig, pieces: tuple[int, float]) -> None:
    reader_rig.sim.set_fault(pieces=pieces)
    reader_rig.sim.place_card("ivan-petrov")
    assert reader_rig.events.wait("card").english_name == "PETROV IVAN SERGEEVICH"  # type: ignore[attr-defined]


def test_noise_before_every_frame(reader_rig: ReaderRig) -> None:
    reader_rig.sim.set_fault(noise=b"\x00\xaa\xaa\x96\x13\xff")
    reader_rig.sim.place_card("wang-jianguo")
    assert reader_rig.events.wait("card").name == "王建国"  # type: ignore[attr-defined]


def test_a_reader_that_does_not_answer_is_an_error(reader_rig: ReaderRig) -> None:
    reader_rig.sim.set_fault(silent=True)
    assert reader_rig.events.wait_state(State.ERROR).message == "身份证读卡器无应答"  # type: ignore[attr-defined]
    reader_rig.sim.set_fault(silent=False)
    reader_rig.events.wait_state(State.OK, 2)


def test_unplugged_and_plugged_back(reader_rig: ReaderRig) -> None:
    reader_rig.sim.place_card("qiqige")
    assert reader_rig.events.wait("card").name == "其其格"  # type: ignore[attr-defined]
    reader_rig.sim.unplug()
    gone = reader_rig.events.wait_state(State.DISCONNECTED)
    assert "未连接" in gone.message or "断开" in gone.message  # type: ignore[attr-defined]
    reopens = reader_rig.supervisor.reopens
    wait_until(lambda: reader_rig.supervisor.reopens > reopens, "a retry while unplugged")
    reader_rig.sim.replug()
    reader_rig.events.wait_state(State.OK, 2)
    # The card lay on the reader all along: the reader, powered up again, finds it and it is read anew.
    assert reader_rig.events.wait("card", 2).name == "其其格"  # type: ignore[attr-defined]
    reader_rig.sim.place_card("zhang-wei")
    assert reader_rig.events.wait("card", 3).name == "张伟"  # type: ignore[attr-defined]
    assert reader_rig.events.threads == {"device-idcard"}  # events arrive on the device's own thread


def test_paced_at_115200_baud(reader_rig: ReaderRig) -> None:
    reader_rig.sim.set_fault(pace_baud=115200)
    reader_rig.sim.place_card("zhang-wei")
    assert reader_rig.events.wait("card").name == "张伟"  # type: ignore[attr-defined]


def test_opening_a_missing_port_says_the_device_is_gone() -> None:
    reader = IdCardReader("/nonexistent/ttyUSB9")
    with pytest.raises(DeviceGone):
        reader.open()
    reader.close()
    reader.close()  # safe twice


def test_from_config() -> None:
    cfg = ReaderConfig(driver="serial", port="/dev/ttyUSB0", baud=57600, poll_interval_ms=250)
    reader = IdCardReader.from_config(cfg)
    assert (reader.port, reader.baud, reader.poll_interval) == ("/dev/ttyUSB0", 57600, 0.25)
    assert reader.photo_decoder is None
    assert IdCardReader.from_config(cfg, port="/tmp/sim").port == "/tmp/sim"
    with pytest.raises(ConfigError):
        IdCardReader.from_config(ReaderConfig())
    missing_library = cfg.model_copy(update={"photo_decoder": "/no/such/libwlt.so"})
    assert IdCardReader.from_config(missing_library).photo_decoder is None  # works on without photos


FAKE_WLT = r"""
#include <string.h>
#define BMP_LEN {bmp_len}
/* Stand-in for a vendor's libwlt.so: a BMP header and the WLT bytes copied in, refusing all-zero input. */
int unpack(char *wlt, char *bmp, int save) {
    int i, any = 0;
    for (i = 0; i < 1024; i++) any |= wlt[i];
    if (!any) return -1;
    memset(bmp, 0, BMP_LEN);
    bmp[0] = 'B'; bmp[1] = 'M';
    memcpy(bmp + 54, wlt, 1024);
    return 1;
}
""".replace("{bmp_len}", str(BMP_LEN))


@pytest.fixture
def fake_wlt_library(tmp_path: Path) -> str:
    if shutil.which("gcc") is None:
        pytest.skip("no C compiler to build a stand-in photo library")
    source = tmp_path / "wlt.c"
    source.write_text(FAKE_WLT)
    library = tmp_path / "libwlt.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return str(library)


def test_photo_decoder_by_library_path(fake_wlt_library: str) -> None:
    decoder = PhotoDecoder(fake_wlt_library)
    wlt = bytes(range(256)) * 4
    bmp = decoder.decode(wlt)
    assert bmp is not None and len(bmp) == BMP_LEN and bmp[:2] == b"BM" and bmp[54:54 + 1024] == wlt
    assert decoder.decode(bytes(1024)) is None  # the library refuses
    assert decoder.decode(b"short") is None
    sim = IdCardSimulator()
    reader = IdCardReader(sim.start(), poll_interval=0.05, photo_decoder=decoder)
    events = Events(reader)
    supervisor = Supervisor(reader).start()
    try:
        sim.place_card("wang-jianguo")
        identity = events.wait("card")
        assert identity.portrait[54:54 + 1024] == sim.citizens["wang-jianguo"].photo()  # type: ignore[attr-defined]
    finally:
        supervisor.stop()
        sim.stop()


def test_a_library_that_cannot_be_loaded_is_a_device_error(tmp_path: Path) -> None:
    not_a_library = tmp_path / "libwlt.so"
    not_a_library.write_text("not a library")
    with pytest.raises(proto.DeviceError):
        PhotoDecoder(str(not_a_library))
    assert PhotoDecoder.from_path(str(not_a_library)) is None
    assert PhotoDecoder.from_path("") is None
