"""Each of the 11 items driven end to end, as a citizen would but with no waiting for a person: the card laid on
the simulated reader, answers typed, materials laid on the simulated document camera and captured, the
application sent through the outbox to the sandbox, the payment paid, the receipt printed. Reports the taps a
citizen needs and the machine seconds, next to the pure flow engine going through the same steps (no devices,
no platform) as the baseline."""

from __future__ import annotations

import datetime as dt
import queue
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.bench import Row
from kiosk.core.catalog import FormField, load_catalog
from kiosk.base.config import KioskConfig, scratch_copy
from kiosk.demo.items import drive
from kiosk.core.flow import (
    Consent, Event, IdentityRead, ItemFlow, Next, PageAdded, PaymentCreated, PrintRequested, Printed,
    Step, WorkDone, WorkFailed,
)
from kiosk.core.session import CitizenSession

TITLE = "each item end to end with the simulated devices and the sandbox: taps and machine seconds"
CITIZEN = "zhang-wei"  # has accounts for every query in the sandbox
WAIT_S = 30.0


def taps_for(spec: FormField, value: Any) -> int:
    """Touches to enter a value: a key per character on the pads, one per choice, the pinyin keyboard's letters
    plus a pick per word (counted as two letters a character and a pick per two characters)."""
    if spec.type == "choice":
        return 1
    if spec.type == "persons":
        return sum(taps_for(column, person.get(column.key, "")) for person in value for column in spec.fields) + 1
    text = str(value)
    if spec.type in ("text", "address"):
        chinese = sum(1 for c in text if ord(c) > 0x2E80)
        return chinese * 2 + (chinese + 1) // 2 + (len(text) - chinese)
    return len(text)


class Driver:
    """One citizen at a time through the real runtime: device events and work answers arrive on a queue."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime
        self.events: queue.Queue[Any] = queue.Queue()
        runtime.idcard.subscribe(lambda e: self.events.put(e) if e.kind == "card" else None)
        if runtime.capture is not None:
            runtime.capture.subscribe(lambda e: self.events.put(e) if e.kind == "page" else None)

    def wait(self, kind: str) -> Any:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                item = self.events.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if getattr(item, "kind", None) == kind or (kind == "answer" and not hasattr(item, "device")):
                return item
        raise TimeoutError(f"no {kind} within {WAIT_S} s")

    def perform(self, flow: ItemFlow) -> None:
        """Carry out the flow's action and feed its answers back until the flow asks for nothing more."""
        while flow.action is not None:
            action = flow.action
            self.runtime.work.perform(flow, action, self.events.put, still_wanted=lambda: True)
            while flow.action is action:
                answer: Event = self.wait("answer")
                if isinstance(answer, PaymentCreated):
                    self.runtime.backend.sandbox.pay(answer.payment["payment_id"])  # the demo "pays"
                flow.handle(answer)
                if isinstance(answer, (WorkDone, WorkFailed, Printed)):
                    break

    def run(self, code: str, catalog: Any) -> tuple[int, float, bool]:
        item = catalog.item(code)
        flow = ItemFlow(item, CitizenSession(), today=dt.date.today())
        started = time.monotonic()
        self.runtime.idcard_sim.place_card(CITIZEN)
        flow.handle(IdentityRead(self.wait("card").payload))
        taps = 0
        if flow.step is Step.FORM:
            before = dict(flow.session.answers)
            drive(flow, Step.MATERIALS if item.materials else Step.CONFIRM if Step.CONFIRM in flow.steps
                  else Step.WORKING)
            for spec in item.fields:
                value = flow.session.answers.get(spec.key, "")
                typed = value if spec.type != "persons" else [
                    {k: v for k, v in p.items() if not (i == 0 and before.get(spec.key) and before[spec.key][0].get(k))}
                    for i, p in enumerate(value)]
                taps += taps_for(spec, typed) + 1  # and 下一项
            if flow.step is Step.FORM:
                raise ValueError(f"{code}: the bench's answers were refused: {flow.errors}")
        if flow.step is Step.MATERIALS:
            for material in item.materials:
                taps += 2  # choose the material, then 演示/lay it down (a citizen lays paper, the kiosk shoots)
                flow.handle(PageAdded(material.code, self._page(material.source)))
            flow.handle(Next())
            taps += 1
        if flow.step is Step.CONFIRM:
            flow.handle(Consent(True))
            flow.handle(Next())
            taps += 2
        self.perform(flow)
        if not flow.is_application:
            flow.handle(PrintRequested())
            taps += 1
        self.perform(flow)
        flow.handle(Next())
        taps += 2  # a face on the evaluation, and 提交评价
        seconds = time.monotonic() - started
        self.runtime.idcard_sim.lift_card()
        # The reader must see the card gone before the next citizen lays theirs (a card is read once while it lies).
        time.sleep(2 * self.runtime.idcard.poll_interval)
        ok = flow.step is Step.EVALUATE and flow.session.outcome.get("status") == "done" \
            and flow.session.outcome.get("printed") is True
        flow.session.wipe()
        return taps, seconds, ok

    def _page(self, source: str) -> bytes:
        if source == "face_camera" or self.runtime.capture is None:
            from kiosk.devices.camera.preview import take_portrait

            camera = self.runtime.face_camera or self.runtime.camera
            camera.wait_frame(0, timeout=WAIT_S)
            problem, jpeg, _ = take_portrait(camera)
            return jpeg if not problem else b"\xff\xd8"
        capture = self.runtime.capture
        capture.set_active(True)
        self.runtime.camera.source.lay_document("a4")
        try:
            return self.wait("page").payload.jpeg()
        finally:
            capture.set_active(False)
            self.runtime.camera.source.clear()


def run(config: KioskConfig, quick: bool) -> list[Row]:
    from kiosk.runtime.runtime import Runtime

    with tempfile.TemporaryDirectory() as folder:
        # The run's outbox, printed receipts and keys stay out of the kiosk's own.
        bench_config = scratch_copy(config, Path(folder))
        catalog = load_catalog(bench_config.catalog_path)
        runtime = Runtime(bench_config)
        runtime.start()
        try:
            driver = Driver(runtime)
            rows = []
            for item in catalog.items[: 3 if quick else None]:
                baseline_started = time.monotonic()
                drive(ItemFlow(item, CitizenSession(), today=dt.date.today()), Step.RESULT)
                baseline = time.monotonic() - baseline_started
                taps, seconds, ok = driver.run(item.code, catalog)
                rows.append(Row(f"{item.code} {item.short_name}: {taps} taps", seconds, "s", baseline,
                                "flow engine alone", "completes and prints", ok))
            return rows
        finally:
            runtime.stop()
