"""Modal dialogs over any screen: the idle countdown, the call for help, and a question before deleting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.modalview import ModalView


class IdleWarning(ModalView):
    """还在吗? Shown before the idle timeout ends the session; any touch keeps the session."""

    seconds_left = NumericProperty(0)


class HelpDialog(ModalView):
    """呼叫帮办: 请稍候 while the platform notifies the station's helper (the citizen may cancel), then the helper's
    name and phone; without the platform, who to ask and the station's phone."""

    phone = StringProperty("")  # the station's
    state = OptionProperty("calling", options=["calling", "called", "offline"])
    helper_name = StringProperty("")
    helper_phone = StringProperty("")
    cancelled = BooleanProperty(False)

    def answered(self, ticket: Any) -> None:
        """The platform's AssistTicket (on the UI thread)."""
        if not self.cancelled:
            self.helper_name, self.helper_phone, self.state = ticket.helper_name, ticket.helper_phone, "called"

    def unreachable(self) -> None:
        if not self.cancelled:
            self.state = "offline"

    def cancel(self) -> None:
        self.cancelled = True
        self.dismiss()


class ConfirmDialog(ModalView):
    """A question before something that cannot be undone (删除 a page or a person): the action names itself
    on its button, 不删除 keeps everything."""

    question = StringProperty("")
    action_text = StringProperty("")

    def __init__(self, confirmed: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._confirmed = confirmed

    def confirm(self) -> None:
        self.dismiss()
        self._confirmed()


Builder.load_file(str(Path(__file__).with_name("dialogs.kv")))
