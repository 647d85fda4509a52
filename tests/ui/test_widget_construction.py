"""Widgets whose children follow a property are safe to construct with that property given: Kivy runs an
on_<property> handler inside EventDispatcher.__init__, before Widget.__init__ has made the canvas add_widget needs
(KeyPad(layout="numeric_x") ended a citizen's session on 下一项). Such builders are bound after construction."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from typing import Any

import pytest

BUILDERS = {"add_widget", "clear_widgets", "remove_widget", "show_pane"}


def ui_modules() -> list[Any]:
    import kiosk.ui.screens
    import kiosk.ui.widgets

    names = []
    for package in (kiosk.ui.widgets, kiosk.ui.screens):
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return [importlib.import_module(name) for name in names]


def calls_in(function: Any) -> set[str]:
    """Names the function calls: f(), self.f(), x.y.f()."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            target = node.func
            names.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
    return names


def builds_children(cls: type, method: str, seen: set[str] | None = None) -> bool:
    """Whether the method adds or removes children, directly or through other methods of its class."""
    seen = seen if seen is not None else set()
    seen.add(method)
    function = getattr(cls, method)
    called = calls_in(function)
    if called & BUILDERS:
        return True
    module = inspect.getmodule(function)
    for name in called - seen:
        own = getattr(cls, name, None)
        if inspect.isfunction(own) and inspect.getmodule(own) is module and builds_children(cls, name, seen):
            return True
    return False


def test_no_property_handler_in_the_ui_builds_children(app) -> None:
    from kivy.properties import Property
    from kivy.uix.widget import Widget

    offenders, checked = [], 0
    for module in ui_modules():
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and issubclass(cls, Widget) and cls.__module__ == module.__name__):
                continue
            for name in vars(cls):
                if name.startswith("on_") and isinstance(getattr(cls, name[3:], None), Property):
                    checked += 1
                    if builds_children(cls, name):
                        offenders.append(f"{cls.__name__}.{name}")
    assert checked  # the walk found property handlers to judge
    assert not offenders


def test_the_builder_check_sees_the_handler_that_crashed(app) -> None:
    from kivy.properties import StringProperty
    from kivy.uix.gridlayout import GridLayout

    class Pad(GridLayout):
        layout = StringProperty("numeric")

        def on_layout(self, *_: Any) -> None:
            self._build()

        def _build(self) -> None:
            self.clear_widgets()

    assert builds_children(Pad, "on_layout")


@pytest.mark.parametrize("layout", ["numeric", "numeric_x", "numeric_dot", "alnum"])
def test_a_keypad_is_built_with_the_layout_it_is_given_and_follows_a_change(app, layout: str) -> None:
    from kiosk.ui.widgets.keyboards import LAYOUTS, KeyPad

    pad = KeyPad(layout=layout)
    assert [k.key for k in reversed(pad.children)] == LAYOUTS[layout]
    pad.layout = "numeric_x" if layout != "numeric_x" else "numeric"
    assert [k.key for k in reversed(pad.children)] == LAYOUTS[pad.layout]


def test_step_bars_tables_and_pinyin_keyboards_take_their_content_in_the_constructor(app) -> None:
    from kiosk.ime.engine import Candidate
    from kiosk.ui.widgets.common import StepBar, Table
    from kiosk.ui.widgets.keyboards import PinyinKeyboard

    bar = StepBar(steps=[("身份验证", True, False), ("填写信息", False, True)])
    assert [m.label for m in reversed(bar.children)] == ["身份验证", "填写信息"]
    table = Table(headers=["月份", "金额"], records=[["2026-10", "864.00"]])
    assert [c.text for c in reversed(table.children)] == ["月份", "金额", "2026-10", "864.00"]
    candidate = Candidate(text="宁城", consumed=2, rest="", reading="ning'cheng")
    keyboard = PinyinKeyboard(pinyin="nc", candidates=[candidate])
    assert [k.text for k in keyboard.ids.candidates.children] == ["宁城"]
    from kiosk.ui.widgets.handwriting import HandwritingKeyboard

    written = HandwritingKeyboard(candidates=["宁", "字"])
    assert [k.text for k in reversed(written.ids.candidates.children)] == ["宁", "字"]
