"""运行日志: the last 40 lines of the kiosk's log, already masked when written."""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kiosk.base.i18n import _
from kiosk.ui.screens.staff.page import MaintenanceScreen


class LogsScreen(MaintenanceScreen):
    body_class = "LogsBody"
    text = StringProperty("")
    _given: list[str] | None = None  # lines to show instead of the log file (screenshots)

    def title(self) -> str:
        return _("运行日志（最近40行，已脱敏）")

    def prepare(self, lines: list[str] | None = None, **params: Any) -> None:
        self._given = lines
        super().prepare(**params)

    def relabel(self) -> None:
        self.prepare(lines=self._given)

    def refresh(self) -> None:
        lines = self._given if self._given is not None else self.desk.log_tail(40)
        self.text = "\n".join(lines) if lines else _("（日志为空）")

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.staff import DEMO_LOG_LINES

        app.sample_maintenance()
        return {"lines": DEMO_LOG_LINES}
