import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.identity import NO_EXPIRY_DATE, IdentityType
from kiosk.devices.idcard import protocol as proto
from kiosk.devices.idcard.text import (
    LAYOUTS,
    TEXT_LEN,
    CardDataError,
    build_text_block,
    layout_of,
    parse_text_block,
)
from kiosk.devices.sim.citizens import load_citizens

# Complete frames from the spec's command table (checksums verified there).
SPEC_COMMANDS = {
    proto.RESET_SAM: "AA AA AA 96 69 00 03 10 FF EC",
    proto.SAM_STATUS: "AA AA AA 96 69 00 03 11 FF ED",
    proto.READ_SAM_ID: "AA AA AA 96 69 00 03 12 FF EE",
    proto.FIND_CARD: "AA AA AA 96 69 00 03 20 01 22",
    proto.SELECT_CARD: "AA AA AA 96 69 00 03 20 02 21",
    proto.READ_TEXT_PHOTO: "AA AA AA 96 69 00 03 30 01 32",
    proto.READ_TEXT_PHOTO_FP: "AA AA AA 96 69 00 03 30 10 23",
    proto.READ_NEW_ADDRESS: "AA AA AA 96 69 00 03 30 03 30",
}
SPEC_SW3 = [0x90, 0x9F, 0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x37, 0x3F, 0x40, 0x41, 0x47,
            0x60, 0x66, 0x80, 0x81]


@pytest.mark.parametrize("command", list(SPEC_COMMANDS), ids=lambda c: c.name)
def test_command_frames_match_the_spec_byte_for_byte(command: proto.Command) -> None:
    assert command.frame() == bytes.fromhex(SPEC_COMMANDS[command])


def test_reply_frames_match_the_spec() -> None:
    assert proto.encode_reply(0x90) == bytes.fromhex("AA AA AA 96 69 00 04 00 00 90 94")
    assert proto.encode_reply(0x80) == bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
    assert proto.encode_reply(0x9F, bytes(4)) == bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    read = proto.encode_reply(0x90, bytes.fromhex("01000400") + bytes(1280))
    assert read[5:7] == bytes.fromhex("0508") and len(read) == 7 + 0x508


def test_every_sw3_of_the_spec_has_a_staff_message_and_unknown_codes_say_their_value() -> None:
    messages = {code: proto.sw3_message(code) for code in SPEC_SW3}
    assert set(proto.SW3) == set(SPEC_SW3)
    assert all(messages.values()) and len(set(messages.values())) == len(SPEC_SW3)
    assert "5A" in proto.sw3_message(0x5A)
    assert "unknown" in proto.sw3_name(0x5A) and "read card failed" in proto.sw3_name(0x41)


def decode_all(decoder: proto.FrameDecoder) -> list[bytes | str]:
    """Bodies and errors in order until more bytes are needed."""
    out: list[bytes | str] = []
    while True:
        try:
            body = decoder.next_body()
        except proto.FrameError:
            out.append("error")
            continue
        if body is None:
            return out
        out.append(body)


def test_decoder_reads_by_length_across_one_byte_pieces() -> None:
    frame = proto.encode_reply(0x90, bytes(range(200)))
    decoder = proto.FrameDecoder()
    results: list[bytes | str] = []
    for byte in frame:
        decoder.feed(bytes((byte,)))
        results += decode_all(decoder)
    assert results == [frame[7:-1]]
    assert decoder.pending == 0


def test_decoder_skips_noise_and_reads_several_frames_in_one_piece() -> None:
    a, b = proto.encode_reply(0x9F, bytes(4)), proto.encode_reply(0x80)
    decoder = proto.FrameDecoder()
    decoder.feed(b"\x00\xaa\xaa\x13" + a + b"\xaa\x96" + b)
    assert decode_all(decoder) == [a[7:-1], b[7:-1]]
    assert decoder.skipped == 6


def test_a_bad_checksum_is_an_error_of_that_frame_only() -> None:
    good = proto.encode_reply(0x90)
    bad = good[:-1] + bytes((good[-1] ^ 1,))
    decoder = proto.FrameDecoder()
    decoder.feed(bad + good)
    assert decode_all(decoder) == ["error", good[7:-1]]


def test_an_impossible_length_is_noise_and_the_search_goes_on() -> None:
    good = proto.encode_reply(0x90)
    decoder = proto.FrameDecoder()
    decoder.feed(proto.PREAMBLE + b"\xff\xff" + proto.PREAMBLE + b"\x00\x01" + good)
    assert decode_all(decoder) == [good[7:-1]]


def test_a_preamble_split_at_the_end_of_a_piece_is_kept() -> None:
    good = proto.encode_reply(0x90)
    decoder = proto.FrameDecoder()
    decoder.feed(b"\x01\x02" + good[:3])
    assert decode_all(decoder) == []
    decoder.feed(good[3:])
    assert decode_all(decoder) == [good[7:-1]]


def test_a_reply_without_sw1_sw2_is_a_frame_error() -> None:
    decoder = proto.FrameDecoder()
    decoder.feed(proto.encode_frame(b"\x01\x02\x03"))
    with pytest.raises(proto.FrameError):
        decoder.next_reply()


def test_bodies_that_cannot_be_framed_are_refused() -> None:
    with pytest.raises(proto.FrameError):
        proto.encode_frame(b"\x10")
    with pytest.raises(proto.FrameError):
        proto.encode_frame(bytes(proto.MAX_LEN))


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=600), cuts=st.lists(st.integers(0, 600), max_size=12))
def test_fuzz_decoder_raises_only_its_own_error(data: bytes, cuts: list[int]) -> None:
    decoder = proto.FrameDecoder()
    bounds = [0, *sorted(set(cuts)), len(data)]
    for start, end in zip(bounds, bounds[1:]):
        decoder.feed(data[start:end])
        while True:
            try:
                if decoder.next_reply() is None:
                    break
            except proto.FrameError:
                continue


_frames = st.builds(
    lambda sw3, payload: proto.encode_reply(sw3, payload),
    st.integers(0, 255),
    st.binary(max_size=64),
)


@settings(max_examples=200, deadline=None)
@given(
    frames=st.lists(_frames, min_size=1, max_size=5),
    noise=st.lists(st.binary(max_size=12).filter(lambda b: 0xAA not in b), min_size=5, max_size=5),
    cuts=st.lists(st.integers(0, 500), max_size=10),
)
def test_fuzz_frames_between_noise_all_come_out_in_order(frames: list[bytes], noise: list[bytes],
                                                         cuts: list[int]) -> None:
    stream = b"".join(n + f for n, f in zip(noise, frames))
    decoder = proto.FrameDecoder()
    bodies: list[bytes | str] = []
    bounds = [0, *sorted(c for c in set(cuts) if c < len(stream)), len(stream)]
    for start, end in zip(bounds, bounds[1:]):
        decoder.feed(stream[start:end])
        bodies += decode_all(decoder)
    assert bodies == [f[7:-1] for f in frames]


# -- text layouts ---------------------------------------------------------------------------------------------
CITIZENS = load_citizens()


@pytest.mark.parametrize("key", ["wang-jianguo", "qiqige", "li-xiulan", "zhang-wei"])
def test_resident_layout(key: str) -> None:
    c = CITIZENS[key]
    identity = parse_text_block(build_text_block("resident", c.text_values("resident")), b"\x01" * 1024)
    assert identity.type is IdentityType.RESIDENT and identity.layout == "resident"
    assert identity.name == c.name and identity.id_number == c.id_number
    assert identity.sex == {1: "男", 2: "女"}[c.sex]
    assert identity.address == c.address and identity.authority == c.authority
    assert identity.birth == dt.datetime.strptime(c.birth, "%Y%m%d").date()
    assert identity.photo == b"\x01" * 1024
    assert identity.pass_number == "" and identity.english_name == ""


def test_mongolian_resident_with_no_expiry() -> None:
    c = CITIZENS["qiqige"]
    identity = parse_text_block(build_text_block("resident", c.text_values("resident")))
    assert identity.nation == "蒙古"
    assert identity.valid_to == NO_EXPIRY_DATE and identity.to_json()["valid_to"] == "长期"
    assert not identity.expired(dt.date(2999, 1, 1))


def test_j_permit_layout() -> None:
    c = CITIZENS["chen-jiaxin"]
    block = build_text_block("J", c.text_values("J"))
    assert layout_of(block) == "J" and block[248] == 0x4A
    identity = parse_text_block(block)
    assert identity.type is IdentityType.HKMO_TW
    assert (identity.name, identity.id_number, identity.pass_number) == ("陈嘉欣", "810000199006120022", "H60123456")
    assert identity.nation == "" and identity.address == c.address and identity.valid_to == dt.date(2027, 1, 5)


def test_y_foreigner_layout_joins_the_english_name_across_its_two_parts() -> None:
    c = CITIZENS["ivan-petrov"]
    identity = parse_text_block(build_text_block("Y", c.text_values("Y")))
    assert identity.type is IdentityType.FOREIGN_PERMANENT and identity.layout == "Y"
    assert (identity.name, identity.english_name, identity.nationality) == ("伊万", "PETROV IVAN SERGEEVICH", "RUS")
    assert identity.id_number == "915643198503010015" and identity.id_valid
    long_name = "OKONKWO-ADEBAYO-OLUWASEUN-NWACHUKW ABIGAIL"  # runs on into part 2
    values = {**c.text_values("Y"), "english_name_1": long_name[:35], "english_name_2": long_name[35:]}
    assert long_name[34] == " "  # part 1 ends in a space that must survive
    assert parse_text_block(build_text_block("Y", values)).english_name == long_name


def test_i_old_foreigner_layout() -> None:
    c = CITIZENS["ivan-petrov"]
    identity = parse_text_block(build_text_block("I", c.text_values("I")))
    assert identity.type is IdentityType.FOREIGN_PERMANENT and identity.layout == "I"
    assert identity.english_name == "PETROV IVAN SERGEEVICH" and identity.name == "伊万"
    assert identity.id_number == "RUS158503010010" and identity.id_valid
    assert identity.birth == dt.date(1985, 3, 1) and identity.sex == "男" and identity.nationality == "RUS"


def test_nul_padding_reads_like_spaces() -> None:
    block = bytearray(build_text_block("resident", CITIZENS["zhang-wei"].text_values("resident")))
    block[:] = block.replace(" ".encode("utf-16-le"), b"\x00\x00")
    assert parse_text_block(bytes(block)).name == "张伟"


def test_unusable_text_blocks_raise_card_data_errors() -> None:
    good = build_text_block("resident", CITIZENS["zhang-wei"].text_values("resident"))
    with pytest.raises(CardDataError):
        parse_text_block(good[:200])
    with pytest.raises(CardDataError):
        parse_text_block(b"\x00\xd8" + good[2:])  # a lone surrogate in the name
    bad_date = bytearray(good)
    bad_date[36:52] = "19881399".encode("utf-16-le")
    with pytest.raises(CardDataError):
        parse_text_block(bytes(bad_date))
    with pytest.raises(CardDataError):
        parse_text_block(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    with pytest.raises(CardDataError):
        build_text_block("resident", {"name": "名" * 16})


def test_layout_tables_fit_the_block_and_do_not_overlap() -> None:
    for layout, spec in LAYOUTS.items():
        spans = sorted(spec.values())
        assert all(offset + size <= TEXT_LEN for offset, size in spans), layout
        assert all(a[0] + a[1] <= b[0] for a, b in zip(spans, spans[1:])), layout


@settings(max_examples=200, deadline=None)
@given(block=st.binary(min_size=TEXT_LEN, max_size=TEXT_LEN))
def test_fuzz_text_parser_raises_only_its_own_error(block: bytes) -> None:
    with contextlib.suppress(CardDataError):
        parse_text_block(block)
