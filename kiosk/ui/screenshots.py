"""Rendering screens to PNG inside a running KioskApp (used by `kiosk screenshot`, offscreen, no X server)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels
from PIL import Image

from kiosk.base.i18n import LANGUAGES, SOURCE, _
from kiosk.core.catalog import Catalog
from kiosk.ui.screens import OVERLAYS, all_names
from kiosk.ui.screens.base import screen_class
from kiosk.ui.widgets.dialogs import ConfirmDialog, IdleWarning

log = logging.getLogger(__name__)

SETTLE_S = 0.3  # frames for layout and textures to settle after a change
SETTLE_FRAMES = 3  # and at least this many frames drawn after it


def _idle_warning(app: Any) -> None:
    IdleWarning(seconds_left=app.config_model.session.warning_s - 2).open(animation=False)


def _delete_question(app: Any) -> None:
    ConfirmDialog(lambda: None, question=_("删除第{n}页吗？删除后可以重拍。").format(n=1), action_text=_("删除")).open(
        animation=False)


OPEN_OVERLAY: dict[str, Callable[[Any], None]] = {
    "idle-warning": _idle_warning,
    "help": lambda app: app.call_helper(),
    "delete-question": _delete_question,
}
# The further sample states of a public service's screen, beside its own sample: given to its `sample(app, state)`.


@dataclass(frozen=True)
class Shot:
    name: str
    out: Path | None  # None: checked, not saved
    size: tuple[int, int]  # the window's; one size per process
    elder: bool = False
    lang: str = SOURCE
    state: str = ""  # an item step's sample state (kiosk.demo.states), "" for the screen's own sample

    @property
    def label(self) -> str:
        return "/".join(p for p in (self.name, self.state, "elder" if self.elder else "", self.lang) if p)


# A few states beside every screen's own sample, so that a quick pass meets each kind of keyboard and picker and
# each page of a screen with pages: a number pad, the pinyin keyboard and handwriting, the date picker, a field's
# error, and 证件复印's and 补交's further pages.
QUICK_STATES = (("form", "yb-bx:total:filled"), ("form", "qy-sl:company_name:empty"),
                ("form", "qy-sl:company_name:handwriting"), ("form", "yb-bx:admitted_on:empty"),
                ("form", "yb-bx:phone:error"), ("copy", "capture"), ("copy", "purpose"), ("copy", "held"),
                ("supplement", "confirm"))


def plan_all(out_dir: Path | None, size: tuple[int, int], catalog: Catalog, elders: tuple[bool, ...] = (False, True),
             langs: tuple[str, ...] = tuple(LANGUAGES), quick: bool = False) -> list[Shot]:
    """Every screen and overlay, and every step of every item in its sample states (item_states), at one
    window size, in each of `elders` and `langs`; `quick`: every screen and overlay in its own sample and
    QUICK_STATES only. (The offscreen GL surface cannot be resized, so each orientation needs its own process.)"""
    orientation = "portrait" if size[1] > size[0] else "landscape"
    shots = []
    states = list(QUICK_STATES) if quick else item_states(catalog) + service_states()
    for lang in langs:
        for elder in elders:
            suffix = ("-elder" if elder else "") + ("" if lang == SOURCE else f"-{lang}")
            names = [(name, "") for name in all_names()] + states
            for name, state in names:
                stem = f"{name}-{state.replace(':', '-')}" if state else name
                out = out_dir / f"{stem}-{orientation}{suffix}.png" if out_dir is not None else None
                shots.append(Shot(name, out, size, elder, lang, state))
    return shots


# The states of public services beyond their own sample, shown with `prepare(state=...)`.
# The public services' screens in their sample states (the screen's `sample(app, state)` gives the parameters).
# A state ending in WRITTEN is the one before it with the text keyboard on handwriting and a character written.
WRITTEN = ":handwriting"
SERVICE_STATES: dict[str, tuple[str, ...]] = {
    "complaint": ("write" + WRITTEN,),
    "copy": ("capture", "capture-back", "purpose", "type", "type" + WRITTEN, "printing", "done", "held", "failed"),
    "guide": ("search" + WRITTEN,),
    "progress": ("payments",),
    "supplement": ("confirm", "done"),
}


def service_states() -> list[tuple[str, str]]:
    return [(name, state) for name, states in SERVICE_STATES.items() for state in states]


# What is wrong in a field's error state: a value of the right kind that the form refuses.
WRONG = {"phone": "1394765123", "id_number": "150429198809190035", "bank_card": "6228480402564890019",
         "money": "12.345", "date": "2026-02-30", "uscc": "91110000600037341X", "address": "天义镇"}
ITEM_STEPS = ("identify", "materials", "confirm", "working", "result", "evaluate")


def item_states(catalog: Catalog) -> list[tuple[str, str]]:
    """(screen, state) for every step of every item (and the identify step of the first item taking the e-ID
    code, with a code too blurred to read: "CODE:blurred"), and for the form, one field of every field type with each
    keyboard or picker it has (and every choice and persons field), each empty, filled and in error: "CODE" or
    "CODE:FIELD:empty|filled|error", "CODE:FIELD:handwriting" for the first text field and the first company name,
    and "CODE:FIELD:household" for a list of persons that takes the household on record, filled with a household of
    eight."""
    from kiosk.core.flow import ItemFlow
    from kiosk.core.household import offers_household
    from kiosk.core.keypress import pad_for
    from kiosk.core.session import CitizenSession

    states: list[tuple[str, str]] = []
    kinds: set[tuple[str, str]] = set()
    for item in catalog.items:
        steps = {step.value for step in ItemFlow(item, CitizenSession()).steps}
        states += [(step, item.code) for step in ITEM_STEPS if step in steps]
        if "eid" in item.identity and ("identify", "eid:blurred") not in kinds:  # a phone's code too blurred
            kinds.add(("identify", "eid:blurred"))
            states.append(("identify", f"{item.code}:blurred"))
        for spec in item.fields:
            if (spec.type, pad_for(spec)) not in kinds or spec.type in ("choice", "persons"):
                kinds.add((spec.type, pad_for(spec)))
                states += [("form", f"{item.code}:{spec.key}:{kind}") for kind in ("empty", "filled", "error")]
                # The handwriting keyboard, a character written, its candidates (the company name's beside its 行业表述).
                if pad_for(spec) in ("pinyin", "company_name") and spec.type == "text":
                    states.append(("form", f"{item.code}:{spec.key}:handwriting"))
                if offers_household(spec):  # a household of eight ticked: the list runs longer than the screen
                    states.append(("form", f"{item.code}:{spec.key}:household"))
    return states


def show_item_state(app: Any, step: str, state: str) -> None:
    """Put the app on an item's step in a sample state of item_states, reached through the real flow engine."""
    from kiosk.core.flow import FieldSet, Next
    from kiosk.demo.items import form_answers, sample_flow

    code, _, rest = state.partition(":")
    sample_flow(app, code, step, "meng-qingshan" if rest.endswith(":household") else "wang-jianguo")
    if step != "form":
        app.show(step)
        if rest == "blurred":
            app.current_screen.code_blurred()
        return
    key, kind = rest.split(":")
    flow = app.flow
    index = next(i for i, spec in enumerate(flow.item.fields) if spec.key == key)
    spec = flow.item.fields[index]
    if kind in ("empty", "handwriting"):
        flow.session.answers.pop(key, None)
    else:
        for event in form_answers(flow):
            flow.handle(event)
    if kind == "error":
        wrong: Any = [] if spec.type == "persons" else WRONG.get(spec.type, "")
        if spec.type in ("text", "address") and spec.type not in WRONG:
            wrong = "宁" * (spec.max_length + 1)
        flow.handle(FieldSet(key, wrong))
        flow.handle(Next())  # refused: the form opens on this field with its message
    app.show("form")
    if kind != "error":
        app.current_screen.go_to(index)
    if kind == "handwriting":
        _write_sample(app)


def _write_sample(app: Any) -> None:
    """The text keyboard switched to handwriting, with 宁 written."""
    from kiosk.ui.widgets.handwriting import HandwritingKeyboard, TextKeyboard

    board = next(w for w in app.current_screen.walk() if isinstance(w, TextKeyboard))
    board.offered = board.handwriting = True
    next(w for w in board.walk() if isinstance(w, HandwritingKeyboard)).sample("宁")


def save_window_png(path: Path) -> None:
    width, height = Window.size
    pixels = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
    image = Image.frombytes("RGB", (width, height), pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def run_shots(app: Any, shots: list[Shot], done: Callable[[list[Shot]], None],
              check: Callable[[Shot], None] | None = None) -> None:
    """Take the shots one after another on the Clock (calling `check` on each as it shows), then call `done` with
    the shots taken."""
    written: list[Shot] = []

    def setup(index: int) -> None:
        if index == len(shots):
            done(written)
            return
        try:
            show(shots[index])
        except Exception:
            # One broken screen must not stop the others: it is reported and left out.
            log.exception("could not render %s", shots[index].name)
            Clock.schedule_once(lambda _: setup(index + 1), 0)
            return
        settle = SETTLE_S if shots[index].name in OVERLAYS else app.current_screen.settle_s
        Clock.schedule_once(lambda _: after_frames(index, SETTLE_FRAMES), settle)

    def after_frames(index: int, left: int) -> None:
        # Layouts settle over frames (a list measured on the frame after it is filled shows its page keys on the
        # next): on a loaded machine the settle time alone can pass in one or two frames.
        if left:
            Clock.schedule_once(lambda _: after_frames(index, left - 1), 0)
        else:
            capture(index)

    def show(shot: Shot) -> None:
        for child in list(Window.children):
            if hasattr(child, "dismiss"):
                child.dismiss(animation=False)
        app.idle.touch(app.now())  # a citizen is "present" for every shot
        if app.session.elder != shot.elder:
            app.toggle_elder()
        app.set_language(shot.lang)
        if shot.name in OVERLAYS:
            app.show("home")
            OPEN_OVERLAY[shot.name](app)
        else:
            app.screen(shot.name)  # load the screen first: its sample may need its kv
            if shot.state and shot.name in SERVICE_STATES:
                state = shot.state.removesuffix(WRITTEN)
                app.show(shot.name, **screen_class(shot.name).sample(app, state))
                if state != shot.state:
                    _write_sample(app)
            elif shot.state:
                show_item_state(app, shot.name, shot.state)
            else:
                app.show(shot.name, **screen_class(shot.name).sample(app))
            if app.screens.current != shot.name:
                raise RuntimeError(f"{shot.name} did not show (now on {app.screens.current})")

    def capture(index: int) -> None:
        shot = shots[index]
        if check is not None:
            check(shot)
        if shot.out is not None:
            save_window_png(shot.out)
        written.append(shot)
        Clock.schedule_once(lambda _: setup(index + 1), 0)

    Clock.schedule_once(lambda _: setup(0), SETTLE_S)
