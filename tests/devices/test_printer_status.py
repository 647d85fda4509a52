"""Status that does not lie: the bit meanings, and every state of the virtual printer read through the real
link over the pty and over TCP; silence and garbage are "unknown", never "ok"."""

import pytest

from kiosk.base.printer_uri import parse_printer_uri
from kiosk.devices.printer.link import open_link
from kiosk.devices.printer.status import (
    Condition,
    Reason,
    interpret,
    query_condition,
    status_shaped,
    wait_until_printed,
)
from kiosk.devices.sim.printer import VirtualPrinter

B = bytes


def test_status_shape():
    assert status_shaped(B([0x12])) and status_shaped(B([0x7E]))
    assert not status_shaped(None) and not status_shaped(b"")
    assert not status_shaped(B([0x13])) and not status_shaped(B([0x92])) and not status_shaped(B([0x02]))
    assert not status_shaped(B([0x12, 0x12]))


@pytest.mark.parametrize("p, o, s, e, reason", [
    (0x12, 0x12, 0x12, None, Reason.NONE),
    (0x12, 0x12, 0x1E, None, Reason.PAPER_NEAR_END),
    (0x1A, 0x12, 0x72, None, Reason.PAPER_OUT),
    (0x1A, 0x32, 0x12, None, Reason.PAPER_OUT),
    (0x1A, 0x16, 0x12, None, Reason.COVER_OPEN),
    (0x1A, 0x52, 0x12, 0x1A, Reason.CUTTER_ERROR),
    (0x1A, 0x52, 0x12, 0x12, Reason.PRINTER_ERROR),
    (0x1A, 0x12, 0x12, None, Reason.OFFLINE),
])
def test_bits_to_reasons(p, o, s, e, reason):
    condition = interpret(B([p]), B([o]), B([s]), None if e is None else B([e]))
    assert condition.reason is reason
    assert condition.condition is (Condition.OK if reason is Reason.NONE else Condition.PROBLEM)
    assert condition.printable is (reason in (Reason.NONE, Reason.PAPER_NEAR_END))


@pytest.mark.parametrize("replies, reason", [
    ((b"", B([0x12]), B([0x12])), Reason.NO_ANSWER),
    ((B([0x12]), b"\x12\x12", B([0x12])), Reason.BAD_ANSWER),
    ((B([0x12]), B([0x12]), B([0xFF])), Reason.BAD_ANSWER),
    ((None, None, None), Reason.NO_ANSWER),
])
def test_missing_or_malformed_replies_are_unknown(replies, reason):
    condition = interpret(*replies)
    assert condition.condition is Condition.UNKNOWN and condition.reason is reason and not condition.printable


@pytest.fixture(params=["pty", "tcp"])
def link_and_sim(request):
    sim = VirtualPrinter(None, tcp_port=0 if request.param == "tcp" else None, pty=request.param == "pty").start()
    link = open_link(parse_printer_uri(sim.serial_uri if request.param == "pty" else sim.tcp_uri))
    yield link, sim
    link.close()
    sim.stop()


SETUPS = {
    "ok": (lambda sim: None, Condition.OK, Reason.NONE),
    "near_end": (lambda sim: sim.set_paper("near_end"), Condition.PROBLEM, Reason.PAPER_NEAR_END),
    "out": (lambda sim: sim.set_paper("out"), Condition.PROBLEM, Reason.PAPER_OUT),
    "cover": (lambda sim: sim.open_cover(), Condition.PROBLEM, Reason.COVER_OPEN),
    "cutter": (lambda sim: sim.set_cutter_error(True), Condition.PROBLEM, Reason.CUTTER_ERROR),
    "silent": (lambda sim: sim.set_answers("silent"), Condition.UNKNOWN, Reason.NO_ANSWER),
    "garbled": (lambda sim: sim.set_answers("garbled"), Condition.UNKNOWN, Reason.BAD_ANSWER),
}


@pytest.mark.parametrize("state", SETUPS)
def test_every_state_through_the_real_link(link_and_sim, state):
    link, sim = link_and_sim
    setup, condition, reason = SETUPS[state]
    setup(sim)
    got = query_condition(link, 0.3)
    assert (got.condition, got.reason) == (condition, reason)


def test_state_changes_are_seen_on_the_same_link(link_and_sim):
    link, sim = link_and_sim
    assert query_condition(link, 0.3).condition is Condition.OK
    sim.set_paper("out")
    assert query_condition(link, 0.3).reason is Reason.PAPER_OUT
    sim.set_paper("ok")
    assert query_condition(link, 0.3).condition is Condition.OK


def test_end_of_job_barrier_needs_an_answer(link_and_sim):
    link, sim = link_and_sim
    assert wait_until_printed(link, 1.0)
    sim.set_answers("silent")
    assert not wait_until_printed(link, 0.3)


def test_file_links_cannot_read_status(tmp_path):
    link = open_link(parse_printer_uri(f"file:{tmp_path / 'lp0'}"))
    try:
        assert not link.two_way
        condition = query_condition(link, 0.1)
        assert condition.condition is Condition.UNKNOWN and condition.reason is Reason.ONE_WAY
    finally:
        link.close()


def test_missing_ports_are_reported_as_gone(tmp_path):
    from kiosk.devices.base import DeviceGone

    for uri in (f"serial:{tmp_path}/ttyNONE", "tcp://127.0.0.1:1", f"file:{tmp_path}/no/such/dir/lp0"):
        with pytest.raises(DeviceGone):
            open_link(parse_printer_uri(uri))


def test_usb_printer_without_libusb_support_is_a_clear_error():
    from kiosk.devices.base import DeviceError

    with pytest.raises(DeviceError) as caught:
        open_link(parse_printer_uri("usb:1fc9:2016"))
    assert caught.value.message in ("USB 打印需要 pyusb", "打印机未连接")
