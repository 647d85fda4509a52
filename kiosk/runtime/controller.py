"""The kiosk's glue without Kivy: device events into the flow, e-ID codes resolved by the platform, the card left on
the reader, a session's start and end, statistics, and the flow's actions carried out off the UI thread.

The window (kiosk.ui.app) implements `View`; the soak and `kiosk bench flow` implement it without a window, so
they drive this same glue. Everything here runs on the view's thread ("the UI thread"): answers from devices and
workers come back through `View.post`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.base.config import KioskConfig
from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.core.catalog import Catalog
from kiosk.core.flow import ContactKnown, Event, IdentityRead, ItemFlow, PaymentCreated, Printed, Step, WorkFailed
from kiosk.core.forms import field_error
from kiosk.core.identity import Identity, IdentitySource
from kiosk.core.services.copies import CopyJob
from kiosk.core.session import CitizenSession
from kiosk.devices.base import DeviceEvent, State
from kiosk.runtime.runtime import Runtime

if TYPE_CHECKING:
    from kiosk.runtime.kept import StationsCache
    from kiosk.runtime.notices_cache import NoticeCache

log = logging.getLogger(__name__)

# The spoken prompt of each of an item's steps (kiosk.ui.voice): said when it appears (in 长辈模式) and again on the
# step's 🔊 key (in every mode).
STEP_PROMPTS = {Step.IDENTIFY: "place_card", Step.FORM: "fill_form", Step.MATERIALS: "lay_paper",
                Step.CONFIRM: "check_answers", Step.WORKING: "please_wait", Step.RESULT: "see_result",
                Step.EVALUATE: "rate_service"}
# A refusal whose one cause a villager often meets has its own spoken sentence (by the refused field's type); any
# other says see_red_text.
REFUSAL_PROMPTS = {"id_number": "id_number_wrong", "phone": "phone_11_digits", "date": "pick_date"}
RECORD_WAIT_S = 2.0  # how long the next step waits for the platform's record of the card holder (then shows without)
# A msgid (made at import, in the source language): shown in the language of the moment.
# Nobody is at the kiosk while this screen shows: the one moment a new catalog may replace the one in use.
BETWEEN_SESSIONS_SCREEN = "attract"
NO_NETWORK = _("网络暂时不可用，请稍后再试，或点右上角“呼叫帮办”")


class ScreenHooks(Protocol):
    """What the controller tells the screen on show (kiosk.ui.screens.base.KioskScreen declares each, doing
    nothing, so every screen takes every call)."""

    def refresh(self) -> None: ...
    def reading(self) -> None: ...
    def refused(self, message: str) -> None: ...
    def code_blurred(self) -> None: ...
    def show_guidance(self, preview: Any) -> None: ...
    def page_captured(self, jpeg: bytes, thumbnail: bytes) -> None: ...
    def device_event(self, event: DeviceEvent) -> None: ...


class View(Protocol):
    """What the controller needs of whatever shows the kiosk."""

    def post(self, call: Callable[[], None]) -> None:
        """Run `call` on the view's thread, soon (from any thread)."""

    def show(self, name: str, **params: Any) -> None:
        """Show the screen called `name`."""

    @property
    def current(self) -> str:
        """The name of the screen on show."""

    @property
    def current_screen(self) -> ScreenHooks:
        """The screen on show."""

    def speak(self, prompt: str, asked: bool = False) -> None:
        """A short spoken prompt (kiosk.ui.voice); `asked`: the citizen pressed 🔊, so it is heard in every mode."""


def step_prompt(flow: ItemFlow) -> str:
    """What the step on show says: a payment waiting for the phone asks for the scan, not for patience."""
    if flow.step is Step.WORKING and flow.payment:
        return "scan_to_pay"
    return STEP_PROMPTS.get(flow.step, "")


def refusal_prompt(flow: ItemFlow, before: dict[str, str]) -> str:
    """What to say when the flow refuses something (`before`: its errors until now): the cause's own sentence when
    exactly one field is newly refused (in a list of persons, the first column refused, as its message says) for a
    cause of REFUSAL_PROMPTS (an ID number given but wrong, a phone number not 11 digits long, a date not picked
    yet), else see_red_text (the red words say what)."""
    new = [key for key, message in flow.errors.items() if before.get(key) != message]
    spec = next((f for f in flow.item.fields if [f.key] == new), None)
    if spec is None:  # several fields, a card not accepted, the platform's word
        return "see_red_text"
    value = flow.session.answers.get(spec.key)
    if spec.type == "persons":
        refused = [(c, p.get(c.key)) for p in value or [] for c in spec.fields
                   if field_error(c, p.get(c.key), flow.today)]
        if not refused:  # too few or too many persons, one listed twice
            return "see_red_text"
        spec, value = refused[0]
    given = str(value or "").strip()
    cause = {"id_number": bool(given), "phone": bool(given) and len(given) != 11, "date": not given}
    return REFUSAL_PROMPTS[spec.type] if cause.get(spec.type) else "see_red_text"


class Controller:
    """One citizen at a time: the session, the item's flow, and everything that feeds them."""

    def __init__(self, config: KioskConfig, catalog: Catalog, runtime: Runtime | None, view: View,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.catalog = catalog
        self.runtime = runtime
        self.view = view
        self.clock = clock
        self.session = CitizenSession()
        self.flow: ItemFlow | None = None
        self._performing: object = None  # the flow action being carried out, so a refresh does not repeat it
        self.prompt = ""  # the spoken prompt of the step on show (its 🔊 key says it again)
        self._stats_row: int | None = None
        self._card_on_reader: Identity | None = None  # see take_card
        self._pool: ThreadPoolExecutor | None = None  # see run
        self.copy_job = CopyJob()  # 证件复印's pictures: wiped with the session
        self._payment_expires: float | None = None  # on `clock`: when the pending payment's QR stops being valid
        self.staff_card: Callable[[DeviceEvent], bool] = lambda _event: False  # set by the staff desk's owner

    # -- devices --------------------------------------------------------------------------------------------
    def attach(self, runtime: Runtime) -> None:
        """On the runtime's thread once it is ready: every device's events reach `on_device_event` through the
        view's thread; a captured page is encoded on the capture worker first."""
        runtime.on_central = lambda: self.view.post(self.apply_central)
        for device in runtime.devices:
            if device is runtime.capture:
                device.subscribe(self._capture_event)
            else:
                device.subscribe(lambda event: self.view.post(lambda: self.on_device_event(event)))

    def _capture_event(self, event: DeviceEvent) -> None:
        if event.kind == "page":
            from kiosk.vision.export import png_bytes

            event = DeviceEvent(event.device, "page", (event.payload.jpeg(), png_bytes(event.payload.thumbnail)))
        self.view.post(lambda: self.on_device_event(event))

    def on_device_event(self, event: DeviceEvent) -> None:
        """Route a device's event to the flow and the screen showing it (on the view's thread)."""
        if self.staff_card(event):
            return
        flow, screen = self.flow, self.view.current_screen
        identifying = flow is not None and flow.step is Step.IDENTIFY
        self._note_card(event)
        match (event.device, event.kind):
            case ("scanner", "code") if identifying and event.payload.kind == "eid":
                self.resolve_eid(event.payload.text)
            case ("scanner", "blurred") if identifying:
                screen.code_blurred()
            case ("capture", "guidance") if flow is not None and flow.step is Step.MATERIALS:
                screen.show_guidance(event.payload)
            case ("capture", "page") if flow is not None and flow.step is Step.MATERIALS:
                screen.page_captured(*event.payload)
            case ("idcard", "card") if identifying:
                self.flow_event(IdentityRead(event.payload))
            case ("idcard", "reading") if identifying:
                screen.reading()
            case ("idcard", "card_error") if identifying:
                screen.refused(event.payload.message)
            case ("idcard", "status") if identifying:
                screen.refresh()
        if flow is None:
            screen.device_event(event)  # a public service reading receipts' codes or cards (办件进度, 预约办理)

    def device_ready(self, name: str) -> bool:
        """Whether the named device (idcard, scanner, printer, camera, face_camera) is there and not failing."""
        device = getattr(self.runtime, name, None) if self.runtime is not None else None
        return device is not None and device.status.state in (State.OK, State.UNKNOWN)

    def feeds(self, face: bool) -> tuple[Any, Any]:
        """The preview feed to draw and the page capture worker (None for the face camera, or without one)."""
        runtime = self.runtime
        if runtime is None:
            return None, None
        return (runtime.face_preview, None) if face else (runtime.preview, runtime.capture)

    def camera_source(self) -> Any:
        """The document camera's frame source (the simulator's, for its 演示 controls), or None."""
        return getattr(getattr(self.runtime, "camera", None), "source", None)

    def shutter(self, face: bool, taken: Callable[[str, bytes | None, bytes | None], None]) -> None:
        """Take the picture now: the document camera's page arrives as a "page" event; the face camera's
        portrait as `taken(problem, jpeg, thumbnail)` on the view's thread."""
        runtime = self.runtime
        if runtime is None:
            return
        if face:
            from kiosk.devices.camera.preview import take_portrait

            self.run(take_portrait, runtime.face_camera, then=lambda result: taken(*result))
        elif runtime.capture is not None:
            runtime.capture.shutter()

    def resolve_eid(self, code: str) -> None:
        """The e-ID code becomes an identity through the platform, off the view's thread."""
        flow = self.flow

        def resolved(eid: Any) -> None:
            if self.flow is flow:
                self.flow_event(IdentityRead(Identity.from_id_number(eid.id_number, eid.name, IdentitySource.EID)))

        def failed(message: str) -> None:
            if self.flow is flow:
                self.view.current_screen.refused(message or _("电子证照无法识别，请刷身份证"))

        self.view.current_screen.reading()
        if not self.ask(lambda client: client.resolve_eid(code), resolved, failed):
            self.view.current_screen.refused(_("网络暂时不可用，请刷身份证"))

    def keyboard_code(self, text: str) -> None:
        """A code typed by a keyboard-wedge scanner: the same event as a serial scanner's."""
        from kiosk.core.payloads import classify_payload, clean_payload
        from kiosk.devices.scanner.serial_scanner import ScannedCode

        text = clean_payload(text)
        if text:
            self.on_device_event(DeviceEvent("scanner", "code", ScannedCode(text, classify_payload(text), "keyboard")))

    def _note_card(self, event: DeviceEvent) -> None:
        """The reader delivers a card once per placing: the last one laid down is kept for a screen that asks for
        the card later (预约办理), until taken or the session's data is wiped (end_flow wipes it)."""
        if event.device == "idcard" and event.kind in ("card", "card_error"):
            self._card_on_reader = event.payload if event.kind == "card" else None

    def take_card(self) -> Identity | None:
        """The card laid on the reader earlier in this session and not taken yet, or None."""
        card, self._card_on_reader = self._card_on_reader, None
        return card

    # -- 演示 controls (simulated devices only) ---------------------------------------------------------------
    def demo_citizens(self) -> list[Any]:
        """The demo citizens whose cards the simulated reader can lay down ([] with a real reader)."""
        sim = self.runtime.idcard_sim if self.runtime is not None else None
        return list(sim.citizens.values()) if sim is not None else []

    def demo_codes(self) -> bool:
        """Whether a simulated scanner can show e-ID codes."""
        return self.runtime is not None and self.runtime.scanner_sim is not None

    def demo_place_card(self, key: str) -> None:
        self.runtime.idcard_sim.place_card(key)

    def demo_show_code(self, code: str) -> None:
        self.runtime.scanner_sim.show_code(code)

    def lift_demo_card(self) -> None:
        # The demo card leaves with the citizen, so the next one is not identified by it.
        if self.runtime is not None and self.runtime.idcard_sim is not None:
            self.runtime.idcard_sim.lift_card()

    # -- the session ----------------------------------------------------------------------------------------
    @property
    def in_session(self) -> bool:
        """A citizen is using the kiosk: an item is open, or any screen but the attract loop shows."""
        return self.flow is not None or self.view.current != BETWEEN_SESSIONS_SCREEN

    def apply_central(self) -> bool:
        """Put the catalog version the platform published (checked by kiosk.runtime.central) in use, only
        between sessions; True when it was. Called for every heartbeat while one waits, and on the return to
        the attract loop."""
        central = self.runtime.central if self.runtime is not None else None
        if central is None or central.pending is None or self.in_session:
            return False
        bundle = central.take()
        if bundle is None:
            return False
        self.catalog = bundle.catalog
        if self.runtime.heartbeat is not None:
            self.runtime.heartbeat.soon()  # the platform hears which version runs without waiting a minute
        return True

    def new_session(self, elder: bool = False) -> None:
        """Forget the item in progress and everything the citizen gave; a fresh session (`elder`: the person at
        the screen keeps 长辈模式)."""
        self.end_flow()
        self.session = CitizenSession(elder=elder)

    def end_flow(self) -> None:
        """Forget the item in progress and wipe what the citizen gave (the session object stays)."""
        self._record_session("abandoned")
        self.flow = None
        self.prompt = ""
        self.session.wipe()
        self.wipe_copies()
        card = self.take_card()  # a card of this session that no screen took is forgotten with the session
        if card is not None:
            card.wipe()
        self.lift_demo_card()

    def open_item(self, code: str) -> None:
        """Start the item's flow; an item this terminal's station level does not offer shows where it is offered."""
        if not self.catalog.item(code).offered_at(self.config.station.level):
            self.view.show("navigation", item=code)
            return
        self._record_session("abandoned")
        self.flow = ItemFlow(self.catalog.item(code), self.session)
        self._record_session_start(code)
        self.show_step()

    def repeat_prompt(self) -> None:
        """The step's 🔊 key: say its prompt again, in any mode."""
        self.view.speak(self.prompt, asked=True)

    def flow_event(self, event: Event) -> None:
        """Feed the flow an event (a touch on a step screen, a card, the platform's answer) and show its step."""
        if self.flow is None:
            return
        flow = self.flow
        problems = (dict(flow.errors), flow.notice)
        flow.handle(event)
        if (flow.errors or flow.notice) and (flow.errors, flow.notice) != problems:
            self.view.speak(refusal_prompt(flow, problems[0]))  # a field refused, a card not accepted
        if isinstance(event, Printed) and event.ok:
            self.view.speak("take_receipt")
        if isinstance(event, IdentityRead) and flow.step is not Step.IDENTIFY and flow.wants_record \
                and self._ask_record(flow):
            return  # the form shows once the record is in
        if isinstance(event, PaymentCreated) and flow.payment:
            from kiosk.core.idle import seconds_until

            left = seconds_until(str(flow.payment.get("expires_at", "")), dt.datetime.now(dt.UTC))
            self._payment_expires = self.clock() + left
        self.show_step()

    def _ask_record(self, flow: ItemFlow) -> bool:
        """Ask the platform for its record of the card holder (phone, bank card, and the household when the form
        takes it); the next step shows with the phone prefilled (editable) and the rest offered, or without them
        when the platform has none, refuses, or takes longer than RECORD_WAIT_S (the citizen types them).
        False when there is no platform to ask. The step is never changed under the citizen's finger: an answer
        after the step showed is dropped."""
        identity = flow.session.identity
        if identity is None:
            return False
        id_number = identity.id_number
        household = flow.wants_household
        asking = weakref.ref(flow)  # the wait holds no citizen's data: a session ended meanwhile is gone at once
        timers: list[threading.Timer] = []

        def question(client: Any) -> ContactKnown:
            contact = client.contact(id_number)
            members = client.household(id_number) if household else ()
            return ContactKnown(contact.phone, members, contact.bank_card)

        def proceed(known: ContactKnown | None = None) -> None:
            if not timers or self.flow is None or self.flow is not asking():
                return
            timers.pop().cancel()
            self.flow_event(known or ContactKnown())

        def failed(message: str) -> None:
            log.info("record of the card holder not offered: %s", message)
            proceed()

        if not self.ask(question, proceed, failed):
            return False
        timer = threading.Timer(RECORD_WAIT_S, lambda: self.view.post(proceed))
        timer.daemon = True
        timers.append(timer)
        timer.start()
        return True

    def idle_hold_until(self) -> float | None:
        """While the citizen pays on the phone the idle timeout waits (on `clock`), at most until the payment
        expires; None when no payment is pending."""
        flow = self.flow
        if flow is None or flow.step is not Step.WORKING or not flow.payment:
            return None
        return self._payment_expires

    def show_step(self) -> None:
        flow = self.flow
        if flow is None:
            return
        if flow.step is Step.DONE:
            self._record_session("completed")
            self.new_session(self.session.elder)
            self.view.show("home")
            return
        if self.view.current == flow.step.value:
            self.view.current_screen.refresh()
        else:
            self.view.show(flow.step.value)
        prompt = step_prompt(flow)
        if prompt != self.prompt:
            self.prompt = prompt
            self.view.speak(prompt)
        if flow.action is not None and flow.action is not self._performing:
            self._perform(flow)

    def _perform(self, flow: ItemFlow) -> None:
        """Hand the flow's action to the runtime's worker; its answer comes back through the view's thread."""
        action = self._performing = flow.action
        work = self.runtime.work if self.runtime is not None else None
        if work is None:
            self.flow_event(WorkFailed(_("终端还在准备，请稍后再试")))
            return

        def answer(event: Event) -> None:
            self.view.post(lambda: self.flow_event(event) if self.flow is flow else None)

        work.perform(flow, action, answer, still_wanted=lambda: self.flow is flow)

    # -- 证件复印 ----------------------------------------------------------------------------------------------
    def service_available(self, code: str) -> bool:
        """Whether this terminal offers the public service: 证件复印 needs an A4 queue ([devices.printer]
        a4_queue); the home tile says 暂未开通 and the service says where to get copies made without one."""
        return code != "copy" or bool(self.config.devices.printer.a4_queue)

    def new_copy_job(self) -> CopyJob:
        self.wipe_copies()
        self.copy_job = CopyJob()
        return self.copy_job

    def judge_copy(self, jpeg: bytes, frame_flags: tuple[str, ...],
                   then: Callable[[tuple[float, float, tuple[str, ...]]], None]) -> None:
        """A captured picture's true size and problems (kiosk.runtime.copies.judge), worked out off the view's
        thread; `then((width_mm, height_mm, problems))` on it, only while the same job is on."""
        from kiosk.runtime.copies import judge

        job, kind = self.copy_job, self.copy_job.kind
        capture = self.runtime.capture if self.runtime is not None else None
        dpi = getattr(capture, "dpi", 200)
        def judged(result: tuple[float, float, tuple[str, ...]]) -> None:
            if self.copy_job is job:
                then(result)

        def unreadable(exc: BaseException) -> None:
            log.info("copy picture refused: %s", getattr(exc, "detail", type(exc).__name__))
            judged((0.0, 0.0, ("unreadable",)))

        self.run(judge, jpeg, kind, dpi, frame_flags, self.config.vision.max_image_pixels, then=judged,
                 failed=unreadable)

    def print_copy(self, done: Callable[[CopyJob], None]) -> None:
        """Print the job at true size on the A4 queue off the view's thread, following the CUPS job to its end;
        the job learns how it ended and `done(job)` runs on the view's thread. The pictures are wiped then."""
        from kiosk.runtime.copies import print_sheets, sheets_of

        job = self.copy_job
        sheets = sheets_of(job)
        job.printing()

        def ended(result: Any) -> None:
            job.printed(result.outcome, result.detail)
            done(job)

        def failed(exc: BaseException) -> None:
            log.warning("copy not printed: %s", getattr(exc, "detail", type(exc).__name__))
            job.printed("failed", exc.message if isinstance(exc, KioskError) else "")
            done(job)

        self.run(print_sheets, sheets, job.line(), self.config.devices.printer.a4_queue, self.copy_spool, then=ended,
                 failed=failed)

    @property
    def copy_spool(self) -> Path:
        """Where a copy's PDF lies while CUPS takes it (kiosk.receipts.copies removes it)."""
        return self.config.data_dir / "copies"

    def wipe_copies(self) -> None:
        """Nothing of a copy stays on the terminal: the pictures overwritten, any PDF left in the spool removed."""
        self.copy_job.wipe()
        spool = self.copy_spool
        if spool.is_dir():
            for leftover in spool.iterdir():
                leftover.unlink(missing_ok=True)

    # -- off the view's thread: the one way -------------------------------------------------------------------
    def run(self, call: Callable[..., Any], *args: Any, then: Callable[[Any], None],
            failed: Callable[[BaseException], None] | None = None) -> None:
        """`call(*args)` off the view's thread; `then(result)` (or `failed(error)`) on it. Platform work runs on
        the backend's workers; before they exist, or without a platform, the controller's own small pool takes
        it, so what needs no platform (a staff PIN check) always works."""
        backend = self.runtime.backend if self.runtime is not None else None
        if backend is not None:
            future = backend.call(call, *args)
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="controller")
            future = self._pool.submit(call, *args)

        def done(future: Future[Any]) -> None:
            def deliver() -> None:
                try:
                    result = future.result()
                except Exception as exc:
                    if failed is None:
                        raise
                    failed(exc)
                    return
                then(result)

            self.view.post(deliver)

        future.add_done_callback(done)

    def close(self) -> None:
        """The kiosk stops: work not started is dropped (the session was wiped before)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def ask(self, question: Callable[[Any], Any], deliver: Callable[[Any], None],
            failed: Callable[[str], None]) -> bool:
        """Ask the platform `question(client)` off the view's thread; `deliver(answer)` or `failed(message)` on
        it. False when there is no platform."""
        backend = self.runtime.backend if self.runtime is not None else None
        if backend is None:
            return False

        def refused(exc: BaseException) -> None:
            if isinstance(exc, KioskError):
                failed(exc.message)
            else:
                log.error("platform call failed", exc_info=exc)
                failed(NO_NETWORK)

        self.run(question, backend.client, then=deliver, failed=refused)
        return True

    def send(self, kind: str, payload: dict[str, Any], delivered: Callable[[Any], None],
             pages: Sequence[bytes] = ()) -> bool:
        """A complaint, an evaluation or 补交材料 with its `pages` through the outbox (kiosk.runtime.actions.Work.send);
        `delivered(sent)` on the view's thread. False when the kiosk is not ready to send yet."""
        work = self.runtime.work if self.runtime is not None else None
        if work is None:
            return False
        work.send(kind, payload, lambda sent: self.view.post(lambda: delivered(sent)), pages)
        return True

    def print_receipt(self, receipt: Any, done: Callable[[Any], None]) -> bool:
        """A receipt to the printer (kiosk.runtime.actions.Work.print_receipt); `done(outcome)` on the view's
        thread. False when the kiosk is not ready to print yet."""
        work = self.runtime.work if self.runtime is not None else None
        if work is None:
            return False
        work.print_receipt(receipt, lambda outcome: self.view.post(lambda: done(outcome)))
        return True

    def notice_cache(self) -> NoticeCache:
        """三务公开's notices and pictures kept on disk for days offline (kiosk.runtime.notices_cache; loaded when
        the board is first opened, not at start)."""
        from kiosk.runtime.notices_cache import NoticeCache

        return NoticeCache.in_dir(self.config.data_dir)

    def stations_cache(self) -> StationsCache:
        """办事导航's places kept on disk (kiosk.runtime.kept), fetched ahead by the heartbeat."""
        from kiosk.runtime.kept import StationsCache

        return StationsCache.in_dir(self.config.data_dir)

    def help_reason(self) -> str:
        """Where the citizen is stuck, for the helper: the item and step, or the screen; never personal data.
        (The helper's words whatever the citizen's language: the item's name as the catalog writes it.)"""
        if self.flow is not None:
            return f"{self.flow.item.name} · {self.flow.step.value}"
        return f"screen {self.view.current}"

    def call_helper(self, answered: Callable[[Any], None], unreachable: Callable[[], None]) -> None:
        """呼叫帮办: notify the helper through the platform, off the view's thread."""
        station, reason = self.config.station.id, self.help_reason()

        def failed(message: str) -> None:
            log.info("helper not called: %s", message)
            unreachable()

        if not self.ask(lambda client: client.call_helper(station, reason), answered, failed):
            unreachable()

    # -- usage statistics -----------------------------------------------------------------------------------
    def _record_session_start(self, code: str) -> None:
        stats = self.runtime.statistics if self.runtime is not None else None
        if stats is None:
            return
        try:
            self._stats_row = stats.started(code)
        except Exception:
            log.exception("statistics: could not record a start")  # counting never stops a citizen

    def _record_session(self, outcome: str) -> None:
        """The item in progress ended: "completed" (with its satisfaction) or "abandoned" at its current step."""
        row, self._stats_row = self._stats_row, None
        stats = self.runtime.statistics if self.runtime is not None else None
        if row is None or stats is None or self.flow is None:
            return
        try:
            if outcome == "completed":
                stats.completed(row, (self.session.outcome.get("evaluation") or {}).get("level"))
            else:
                stats.abandoned(row, self.flow.step.value)
        except Exception:
            log.exception("statistics: could not record an end")
