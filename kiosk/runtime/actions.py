"""Carrying out what a flow asks for (kiosk.core.flow.Action), off the UI thread, and answering with the flow's events.

submit  -> the application goes into the outbox first (with its pages), then waits a little for the platform's
           receipt; if the platform is slow or down the citizen leaves with the provisional number.
query   -> the platform's answer.
pay     -> the payment QR at once, then the wait for "paid".
print   -> the receipt to the printer, waiting for the job's final state; the receipt's picture and QR are kept
           for the screen, shown when it could not print or the printer cannot confirm it did.
No Kivy here: `answer(event)` is called on the worker; the app posts it to the UI thread.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiosk.base.config import KioskConfig
from kiosk.base.errors import KioskError
from kiosk.base.i18n import _
from kiosk.core.catalog import Item
from kiosk.core.display import links, readable_lines
from kiosk.core.flow import Action, Event, ItemFlow, PaymentCreated, Printed, WorkDone, WorkFailed

log = logging.getLogger(__name__)

SUBMIT_WAIT_S = 8.0  # how long the citizen waits for the platform's receipt before getting a provisional one
PRINT_WAIT_S = 30.0
PAY_POLL_S = 2.0

Answer = Callable[[Event], None]


@dataclass(frozen=True)
class Sent:
    """A complaint's or evaluation's fate: its number (the platform's, or the provisional one while offline),
    whether it is kept, and a plain-words message (saved offline, or why it was refused)."""

    number: str
    kept: bool
    message: str = ""


def application_payload(flow: ItemFlow, station_id: str) -> tuple[dict[str, Any], list[bytes]]:
    """The platform's application body (contract: ApplicationRequest) and the page files it refers to."""
    payload = flow.action.payload
    files: list[bytes] = []
    materials = []
    for material in payload["materials"]:
        refs = []
        for page in flow.session.materials.get(material["material_code"], []):
            refs.append(f"local:{len(files)}")
            files.append(page)
        materials.append({"material_code": material["material_code"], "file_ids": refs,
                          "at_counter": material["at_counter"]})
    identity = flow.session.identity
    applicant = {**payload["applicant"], "id_kind": identity.type.value if identity else "resident"}
    phone = flow.session.answers.get("phone")
    if phone:
        applicant["phone"] = phone
    body = {"item_code": payload["item_code"], "mode": _mode(flow.item), "station_id": station_id,
            "applicant": applicant, "form": payload["form"], "materials": materials}
    return body, files


YEARS_BACK = {"近一年": 1, "近三年": 3, "近五年": 5}


def query_years(choice: str, today: dt.date) -> list[int]:
    """The catalog's plain-words period (近三年) as the platform's list of years; [] for 全部."""
    back = YEARS_BACK.get(choice, 0)
    return [today.year - n for n in range(back)]


def originals_owed(flow: ItemFlow) -> list[str]:
    """The originals of photographed materials still to be handed in, each with its deadline (paper's Chinese)."""
    return [f"{m.name}原件：请在{m.original_within_days}个工作日内交到受理窗口，或交代办员转交"
            for m in flow.item.materials
            if m.original_within_days and flow.session.materials.get(m.code)]


def _mode(item: Item) -> str:
    return {"immediate": "instant", "promised": "promised", "appointment": "appointment",
            "extended": "extended", "self": "self"}[item.way]


class Work:
    """The app's hands: platform calls through the backend, receipts to the printer."""

    def __init__(self, config: KioskConfig, backend: Any, printer: Any = None) -> None:
        self.config = config
        self.backend = backend  # kiosk.runtime.platform.BackendServices
        self.printer = printer  # kiosk.devices.printer.printer.ReceiptPrinter or None
        # The waits, per instance so a soak run can shorten them without touching the kiosk's behaviour.
        self.submit_wait_s = SUBMIT_WAIT_S
        self.pay_poll_s = PAY_POLL_S

    def perform(self, flow: ItemFlow, action: Action, answer: Answer, still_wanted: Callable[[], bool]) -> None:
        """Start `action` on the worker pool; `still_wanted()` tells a long wait (payment) to give up."""
        handler = {"submit": self._submit, "query": self._query, "pay": self._pay, "print": self._print}[action.kind]
        if action.kind == "submit":
            # What the citizen gave is read now, on the caller's thread: the session may be wiped (返回首页, idle
            # timeout) while the application is still on its way, and it must go out whole.
            handler = functools.partial(self._submit, application_payload(flow, self.config.station.id))

        def run() -> None:
            try:
                handler(flow, action, answer, still_wanted)
            except KioskError as exc:
                log.warning("%s failed: %s", action.kind, exc.detail or exc.message)
                answer(Printed(False, exc.message) if action.kind == "print" else WorkFailed(exc.message))
            except Exception:
                log.exception("%s failed", action.kind)
                answer(Printed(False, _("打印出错")) if action.kind == "print" else WorkFailed(_("系统出错，请稍后再试")))

        self.backend.pool.submit(run)

    # -- platform -----------------------------------------------------------------------------------------------
    def _submit(self, application: tuple[dict[str, Any], list[bytes]], flow: ItemFlow, action: Action,
                answer: Answer, _still_wanted: Callable[[], bool]) -> None:
        from kiosk.backend.outbox import OutboxFile

        body, pages = application
        queued = self.backend.outbox.enqueue("application", body, [OutboxFile(p, "jpeg") for p in pages])
        outcome = self.backend.outbox.wait(queued.local_id, self.submit_wait_s)
        if outcome.state == "delivered":
            answer(WorkDone(self._receipt(outcome.platform_no, check=flow.item.result == "check")))
        elif outcome.state == "failed":
            answer(WorkFailed(outcome.message or _("申请未被受理，请到窗口咨询")))
        else:
            answer(WorkFailed(_("网络暂时不可用，您的申请已保存，将自动提交"), queued=True, outcome={"provisional_no": queued.provisional_no}))

    def send(self, kind: str, payload: dict[str, Any], done: Callable[[Sent], None],
             pages: Sequence[bytes] = ()) -> None:
        """A complaint, an evaluation or 补交材料 (`pages`, JPEG) through the outbox (kept when the platform is down,
        sent later); `done(Sent)` on the worker after a short wait for the platform's number."""

        from kiosk.backend.outbox import OutboxFile, local_file_ref

        if pages:  # the pages are named by their place among the files given to the outbox
            payload = {**payload, "files": [local_file_ref(i) for i in range(len(pages))]}

        def run() -> None:
            try:
                queued = self.backend.outbox.enqueue(kind, payload, [OutboxFile(p, "jpeg") for p in pages])
                outcome = self.backend.outbox.wait(queued.local_id, SUBMIT_WAIT_S)
            except KioskError as exc:
                log.warning("%s not kept: %s", kind, exc.detail or exc.message)
                done(Sent("", False, exc.message))
                return
            except Exception:
                log.exception("%s not kept", kind)
                done(Sent("", False, _("系统出错，请稍后再试")))
                return
            if outcome.state == "delivered":
                done(Sent(outcome.platform_no or queued.provisional_no, True))
            elif outcome.state == "failed":
                done(Sent("", False, outcome.message or _("提交未被受理，请到服务台咨询")))
            else:
                done(Sent(queued.provisional_no, True, _("网络暂时不可用，您的申请已保存，将自动提交")))

        self.backend.pool.submit(run)

    def _receipt(self, receipt_no: str, check: bool = False) -> dict[str, Any]:
        """The receipt number, and from the platform's own record (best effort) the promised date, or for a check
        decided at once (养老资格认证) whether it passed, in the platform's words."""
        receipt: dict[str, Any] = {"receipt_no": receipt_no}
        try:
            progress = self.backend.client.application(receipt_no)
        except KioskError as exc:
            log.info("application record not fetched: %s", exc.detail)
            return receipt
        if check and progress.status in ("approved", "rejected"):
            receipt["check"] = {"passed": progress.status == "approved", "note": progress.timeline[-1].note}
        else:
            receipt["promised_date"] = progress.promised_date.isoformat()
        return receipt

    def _query(self, flow: ItemFlow, action: Action, answer: Answer, _: Callable[[], bool]) -> None:
        params = {k: v for k, v in action.payload.items() if k not in ("item_code", "id_number")}
        if "years" in params:
            params["years"] = query_years(params["years"], dt.date.today())
            if not params["years"]:
                del params["years"]  # 全部: every year the platform has
        result = self.backend.client.query(action.payload["item_code"], action.payload["id_number"], **params)
        done: dict[str, Any] = {"summary": dict(result.summary), "rows": [dict(r) for r in result.rows]}
        if result.certificate is not None:
            done["certificate"] = result.certificate
        answer(WorkDone(done))

    def _pay(self, flow: ItemFlow, action: Action, answer: Answer, still_wanted: Callable[[], bool]) -> None:
        from kiosk.core.results import PaymentLine

        amount = Decimal(str(flow.item.amount_per_person))
        lines = [PaymentLine(line["id_number"], int(line["year"]), amount, line.get("name", ""))
                 for line in action.payload["lines"]]
        client = self.backend.client
        order = client.create_payment(action.payload["payer_id_number"], lines, item_code=flow.item.code)
        answer(PaymentCreated({"payment_id": order.payment_id, "amount": f"{order.amount:.2f}",
                               "qr_text": order.qr_text, "expires_at": order.expires_at.isoformat()}))
        deadline = time.monotonic() + max(0.0, (order.expires_at - dt.datetime.now(order.expires_at.tzinfo)).total_seconds())
        while still_wanted() and time.monotonic() < deadline:
            status = client.payment_status(order.payment_id)
            if status.status == "paid":
                answer(WorkDone({"payment_status": "paid", "payment": status}))
                return
            if status.status in ("expired", "failed"):
                break
            time.sleep(self.pay_poll_s)
        if still_wanted():
            answer(WorkFailed(_("缴费没有完成，二维码已失效。如已扣款，请呼叫帮办")))

    # -- printing -----------------------------------------------------------------------------------------------
    def _print(self, flow: ItemFlow, action: Action, answer: Answer, _: Callable[[], bool]) -> None:
        outcome = flow.session.outcome
        if outcome.get("certificate") is not None:
            answer(self._print_certificate(flow))
            return
        receipt = self.receipt_for(flow)
        answer(self._print_slip(flow, receipt))

    def _print_slip(self, flow: ItemFlow, receipt: Any) -> Printed:
        """A receipt to the receipt printer; its picture and QR kept for the screen, and what it was."""
        from kiosk.receipts import render_png

        outcome = flow.session.outcome
        outcome["receipt_png"] = render_png(receipt)
        outcome["receipt_qr"] = receipt.qr_text or ""
        outcome["printed_document"] = {"kind": receipt.kind, "title": receipt.title, "route": "slip"}
        return self._print_and_wait(receipt)

    def _print_certificate(self, flow: ItemFlow) -> Printed:
        """The certificate on A4 through CUPS where the terminal has a queue (blocking, on this worker); a
        certificate slip otherwise, or when the A4 printer cannot take it."""
        from kiosk.receipts import documents, kinds

        identity = flow.session.identity
        cert = documents.issued_certificate(flow.item.prints.kind, identity.name if identity else "",
                                            identity.id_number if identity else "", flow.session.outcome["certificate"])
        station = kinds.SlipStation.from_config(self.config)
        mask = self.config.privacy.mask_on_paper
        queue = documents.a4_queue(self.config.devices.printer)
        if queue is not None:
            try:
                delivery = documents.print_certificate(cert, station, queue, None, self.config.data_dir / "spool",
                                                       mask, wait=PRINT_WAIT_S)
            except KioskError as exc:
                log.warning("A4 certificate not printed, a slip instead: %s", exc.detail or exc.message)
            else:
                result = delivery.a4
                if result is not None and result.outcome != "failed":
                    flow.session.outcome["printed_document"] = {"kind": cert.receipt_kind, "title": cert.title,
                                                                "route": "a4", "number": cert.verify_code}
                    if result.outcome == "completed":
                        return Printed(True)
                    return Printed(True, _("A4打印机还在打印，请稍候取走证明"), confirmed=False)
                log.warning("A4 certificate %s failed, a slip instead: %s", cert.kind, result.detail if result else "")
        printed = self._print_slip(flow, documents.certificate_slip(cert, station, mask))
        flow.session.outcome["printed_document"]["number"] = cert.verify_code
        return printed

    def print_receipt(self, receipt: Any, done: Callable[[Printed], None]) -> None:
        """Print a receipt of a public service (guide notice, complaint slip) on the worker; `done(Printed)`
        is called there when it has printed or cannot."""

        def run() -> None:
            try:
                done(self._print_and_wait(receipt))
            except KioskError as exc:
                log.warning("printing failed: %s", exc.detail or exc.message)
                done(Printed(False, exc.message))
            except Exception:
                log.exception("printing failed")
                done(Printed(False, _("打印出错")))

        self.backend.pool.submit(run)

    def _print_and_wait(self, receipt: Any) -> Printed:
        if self.printer is None:
            return Printed(False, _("本机没有打印机"))
        finished = threading.Event()
        final: list[Any] = []
        job_id: list[str] = []

        def on_event(event: Any) -> None:
            update = event.payload
            if event.kind == "job" and job_id and update.job_id == job_id[0] and update.final:
                final.append(update)
                finished.set()

        unsubscribe = self.printer.subscribe(on_event)
        try:
            job_id.append(self.printer.submit(receipt))
            finished.wait(PRINT_WAIT_S)
        finally:
            unsubscribe()
        if final and final[0].state.value == "printed":
            return Printed(True)
        if final and final[0].state.value == "sent":
            return Printed(True, final[0].message, confirmed=False)
        if not final:
            self.printer.cancel(job_id[0])  # never printed later for the next citizen
        return Printed(False, final[0].message if final else _("打印机没有响应"))

    def receipt_for(self, flow: ItemFlow) -> Any:
        from kiosk.receipts import kinds

        station = kinds.SlipStation.from_config(self.config)
        identity = flow.session.identity
        name, number = (identity.name, identity.id_number) if identity else ("", "")
        outcome = flow.session.outcome
        now = dt.datetime.now()
        if flow.item.result == "check" and outcome.get("check"):
            return kinds.check_slip(kinds.CheckDetails(
                receipt_no=outcome["receipt_no"], item=flow.item.name, person_name=name, person_id=number,
                passed=outcome["check"]["passed"], note=outcome["check"]["note"], checked_at=now,
            ), station)
        if flow.is_application:
            receipt_no = outcome.get("receipt_no") or outcome.get("provisional_no", "")
            # What was taken here is a photo: the paper says so, and which originals are still owed.
            materials = [f"{m.name}（拍照 {len(pages)} 页）" for m in flow.item.materials
                         if (pages := flow.session.materials.get(m.code))]
            pending = [m.name for m in flow.item.materials if m.code in flow.session.at_counter]
            return kinds.acceptance_receipt(kinds.AcceptanceDetails(
                receipt_no=receipt_no, item=flow.item.name, applicant_name=name, applicant_id=number,
                materials=materials, promised_date=outcome.get("promised_date", "联网提交后短信告知"),
                progress_qr=receipt_no, accepted_at=now, pending_materials=pending,
                helper_phone=self.config.station.phone, originals=originals_owed(flow),
            ), station)
        if flow.receipt_kind == "payment":
            from kiosk.receipts.payment import payment_receipt_of

            return payment_receipt_of(outcome["payment"], name, self.config, now, item=flow.item.name)
        # Dates in words, a web address as a QR code under the rows (kiosk.core.display).
        summary = outcome.get("summary", {})
        rows = readable_lines(summary, link="见下方二维码")
        return kinds.query_slip(kinds.QueryDetails(query=flow.item.name, person_name=name, person_id=number,
                                                  rows=rows, as_of=now, links=links(summary)), station)
