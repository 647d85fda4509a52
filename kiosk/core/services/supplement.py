"""补交材料 as a state machine: for an application the department returned for correction (退回补正), the pages it
asks for are photographed on the document camera, looked over, and sent through the outbox like an application's
(kept when the platform is down); the application then goes back to review. The screen shows the stages, feeds
the captured pages in, and sends what `send()` gives it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.base.i18n import _
from kiosk.core.results import ApplicationProgress
from kiosk.core.services.progress import to_add

MAX_PAGES = 20  # the contract's limit for one supplement


class Stage(StrEnum):
    PAGES = "pages"  # photographing
    CONFIRM = "confirm"  # the pages looked over before sending
    SENDING = "sending"
    DONE = "done"


def can_supplement(progress: ApplicationProgress | None) -> bool:
    """Only an application now returned for correction takes 补交."""
    return progress is not None and progress.status == "returned"


@dataclass
class Supplement:
    receipt_no: str
    item_name: str
    asked: str  # the department's note: what to add
    station_id: str
    pages: list[bytes] = field(default_factory=list, repr=False)  # corrected JPEG pages
    thumbnails: list[bytes] = field(default_factory=list, repr=False)  # small PNGs of them, for the screen
    stage: Stage = Stage.PAGES
    notice: str = ""
    number: str = ""  # the platform's supplement number, or the provisional one while offline
    offline: bool = False  # kept in the outbox, sent when the network is back

    @classmethod
    def of(cls, progress: ApplicationProgress, station_id: str) -> Supplement:
        return cls(progress.receipt_no, progress.item_name, to_add(progress), station_id)

    # -- pages ----------------------------------------------------------------------------------------------
    def page_added(self, jpeg: bytes, thumbnail: bytes) -> None:
        if self.stage is not Stage.PAGES:
            return
        if len(self.pages) >= MAX_PAGES:
            self.notice = _("一次最多补交{n}页").format(n=MAX_PAGES)
            return
        self.pages.append(jpeg)
        self.thumbnails.append(thumbnail)
        self.notice = ""

    def page_removed(self, index: int) -> None:
        if self.stage is Stage.PAGES and 0 <= index < len(self.pages):
            self.pages.pop(index)
            self.thumbnails.pop(index)

    # -- moving on ------------------------------------------------------------------------------------------
    def next(self) -> tuple[dict[str, Any], list[bytes]] | None:
        """下一步: from the pages to the check; from the check, what to send (payload and pages) -- None while
        there is nothing to send yet (a notice says why)."""
        if self.stage is Stage.PAGES:
            if not self.pages:
                self.notice = _("请先把要补交的材料放在拍摄区拍下来")
                return None
            self.stage, self.notice = Stage.CONFIRM, ""
            return None
        if self.stage is Stage.CONFIRM:
            self.stage, self.notice = Stage.SENDING, ""
            return {"receipt_no": self.receipt_no, "station_id": self.station_id}, list(self.pages)
        return None

    def back(self) -> bool:
        """上一步: from the check back to the pages; False when there is no step back (leave 补交)."""
        if self.stage is Stage.CONFIRM:
            self.stage, self.notice = Stage.PAGES, ""
            return True
        return False

    def sent(self, number: str, kept: bool, message: str = "") -> None:
        """The outbox's answer: kept (the platform's number, or a provisional one and `message` while offline), or
        refused with `message` (the pages stay, to try again or ask at the counter)."""
        if self.stage is not Stage.SENDING:
            return
        if kept:
            self.stage, self.number, self.offline, self.notice = Stage.DONE, number, bool(message), message
            self.wipe_pages()
        else:
            self.stage, self.notice = Stage.CONFIRM, message or _("补交没有成功，请到窗口办理")

    def wipe_pages(self) -> None:
        self.pages.clear()
        self.thumbnails.clear()
