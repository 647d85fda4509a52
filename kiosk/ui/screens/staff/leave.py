"""离开维护: back to service, restart the kiosk program, or (an admin only) exit to the desktop."""

from __future__ import annotations

from kivy.properties import BooleanProperty

from kiosk.base.i18n import _
from kiosk.ui.screens.staff.page import MaintenanceScreen


class LeaveScreen(MaintenanceScreen):
    body_class = "LeaveBody"
    admin = BooleanProperty(False)

    def title(self) -> str:
        return _("离开维护")

    def refresh(self) -> None:
        self.admin = bool(self.desk.member and self.desk.member.is_admin)

    def restart(self) -> None:
        self.act(lambda: self.app.quit_kiosk(restart=True))

    def exit_to_desktop(self) -> None:
        self.act(lambda: self.app.quit_kiosk(restart=False))
