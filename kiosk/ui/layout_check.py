"""The layout checker: what a citizen would see wrong on a rendered screen, found in its widget tree.

Over the visible widgets of the window (the header, the current screen, an open dialog) it reports
- `clipped`: a label whose text does not fit its box (its texture is larger than the widget), a label whose box
  is too low for its lines (Kivy leaves out the lines that do not fit, and the texture it makes then fits the box),
  or a FitLabel that had to shorten its text; a label with `shorten: True` or `max_lines` declares that it may
  shorten and is let be;
- `overlap`: two texts or pictures, two touch targets, or a text and a touch target it does not belong to,
  drawn over each other;
- `under-header`: anything of the screen under the header; `off-screen`: anything reaching out of the window;
- `small-target`: a touch target smaller than 80 px (100 px in elder mode) on a 1920x1080 screen (scaled with the
  window); the 演示 controls of simulated devices are not the citizen's and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

MIN_TARGET = 80
MIN_TARGET_ELDER = 100
SLACK = 2  # px: rounding in the layouts
OVERLAP_SLACK = 4  # px: glyph boxes may touch where their boxes meet

Rect = tuple[float, float, float, float]  # x, y, right, top in window coordinates


@dataclass(frozen=True)
class Problem:
    kind: str  # clipped, overlap, under-header, off-screen, small-target
    what: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.what}"


@dataclass(frozen=True)
class _Seen:
    widget: Widget
    rect: Rect  # clipped to the scroll views it is in
    full: Rect  # where it lies, scrolled out of view or not
    in_header: bool


def describe(widget: Widget) -> str:
    text = getattr(widget, "text", "") or getattr(widget, "title", "") or getattr(widget, "label", "")
    text = str(text).replace("\n", " ")
    return f"{type(widget).__name__}({text[:30]!r})" if text else type(widget).__name__


def _window_rect(widget: Widget) -> Rect:
    x, y = widget.to_window(widget.x, widget.y)
    right, top = widget.to_window(widget.right, widget.top)
    return x, y, right, top


def _intersect(a: Rect, b: Rect) -> Rect | None:
    x, y, right, top = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x, y, right, top) if right > x and top > y else None


def _overlap_area(a: Rect, b: Rect) -> float:
    both = _intersect(a, b)
    if both is None:
        return 0.0
    width, height = both[2] - both[0], both[3] - both[1]
    return 0.0 if width <= OVERLAP_SLACK or height <= OVERLAP_SLACK else width * height


def _visible(root: Widget, header: Widget | None) -> Iterator[_Seen]:
    """Widgets drawn on screen: every ancestor shown (opacity), inside the scroll views that clip them."""

    def walk(widget: Widget, clip: Rect, in_header: bool) -> Iterator[_Seen]:
        if widget.opacity <= 0 or widget.width <= 0 or widget.height <= 0:
            return
        in_header = in_header or widget is header
        full = _window_rect(widget)
        rect = _intersect(full, clip)
        if rect is None:
            return
        yield _Seen(widget, rect, full, in_header)
        if isinstance(widget, ScrollView):
            clip = rect
        for child in widget.children:
            yield from walk(child, clip, in_header)

    yield from walk(root, (-1e6, -1e6, 1e6, 1e6), False)


def _is_text(widget: Widget) -> bool:
    return isinstance(widget, Label) and bool(str(widget.text).strip())


def _is_picture(widget: Widget) -> bool:
    return isinstance(widget, Image) and widget.texture is not None


def _is_target(widget: Widget) -> bool:
    return isinstance(widget, ButtonBehavior) and not widget.disabled


def _is_demo(widget: Widget) -> bool:
    node: Any = widget
    while node is not None and node.parent is not node:
        if type(node).__name__ in ("DemoButton", "DemoPanel"):
            return True
        node = node.parent
    return False


def _related(a: Widget, b: Widget) -> bool:
    """One inside the other (a button's own label)."""
    for inner, outer in ((a, b), (b, a)):
        node: Any = inner.parent
        while node is not None and node is not node.parent:
            if node is outer:
                return True
            node = node.parent
    return False


def _text_problem(widget: Label) -> str:
    from kiosk.ui.widgets.common import FitLabel

    if isinstance(widget, FitLabel):
        if widget.shorten and not widget.may_shorten:
            return f"{describe(widget)} shortened to fit {widget.width:.0f}x{widget.height:.0f}"
    elif widget.shorten or widget.max_lines:
        return ""  # declared: it may shorten
    elif _left_out(widget):
        return f"{describe(widget)} lines left out of a box of {widget.width:.0f}x{widget.height:.0f}"
    tw, th = widget.texture_size
    # A line's texture is about 1.4 times the type size: the room above and below the glyphs may spill over.
    if tw > widget.width + SLACK or th > widget.height + max(SLACK, 0.4 * widget.font_size):
        return f"{describe(widget)} text {tw:.0f}x{th:.0f} in a box of {widget.width:.0f}x{widget.height:.0f}"
    return ""


def _left_out(widget: Label) -> bool:
    """Whether the label's last layout dropped text: the characters of its laid-out lines against those it was
    given (its text as typeset: a TailLabel gives only the end of a long text, under a "…"). Only a box of fixed
    height can drop lines; a FitLabel measures its lines itself (FitLabel._fits), and a markup label's lines hold
    its text without the tags."""
    given = widget._label.text
    if widget.markup or not widget.text_size[1] or not given.strip():
        return False
    lines = getattr(widget._label, "_cached_lines", None) or []
    drawn = "".join(word.text for line in lines for word in line.words)
    return len("".join(drawn.split())) < len("".join(given.split()))


def _drawn_rect(seen: _Seen) -> Rect:
    """Where a label's text or a picture is drawn: its texture (a picture: scaled to fit), centred on the widget
    (as Label's and Image's canvas draw it)."""
    widget = seen.widget
    tw, th = widget.norm_image_size if isinstance(widget, Image) else widget.texture_size
    cx, cy = (seen.full[0] + seen.full[2]) / 2, (seen.full[1] + seen.full[3]) / 2
    drawn = (cx - tw / 2, cy - th / 2, cx + tw / 2, cy + th / 2)
    # Text drawn past a scroll view's edge is cut by it: only what is left can collide.
    return _intersect(drawn, seen.rect) or (0, 0, 0, 0)


def check_layout(roots: list[Widget], header: Widget | None, elder: bool, size_factor: float = 1.0) -> list[Problem]:
    """Every problem on the window made of `roots` (bottom first, as Window.children lists them reversed)."""
    problems: list[str] = []
    seen: list[_Seen] = []
    for root in roots:
        seen += list(_visible(root, header))
    width, height = Window.size
    header_bottom = height - header.height if header is not None and header.get_root_window() else height
    minimum = (MIN_TARGET_ELDER if elder else MIN_TARGET) * size_factor

    texts = [s for s in seen if _is_text(s.widget)]
    pictures = [s for s in seen if _is_picture(s.widget)]
    targets = [s for s in seen if _is_target(s.widget) and not _is_demo(s.widget)]
    for s in texts:
        problem = _text_problem(s.widget)
        if problem:
            problems.append(f"clipped: {problem}")
    for s in targets:
        if min(s.rect[2] - s.rect[0], s.rect[3] - s.rect[1]) < minimum - SLACK and s.rect == s.full:
            w, h = s.full[2] - s.full[0], s.full[3] - s.full[1]
            problems.append(f"small-target: {describe(s.widget)} {w:.0f}x{h:.0f} < {minimum:.0f}")
    for s in texts + pictures + targets:
        x, y, right, top = s.full if s.rect == s.full else s.rect
        if x < -SLACK or y < -SLACK or right > width + SLACK or top > height + SLACK:
            problems.append(f"off-screen: {describe(s.widget)} at {x:.0f},{y:.0f}-{right:.0f},{top:.0f}")
        elif not s.in_header and top > header_bottom + SLACK:
            problems.append(f"under-header: {describe(s.widget)} reaches {top - header_bottom:.0f} px under it")

    drawn = [(s, _drawn_rect(s)) for s in texts + pictures] + [(s, s.rect) for s in targets]
    for i, (a, rect_a) in enumerate(drawn):
        for b, rect_b in drawn[i + 1:]:
            if a.widget is b.widget or _related(a.widget, b.widget):
                continue
            if _overlap_area(rect_a, rect_b):
                problems.append(f"overlap: {describe(a.widget)} and {describe(b.widget)}")
    return [Problem(*p.split(": ", 1)) for p in dict.fromkeys(problems)]


@dataclass(frozen=True)
class Box:
    """Where one visible text, picture or touch target of the window lies: its place in the widget tree (the same
    on two renders of one screen, whatever the words), its box and where its text or picture is drawn."""

    path: str
    what: str
    rect: Rect
    drawn: Rect


def window_boxes(app: Any) -> list[Box]:
    """The visible texts, pictures and touch targets of the window now (the header and the screen, or an open
    dialog), for comparing two renders of the same screen."""
    boxes = []
    for root in reversed(Window.children):
        paths = {id(root): type(root).__name__}
        for widget in root.walk(restrict=True):
            for index, child in enumerate(reversed(widget.children)):
                paths[id(child)] = f"{paths[id(widget)]}/{type(child).__name__}[{index}]"
        for seen in _visible(root, app.header):
            widget = seen.widget
            if _is_text(widget) or _is_picture(widget):
                boxes.append(Box(paths[id(widget)], describe(widget), seen.full, _drawn_rect(seen)))
            elif _is_target(widget):
                boxes.append(Box(paths[id(widget)], describe(widget), seen.full, seen.rect))
    return boxes


def check_window(app: Any) -> list[Problem]:
    """The problems of what the app's window shows now: of an open dialog alone, which covers the rest."""
    from kivy.uix.modalview import ModalView

    roots = list(reversed(Window.children))
    dialogs = [root for root in roots if isinstance(root, ModalView)]
    if dialogs:
        return check_layout(dialogs[-1:], None, app.theme.elder, app.theme.size_factor)
    return check_layout(roots, app.header, app.theme.elder, app.theme.size_factor)
