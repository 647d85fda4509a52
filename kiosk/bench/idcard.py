"""How quickly a card placed on the reader becomes an `Identity`, measured with the real driver against the
simulated reader paced at 115200 baud, next to the pure wire time of the frames exchanged for that card
(find, select, read: both directions). Target: at most 1.3x the wire time plus one poll interval."""

from __future__ import annotations

import random
import statistics
import threading
import time

from kiosk.base.config import KioskConfig
from kiosk.bench import Row
from kiosk.core.identity import NO_EXPIRY
from kiosk.devices.base import DeviceEvent, State, Supervisor
from kiosk.devices.idcard.protocol import FIND_CARD, READ_TEXT_PHOTO, SELECT_CARD, wire_seconds
from kiosk.devices.idcard.reader import IdCardReader
from kiosk.devices.sim.idcard import Exchange, IdCardSimulator

TITLE = "ID card reader: card placed -> Identity delivered, vs. the wire time at 115200 baud"
BAUD = 115200
_ROUND = (FIND_CARD.name, SELECT_CARD.name, READ_TEXT_PHOTO.name)


def _round_of(exchanges: list[Exchange]) -> list[Exchange]:
    """The find -> select -> read exchanges that delivered the card (the last successful read and the two
    commands before it)."""
    reads = [i for i, e in enumerate(exchanges) if e.command == READ_TEXT_PHOTO.name and e.sw3 == 0x90]
    end = reads[-1]
    start = max(i for i in range(end) if exchanges[i].command == FIND_CARD.name)
    return [e for e in exchanges[start:end + 1] if e.command in _ROUND]


def run(config: KioskConfig, quick: bool) -> list[Row]:
    poll = config.devices.idcard.poll_interval_ms / 1000
    reps = 4 if quick else 15
    sim = IdCardSimulator(pace_baud=BAUD)
    port = sim.start()
    reader = IdCardReader(port, baud=BAUD, poll_interval=poll)
    delivered = threading.Event()
    seen: dict[str, object] = {}

    def on_event(event: DeviceEvent) -> None:
        if event.kind == "card":
            seen["at"] = time.monotonic()
            seen["exchanges"] = list(sim.exchanges)
            delivered.set()

    reader.subscribe(on_event)
    supervisor = Supervisor(reader).start()
    today = time.strftime("%Y%m%d")
    keys = [c.key for c in sim.citizens.values() if c.valid_to == NO_EXPIRY or c.valid_to >= today]  # not expired
    rng = random.Random(3)
    latencies, rounds, wires = [], [], []
    try:
        deadline = time.monotonic() + 5
        while reader.status.state is not State.OK and time.monotonic() < deadline:
            time.sleep(0.02)
        for i in range(reps):
            time.sleep(rng.uniform(0, poll))  # place the card at any moment of the poll cycle
            delivered.clear()
            placed = time.monotonic()
            sim.place_card(keys[i % len(keys)])
            if not delivered.wait(5):
                continue
            exchanges = _round_of(seen["exchanges"])  # type: ignore[arg-type]
            wire = sum(wire_seconds(e.request_bytes + e.reply_bytes, BAUD) for e in exchanges)
            latencies.append(seen["at"] - placed)  # type: ignore[operator]
            # From the moment the successful find was on its way to the reader.
            rounds.append(seen["at"] - exchanges[0].at + wire_seconds(exchanges[0].request_bytes, BAUD))  # type: ignore[operator]
            wires.append(wire)
            sim.lift_card()
            time.sleep(2 * poll)  # the reader sees the card gone
    finally:
        supervisor.stop()
        sim.stop()
    if not latencies:
        return [Row("card placed -> Identity", float("nan"), "ms", target="a card delivered", met=False)]
    wire = statistics.median(wires)
    limit = 1.3 * wire + poll
    median, worst = statistics.median(latencies), max(latencies)
    round_median = statistics.median(rounds)
    n = f"{len(latencies)}/{reps} cards"
    return [
        Row(f"card placed -> Identity, median ({n})", median * 1000, "ms", wire * 1000,
            "wire time of find+select+read at 115200", f"<= 1.3x wire + 1 poll = {limit * 1000:.0f} ms",
            median <= limit),
        Row(f"card placed -> Identity, worst ({n})", worst * 1000, "ms", wire * 1000,
            "wire time of find+select+read at 115200", f"<= {limit * 1000:.0f} ms", worst <= limit),
        Row("find sent -> Identity (no poll wait), median", round_median * 1000, "ms", wire * 1000,
            "wire time of find+select+read at 115200", "<= 1.3x wire", round_median <= 1.3 * wire),
    ]
