"""Modal dialogs over any screen: the idle countdown and the call for help."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.modalview import ModalView


class IdleWarning(ModalView):
    """还在吗? Shown before the idle timeout ends the session; any touch keeps the session."""

    seconds_left = NumericProperty(0)


class HelpDialog(ModalView):
    """呼叫帮办 until the platform's assistance request is wired: who to ask and the station's phone."""

    phone = StringProperty("")


Builder.load_file(str(Path(__file__).with_name("dialogs.kv")))
