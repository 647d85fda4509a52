"""One simulated citizen at the kiosk, played against the real runtime without a window.

`SoakKiosk` drives the app's own controller (kiosk.runtime.controller) on a headless view (device events in,
flow events, the flow's actions performed through `Work`, answers fed back) and `play(rng)` walks one session:
an item chosen at random, identification by the simulated ID card (the reader's "card" event) or an e-ID code
resolved by the platform, answers (sometimes a wrong one first), back-steps, pages photographed by the document
camera or promised at the counter, abandonments and idle timeouts, the printed receipt and the evaluation. At the
end the controller starts a new session, and the finished one is checked wiped, as in the app.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.base.errors import KioskError
from kiosk.core.catalog import Catalog, FormField
from kiosk.core.flow import (
    EVALUATION_REASONS,
    AtCounter,
    Back,
    Consent,
    Evaluated,
    FieldSet,
    ItemFlow,
    Next,
    PageAdded,
    PrintRequested,
    Step,
)
from kiosk.runtime.controller import Controller
from kiosk.runtime.headless import HeadlessView
from kiosk.runtime.runtime import Runtime

log = logging.getLogger(__name__)

CARD_WAIT_S = 10.0  # a card read (also across a reader unplugged and plugged back)
WORK_WAIT_S = 90.0  # one platform action or print job, faults included; longer means the kiosk hangs
PAGE_WIDTH = 640  # pages are sent at this width: enough for the platform, light for thousands of sessions

# Answers the form must refuse (typed before the right one).
WRONG = {"id_number": "150429196203150013", "phone": "1234567", "bank_card": "6222021234567890127",
         "date": "2099-13-45", "money": "-5", "uscc": "91110000600037341X"}
SAMPLES = {"text": "宁城县中心医院", "money": "1234.5", "date": "2026-03-01", "bank_card": "6222021234567890128",
           "uscc": "91110000600037341L", "address": "宁城县天义镇中京大街东段66号", "id_number": "150429201506060026"}
DATES = {"admitted_on": "2026-03-01", "discharged_on": "2026-03-10"}


class SoakStuck(KioskError):
    """The kiosk did not answer in time, or the flow refused a walk that must pass: a defect, counted as
    unhandled."""


@dataclass(frozen=True)
class Chances:
    """How often a citizen does each thing (per session or per step)."""

    card: float = 0.75  # identify by card where the item allows the e-ID too
    wrong_first: float = 0.15  # per field
    back_step: float = 0.15  # per step with a way back
    abandon: float = 0.03  # per step: walks away (the next citizen presses 返回首页)
    timeout: float = 0.02  # per step: walks away, the idle timer ends the session
    at_counter: float = 0.2  # per material
    print_slip: float = 0.5  # a query's answer printed
    evaluate: float = 0.8


class SoakKiosk:
    """The kiosk for the soak: the app's controller (kiosk.runtime.controller) on a headless view, pumped by the
    thread that plays the citizens."""

    def __init__(self, runtime: Runtime, catalog: Catalog, citizens: dict[str, Any], phones: dict[str, str],
                 pay: Callable[[str], None], chances: Chances = Chances(), injector: Any = None) -> None:
        self.runtime = runtime
        self.citizens = citizens  # kiosk.devices.sim.citizens.SimCitizen by key
        self.phones = phones  # the demo citizens' own numbers, by ID number: typed into the forms
        self.pay = pay  # the citizen pays on the phone (the sandbox's demo control)
        self.chances = chances
        self.injector = injector  # kiosk.soak.faults.FaultInjector or None
        self.degraded: Counter[str] = Counter()
        self.view = HeadlessView(shown=self._shown)
        self.controller = Controller(runtime.config, catalog, runtime, self.view)
        self.controller.attach(runtime)

    def _shown(self, name: str) -> None:
        # An application's receipt starts printing as its result appears: a printer fault must land in it.
        flow = self.controller.flow
        if name == Step.RESULT.value and flow is not None and flow.action is not None and flow.action.kind == "print":
            self._printing()

    def _printing(self) -> None:
        if self.injector is not None:
            self.injector.printing()

    def _pump(self, flow: ItemFlow, waiting_for: str, until: Callable[[], bool], timeout: float = WORK_WAIT_S) -> None:
        if not self.view.pump(until, timeout):
            raise SoakStuck("终端没有响应", f"{flow.item.code}: no {waiting_for} within {timeout} s")

    # -- one session ------------------------------------------------------------------------------------------
    def play(self, rng: random.Random) -> str:
        """One citizen from the home screen to the end: "completed", "abandoned", "timeout" or "refused"."""
        controller = self.controller
        item = rng.choice(controller.catalog.offered_at(controller.config.station.level))
        self.view.drain()  # late answers for the citizen before are dropped now, as the window drops them
        controller.new_session()
        session = controller.session
        controller.open_item(item.code)
        flow = controller.flow
        try:
            return self._walk(flow, rng)
        finally:
            identity = session.identity
            # 返回首页, the idle timeout and the end of an item all end here: the session wiped, the card lifted.
            controller.new_session()
            if session.personal or (identity is not None and not identity.is_empty):
                raise SoakStuck("会话未清除", "the session still holds personal data after the wipe")

    def _walk(self, flow: ItemFlow, rng: random.Random) -> str:
        if not self._identify(flow, rng):
            return "refused"
        while flow.step in (Step.FORM, Step.MATERIALS, Step.CONFIRM):
            leaving = self._leaves(rng)
            if leaving:
                return leaving
            step = flow.step
            {Step.FORM: self._fill, Step.MATERIALS: self._photograph, Step.CONFIRM: self._confirm}[step](flow, rng)
            self.controller.flow_event(Next())
            if flow.step is step:
                raise SoakStuck("流程卡住", f"{flow.item.code}: step {step.value} refused: {sorted(flow.errors)}")
            if step is not Step.CONFIRM and rng.random() < self.chances.back_step:
                self.controller.flow_event(Back())
                self.controller.flow_event(Next())
        leaving = self._leaves(rng)
        if leaving:
            return leaving  # gone while it is being sent or paid: the answer comes to nobody
        self._await_work(flow)
        if flow.step is Step.RESULT:
            self._result(flow, rng)
            leaving = self._leaves(rng)
            if leaving:
                return leaving
            self.controller.flow_event(Next())
        if flow.step is Step.EVALUATE:
            if rng.random() < self.chances.evaluate:
                level = rng.randint(1, 5)
                reasons = (rng.choice(EVALUATION_REASONS),) if level <= 2 else ()
                self.controller.flow_event(Evaluated(level, reasons))
            else:
                self.controller.flow_event(Next())
        if flow.step is not Step.DONE:
            raise SoakStuck("流程卡住", f"{flow.item.code}: ended on {flow.step.value}")
        return "completed"

    def _leaves(self, rng: random.Random) -> str:
        roll = rng.random()
        if roll < self.chances.abandon:
            return "abandoned"
        if roll < self.chances.abandon + self.chances.timeout:
            return "timeout"
        return ""

    # -- identification ---------------------------------------------------------------------------------------
    def _identify(self, flow: ItemFlow, rng: random.Random) -> bool:
        item = flow.item
        by_card = "idcard" in item.identity and ("eid" not in item.identity or rng.random() < self.chances.card)
        if by_card and self.runtime.idcard is not None:
            read = self._read_card(flow, rng)
            if read:
                return flow.step is not Step.IDENTIFY  # an expired card is refused by the flow: no other way
            if "eid" not in item.identity:
                return False
            self.degraded["idcard_fallback_eid"] += 1
        return self._identify_by_eid(flow, rng)

    def _read_card(self, flow: ItemFlow, rng: random.Random) -> bool:
        """Lay a demo card on the reader; its "card" event reaches the flow through the controller. True when a
        card was read (accepted, or refused by the flow with a notice); False when the reader could not read it
        or did not answer."""
        screen = self.view.current_screen
        key = rng.choice(sorted(self.citizens))
        self.runtime.idcard_sim.place_card(key)
        if self.injector is not None:
            self.injector.card_placed()
        try:
            answered = self.view.pump(lambda: flow.step is not Step.IDENTIFY or bool(flow.notice or screen.refusals),
                                      CARD_WAIT_S)
        finally:
            if self.injector is not None:
                self.injector.card_done()
        if not answered:
            self.degraded["idcard_no_answer"] += 1
            return False
        return not screen.refusals  # refused: unreadable, or a number that fails its checksum; the screen says why

    def _identify_by_eid(self, flow: ItemFlow, rng: random.Random) -> bool:
        """An e-ID code shown to the scanner (typed by a keyboard-wedge one): the controller resolves it through
        the platform."""
        screen = self.view.current_screen
        refusals = len(screen.refusals)
        codes = sorted(c.eid_code for c in self.citizens.values() if c.eid_code)
        self.controller.keyboard_code(rng.choice(codes))
        self._pump(flow, "e-ID answer",
                   lambda: flow.step is not Step.IDENTIFY or bool(flow.notice) or len(screen.refusals) > refusals)
        if len(screen.refusals) > refusals:
            self.degraded["eid_unavailable"] += 1
        return flow.step is not Step.IDENTIFY

    # -- the steps ----------------------------------------------------------------------------------------------
    def _fill(self, flow: ItemFlow, rng: random.Random) -> None:
        for spec in flow.item.fields:
            if spec.type in WRONG and rng.random() < self.chances.wrong_first:
                self.controller.flow_event(FieldSet(spec.key, WRONG[spec.type]))
                if spec.key not in flow.errors:
                    raise SoakStuck("错误答案未被发现", f"{flow.item.code}.{spec.key}: a wrong {spec.type} passed")
            self.controller.flow_event(FieldSet(spec.key, self._answer(spec, flow, rng)))

    def _answer(self, spec: FormField, flow: ItemFlow, rng: random.Random) -> Any:
        if spec.type == "choice":
            return rng.choice(spec.choices)
        if spec.type == "persons":
            people = flow.session.answers.get(spec.key) or [{}]
            return [{c.key: person.get(c.key) or self._answer(c, flow, rng) for c in spec.fields} for person in people]
        if spec.type == "phone":
            number = flow.session.identity.id_number if flow.session.identity else ""
            return self.phones.get(number, "13947650000")
        if spec.key in DATES:
            return DATES[spec.key]
        if spec.key == "share":
            return "10"
        return SAMPLES.get(spec.type, "1")

    def _photograph(self, flow: ItemFlow, rng: random.Random) -> None:
        for material in flow.item.materials:
            if rng.random() < self.chances.at_counter:
                self.controller.flow_event(AtCounter(material.code))
                continue
            page = self._page()
            if page is None:
                self.degraded["material_at_counter_no_camera"] += 1
                self.controller.flow_event(AtCounter(material.code))
            else:
                self.controller.flow_event(PageAdded(material.code, page))

    def _page(self) -> bytes | None:
        """A page from the document camera (the real driver's latest frame, scaled and encoded), None if gone."""
        import cv2

        camera = self.runtime.camera
        if camera is None or (self.injector is not None and self.injector.camera_gone):
            return None
        frame = camera.wait_frame(timeout=2.0)
        if frame is None:
            return None
        image = frame.image
        height = int(image.shape[0] * PAGE_WIDTH / image.shape[1])
        ok, jpeg = cv2.imencode(".jpg", cv2.resize(image, (PAGE_WIDTH, height)), [cv2.IMWRITE_JPEG_QUALITY, 70])
        return jpeg.tobytes() if ok else None

    def _confirm(self, flow: ItemFlow, rng: random.Random) -> None:
        self.controller.flow_event(Consent(True))

    # -- the platform and the printer: the controller performs, this thread pumps the answers -------------------
    def _await_work(self, flow: ItemFlow) -> None:
        paid = False
        while flow.step is Step.WORKING:
            self._pump(flow, f"answer to {flow.action}",
                       lambda paid=paid: flow.step is not Step.WORKING or bool(flow.payment) and not paid)
            if flow.payment and not paid:
                self.pay(flow.payment["payment_id"])  # the payment QR is on show: the citizen pays on the phone
                paid = True
        status = flow.session.outcome.get("status")
        if status == "queued":
            self.degraded["submitted_offline"] += 1
        elif status == "failed":
            self.degraded["platform_failed"] += 1

    def _result(self, flow: ItemFlow, rng: random.Random) -> None:
        if flow.action is None and flow.session.outcome.get("status") != "failed" \
                and rng.random() < self.chances.print_slip:
            self._printing()
            self.controller.flow_event(PrintRequested())
        if flow.action is not None and flow.action.kind == "print":
            self._pump(flow, "print result", lambda: flow.action is None)
            if not flow.session.outcome.get("printed"):
                self.degraded["receipt_on_screen"] += 1
