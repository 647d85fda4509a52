"""证件复印 as a state machine: what to copy (choose), the card's front then its back, or a document's pages, on the
document camera (capture), the line across each copy (purpose, or typed), printing on the A4 printer (printing),
and how the job ended (done, held, failed). The screen shows it and forwards touches, keys and captured pages; the
controller prints (kiosk.receipts.copies) and reports the job's end here.

The captured pictures are the citizen's card: kept in bytearrays that `wipe()` overwrites, and wiped as soon as
the job ends, the citizen goes back to choose, or the session ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.base.i18n import N_, _
from kiosk.core.keypress import apply_key
from kiosk.core.services.outcome import Then

MAX_PAGES = 6  # of a document in one job: more is a clerk's work
MAX_PURPOSE = 12  # characters of a typed purpose: the line must fit across a card
# The purposes offered as buttons; printed in Chinese whatever the screen's language (the copy goes to an office).
PURPOSES = (N_("社会保险登记"), N_("医疗保险报销"), N_("户籍业务"), N_("银行开户"), N_("低保申请"),
            N_("不动产登记"), N_("入学报名"), N_("就业登记"))
# Where to get copies made on a terminal without an A4 printer (the unavailable screen says it).
ELSEWHERE = N_("请带上证件到便民服务台，工作人员为您复印。")


class Kind(StrEnum):
    IDCARD = "idcard"  # both sides on one page
    HOUSEHOLD = "household"  # 户口簿 pages, one to a page
    DOCUMENT = "document"  # other documents (A5, A4), one to a page


class Stage(StrEnum):
    CHOOSE = "choose"
    CAPTURE = "capture"
    PURPOSE = "purpose"
    TYPE = "type"  # the citizen types a purpose of their own
    PRINTING = "printing"
    DONE = "done"
    HELD = "held"  # the job still waited at the end of the wait (held, printer stopped): it was cancelled
    FAILED = "failed"


TOO_LARGE = "too_large"  # a document larger than A4: it would not fit the paper at its size
# What went wrong with a picture (kiosk.vision.card's and kiosk.vision.quality's flags), in plain words.
PROBLEMS = {
    "not_card": N_("这不像身份证，请只放一张身份证，平放在拍摄区中间"),
    "glare": N_("反光太强，请挪一挪证件后重拍"),
    "blurry": N_("照片不清楚，请放稳后重拍"),
    "unreadable": N_("照片没拍好，请重新放一次"),
    TOO_LARGE: N_("材料比A4纸大，本机印不下，请到便民服务台复印"),
}


def purpose_line(purpose: str) -> str:
    """The words written across each copy, as people write them by hand."""
    return f"仅供办理{purpose}使用，他用无效"


@dataclass
class Shot:
    """One taken picture at its true size."""

    jpeg: bytearray = field(repr=False)
    width_mm: float
    height_mm: float


@dataclass
class CopyJob:
    kind: Kind | None = None
    shots: list[Shot] = field(default_factory=list)
    purpose: str = ""
    typed: str = ""
    stage: Stage = Stage.CHOOSE
    detail: str = ""  # staff's words on a failed job (shown small, for the helper)
    notice: str = ""  # a problem, as a msgid

    def __repr__(self) -> str:
        return f"CopyJob({self.kind}, {self.stage}, {len(self.shots)} shots)"

    # -- what to copy and the pictures ------------------------------------------------------------------------
    def choose(self, kind: Kind) -> None:
        self.wipe()
        self.kind, self.stage = kind, Stage.CAPTURE

    def wanted(self) -> str:
        """What to lay on the camera now (in the language of the moment)."""
        if self.kind is Kind.IDCARD:
            return _("请将身份证人像面朝上，平放在拍摄区") if not self.shots else _("请将身份证翻过来，国徽面朝上")
        if len(self.shots) >= MAX_PAGES:
            return _("已拍满{n}页，请点“下一步”").format(n=MAX_PAGES)
        if self.kind is Kind.HOUSEHOLD:
            return _("请将户口簿翻到要复印的一页，平放在拍摄区")
        return _("请将要复印的材料平放在拍摄区（A4或更小）")

    @property
    def sides(self) -> int:
        """The pictures this kind takes (0: as many as the citizen lays, up to MAX_PAGES)."""
        return 2 if self.kind is Kind.IDCARD else 0

    def taken(self, jpeg: bytes, width_mm: float, height_mm: float, problems: tuple[str, ...] = ()) -> bool:
        """A picture came from the camera, with what is wrong with it; True if it was kept."""
        if self.stage is not Stage.CAPTURE:
            return False
        problem = next((p for p in PROBLEMS if p in problems), None)
        if problem is not None:
            self.notice = PROBLEMS[problem]
            return False
        if len(self.shots) >= (self.sides or MAX_PAGES):
            return False
        self.notice = ""
        self.shots.append(Shot(bytearray(jpeg), width_mm, height_mm))
        if self.sides and len(self.shots) == self.sides:
            self.stage = Stage.PURPOSE
        return True

    def retake(self) -> None:
        """Throw the last picture away (the card's front again after a wrong back)."""
        if self.shots:
            _wipe_shot(self.shots.pop())
        self.notice, self.stage = "", Stage.CAPTURE

    # -- the line ----------------------------------------------------------------------------------------------
    def choose_purpose(self, purpose: str) -> None:
        self.purpose, self.notice = purpose, ""

    def type_purpose(self) -> None:
        self.stage, self.notice = Stage.TYPE, ""

    def type_key(self, key: str) -> None:
        self.notice = ""
        self.typed = apply_key("text", self.typed, key, MAX_PURPOSE)

    def line(self) -> str:
        return purpose_line(self.purpose)

    # -- moving on ---------------------------------------------------------------------------------------------
    def primary(self) -> Then:
        """The primary touch: SEND means print now (the controller prints and reports `printed`)."""
        match self.stage:
            case Stage.CAPTURE if not self.shots or (self.sides and len(self.shots) < self.sides):
                self.notice = N_("请先放好材料，拍好后会自动进入下一步")
            case Stage.CAPTURE:
                self.stage = Stage.PURPOSE
            case Stage.TYPE if len(self.typed.strip()) < 2:
                self.notice = N_("请输入办什么事，至少两个字")
            case Stage.TYPE:
                self.purpose, self.stage = self.typed.strip(), Stage.PURPOSE
                return Then.SEND
            case Stage.PURPOSE if not self.purpose:
                self.notice = N_("请选择复印件的用途")
            case Stage.PURPOSE:
                return Then.SEND
            case Stage.DONE | Stage.HELD | Stage.FAILED:
                return Then.HOME
        return Then.STAY

    def back(self) -> bool:
        """One step back (a picture taken is one: the last is thrown away); False when there is none inside the
        service (then home)."""
        match self.stage:
            case Stage.CHOOSE:
                return False
            case Stage.CAPTURE if self.shots:
                self.retake()
            case Stage.CAPTURE:
                self.stage = Stage.CHOOSE
            case Stage.PURPOSE:
                self.retake()
            case Stage.TYPE:
                self.stage = Stage.PURPOSE
            case _:
                return False
        self.notice = ""
        return True

    def printing(self) -> None:
        self.notice, self.stage = "", Stage.PRINTING

    def printed(self, outcome: str, detail: str = "") -> None:
        """The CUPS job's end (kiosk.devices.printer.cups: completed, pending after the wait, failed, unknown).
        The pictures are wiped whatever it was: a reprint means laying the card again."""
        self.wipe()
        self.detail = detail
        self.stage = {"completed": Stage.DONE, "pending": Stage.HELD}.get(outcome, Stage.FAILED)

    def message(self) -> str:
        """Good news, in the language of the moment; "" before the end."""
        if self.stage is Stage.DONE:
            return _("复印好了，请在打印机出纸口取走复印件")
        return ""

    def wipe(self) -> None:
        for shot in self.shots:
            _wipe_shot(shot)
        self.shots.clear()


def _wipe_shot(shot: Shot) -> None:
    shot.jpeg[:] = bytes(len(shot.jpeg))
    shot.jpeg.clear()
