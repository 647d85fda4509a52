"""Each of the 11 items driven end to end, as a citizen would but with no waiting for a person: the card laid on
the simulated reader, answers typed, materials laid on the simulated document camera and captured, the
application sent through the outbox to the sandbox, the payment paid, the receipt printed. Reports the taps a
citizen needs and the machine seconds, next to the pure flow engine going through the same steps (no devices,
no platform) as the baseline, and what each item printed (kind and title) against what the catalog promises
(`prints`). The terminal is a township centre's, where every item is offered."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.base.config import KioskConfig, scratch_copy
from kiosk.bench import Row
from kiosk.core import addresses, datepick, hospitals, scopes
from kiosk.core.catalog import Catalog, FormField, load_catalog
from kiosk.core.flow import Consent, ItemFlow, Next, PageAdded, PrintRequested, Step
from kiosk.core.household import listed, member_person, offers_household
from kiosk.core.session import CitizenSession
from kiosk.core.stations import load_stations
from kiosk.demo.items import drive, form_answers
from kiosk.runtime.controller import Controller
from kiosk.runtime.headless import HeadlessView

TITLE = ("each item end to end with the simulated devices and the sandbox: taps, machine seconds, and the document "
         "printed against the one the catalog promises")
CITIZEN = "zhang-wei"  # has accounts for every query in the sandbox
WAIT_S = 30.0


def taps_for(spec: FormField, value: Any, session: CitizenSession | None = None,
             today: dt.date | None = None) -> int:
    """Touches to enter a value: a key per character on the pads, one per choice, the pinyin keyboard's letters
    plus a pick per word (counted as two letters a character and a pick per two characters); a date on the date
    picker from where it opens (kiosk.core.datepick.touches). With the `session`'s record of the card holder: a
    household member is one tick plus what the record does not say, the bank card on record one choice."""
    if spec.type == "choice":
        return 1
    card = session.bank_card if session is not None else None
    if spec.type == "bank_card" and card is not None and value == card.number:
        return 1
    if spec.type == "persons":
        members = session.household if session is not None and offers_household(spec) else ()
        taps = 1
        for person in value:
            ticked = next((m for m in members if listed([person], m) == 0), None)
            filled = member_person(spec, ticked) if ticked else {}
            taps += (1 if ticked else 0) + sum(taps_for(column, person.get(column.key, ""), session, today)
                                               for column in spec.fields if column.key not in filled)
        return taps
    text = str(value)
    if spec.choose_from == "hospitals":
        if text in hospital_names():
            return 1
        return 1 + taps_for(spec.model_copy(update={"choose_from": ""}), text)
    if spec.choose_from == "business_scopes":
        picked, other = scopes.touches(text, scopes.load_scopes().phrases)
        return picked + (taps_for(spec.model_copy(update={"choose_from": ""}), other) if other else 0)
    if spec.type == "address":
        picked, village = addresses.touches(text, county_places())
        return picked + (taps_for(spec.model_copy(update={"type": "text"}), village) if village else 0)
    if spec.type == "date":
        answers = session.answers if session is not None else {}
        near = str(answers.get(spec.not_before, "")) if spec.not_before else ""
        return datepick.touches(text, today or dt.date.today(), near)
    if spec.type in ("text", "address"):
        chinese = sum(1 for c in text if ord(c) > 0x2E80)
        return chinese * 2 + (chinese + 1) // 2 + (len(text) - chinese)
    return len(text)


def moves_on_by_itself(spec: FormField, value: Any) -> bool:
    """A finished pick moves to the next field (a date's day, 今天 or 昨天, a name on a list): no 下一项 to touch."""
    return spec.type == "date" or (spec.choose_from == "hospitals" and value in hospital_names())


@cache
def county_places() -> addresses.Place:
    return addresses.Place.from_stations(load_stations().values())


@cache
def hospital_names() -> list[str]:
    return hospitals.names(hospitals.load_hospitals())


class Driver:
    """One citizen at a time through the kiosk's controller (kiosk.runtime.controller), shown on a headless view:
    the same glue as the window, device events and work answers pumped on this thread."""

    def __init__(self, runtime: Any, catalog: Catalog) -> None:
        self.runtime = runtime
        # A terminal asks about a payment every 2 s while the citizen pays on the phone; here the demo pays at once,
        # and the figure is the kiosk's own work, not a race between the demo's payment and that poll.
        runtime.work.pay_poll_s = 0.05
        self.view = HeadlessView()
        self.controller = Controller(runtime.config, catalog, runtime, self.view)
        self.controller.attach(runtime)
        self.answer: dict[str, Any] = {}
        self.taps_typing = 0  # the last run's taps had the citizen typed what the platform's record offers

    def pump(self, what: str, until: Callable[[], bool]) -> None:
        if not self.view.pump(until, WAIT_S):
            raise TimeoutError(f"no {what} within {WAIT_S} s")

    def settle(self, flow: ItemFlow) -> None:
        """Let the controller carry out the flow's actions until it asks for nothing more; a payment is paid
        through the sandbox's demo control once its QR is shown."""
        paid = False
        while flow.action is not None:
            self.pump(f"answer to {flow.action.kind}",
                      lambda paid=paid: flow.action is None or bool(flow.payment) and not paid)
            if flow.payment and not paid:
                self.runtime.backend.sandbox.pay(flow.payment["payment_id"])  # the demo "pays"
                paid = True

    def run(self, code: str, citizen: str = CITIZEN) -> tuple[int, float, bool, dict[str, str]]:
        """Taps, seconds, whether it completed and printed, and what it printed (kind, title, route; with the
        certificate's number for a certificate). `answer` keeps the platform's answer that is not personal (the
        number, a check's result) for a look afterwards."""
        controller = self.controller
        controller.new_session()
        controller.open_item(code)
        flow = controller.flow
        item = flow.item
        started = time.monotonic()
        self.runtime.idcard_sim.place_card(citizen)
        # The next step shows once the platform's record of the card holder is in (or the wait for it is over).
        self.pump("card", lambda: flow.step is not Step.IDENTIFY and self.view.current == flow.step.value)
        taps = typing = 0  # typing: the form's answers typed, the household and the bank card on record too
        if flow.step is Step.FORM:
            before = dict(flow.session.answers)
            for event in form_answers(flow):
                controller.flow_event(event)
            controller.flow_event(Next())
            for spec in item.fields:
                value = flow.session.answers.get(spec.key, "")
                typed = value if spec.type != "persons" else [
                    {k: v for k, v in p.items() if not (i == 0 and before.get(spec.key) and before[spec.key][0].get(k))}
                    for i, p in enumerate(value)]
                # Kept as prefilled (from the card, the phone on record): nothing to type.
                kept = spec.prefill and value and value == before.get(spec.key)
                moves_on = 0 if moves_on_by_itself(spec, typed) else 1  # 下一项
                taps += (0 if kept else taps_for(spec, typed, flow.session, flow.today)) + moves_on
                typing += (0 if kept else taps_for(spec, typed, today=flow.today)) + moves_on
            if flow.step is Step.FORM:
                raise ValueError(f"{code}: the bench's answers were refused: {flow.errors}")
        form_taps = taps
        if flow.step is Step.MATERIALS:
            for material in item.materials:
                taps += 2  # choose the material, then 演示/lay it down (a citizen lays paper, the kiosk shoots)
                controller.flow_event(PageAdded(material.code, *self._page(material.source)))
            controller.flow_event(Next())
            taps += 1
        if flow.step is Step.CONFIRM:
            controller.flow_event(Consent(True))
            controller.flow_event(Next())
            taps += 2
        self.settle(flow)
        if not flow.prints_by_itself:
            controller.flow_event(PrintRequested())
            taps += 1
        self.settle(flow)
        controller.flow_event(Next())
        taps += 2  # a face on the evaluation, and 提交评价
        seconds = time.monotonic() - started
        self.taps_typing = taps - form_taps + typing
        ok = flow.step is Step.EVALUATE and flow.session.outcome.get("status") == "done" \
            and flow.session.outcome.get("printed") is True
        printed = dict(flow.session.outcome.get("printed_document") or {})
        self.answer = {k: v for k, v in flow.session.outcome.items() if k in ("receipt_no", "check", "status")}
        controller.new_session()  # wiped, and the demo card lifted
        # The reader must see the card gone before the next citizen lays theirs (a card is read once while it lies).
        time.sleep(2 * self.runtime.idcard.poll_interval)
        return taps, seconds, ok, printed

    def _page(self, source: str) -> tuple[bytes, bytes]:
        """A page as the materials screen gets it: (JPEG, thumbnail)."""
        if source == "face_camera" or self.runtime.capture is None:
            from kiosk.devices.camera.preview import take_portrait

            camera = self.runtime.face_camera or self.runtime.camera
            camera.wait_frame(0, timeout=WAIT_S)
            problem, jpeg, thumbnail = take_portrait(camera)
            return (jpeg, thumbnail) if not problem else (b"\xff\xd8", b"")
        screen = self.view.current_screen
        capture = self.runtime.capture
        capture.set_active(True)
        self.runtime.camera.source.lay_document("a4")
        try:
            self.pump("page", lambda: bool(screen.pages))
            return screen.pages.pop()
        finally:
            capture.set_active(False)
            self.runtime.camera.source.clear()


def run(config: KioskConfig, quick: bool) -> list[Row]:
    from kiosk.runtime.runtime import Runtime

    with tempfile.TemporaryDirectory() as folder:
        # The run's outbox, printed receipts and keys stay out of the kiosk's own.
        bench_config = scratch_copy(config, Path(folder))
        bench_config = bench_config.model_copy(update={"station": bench_config.station.model_copy(
            update={"level": "township"})})
        catalog = load_catalog(bench_config.catalog_path)
        runtime = Runtime(bench_config)
        runtime.start()
        try:
            driver = Driver(runtime, catalog)
            rows = []
            for item in catalog.items[: 3 if quick else None]:
                baseline_started = time.monotonic()
                drive(ItemFlow(item, CitizenSession(), today=dt.date.today()), Step.RESULT)
                baseline = time.monotonic() - baseline_started
                taps, seconds, ok, printed = driver.run(item.code)
                promised = item.prints
                what = f"{printed.get('kind', 'nothing')} 「{printed.get('title', '')}」 ({printed.get('route', '-')})"
                as_promised = (printed.get("kind"), printed.get("title")) == (promised.kind, promised.title)
                typing = f" ({driver.taps_typing} typing the household and bank card)" \
                    if driver.taps_typing != taps else ""
                rows.append(Row(f"{item.code} {item.short_name}: {taps} taps{typing}, printed {what}", seconds, "s",
                                baseline,
                                "flow engine alone", f"completes and prints {promised.kind} 「{promised.title}」",
                                ok and as_promised))
            return rows
        finally:
            runtime.stop()
