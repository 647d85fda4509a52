"""The kiosk's screens, one module each with its .kv beside it, imported on first use (like Kivy's showcase).

`SCREENS` maps a screen's name to `module:Class`; the app and `kiosk screenshot` go through it.
"""

from __future__ import annotations

SCREENS: dict[str, str] = {
    "attract": "kiosk.ui.screens.attract:AttractScreen",
    "home": "kiosk.ui.screens.home:HomeScreen",
    "unavailable": "kiosk.ui.screens.unavailable:UnavailableScreen",
    "failsafe": "kiosk.ui.screens.failsafe:FailsafeScreen",
    # The public services (services.md, "Queries and public services").
    "progress": "kiosk.ui.screens.services.progress:ProgressScreen",
    "supplement": "kiosk.ui.screens.services.supplement:SupplementScreen",
    "guide": "kiosk.ui.screens.services.guide:GuideScreen",
    "queries": "kiosk.ui.screens.services.queries:QueriesScreen",
    "complaint": "kiosk.ui.screens.services.complaint:ComplaintScreen",
    "evaluation": "kiosk.ui.screens.services.evaluation:EvaluationScreen",
    "notices": "kiosk.ui.screens.services.notices:NoticesScreen",
    "navigation": "kiosk.ui.screens.services.navigation:NavigationScreen",
    "appointment": "kiosk.ui.screens.services.appointment:AppointmentScreen",
    "copy": "kiosk.ui.screens.services.copy:CopyScreen",
    # The steps of an item, named after kiosk.core.flow.Step.
    "identify": "kiosk.ui.screens.items.identify:IdentifyScreen",
    "form": "kiosk.ui.screens.items.form:FormScreen",
    "materials": "kiosk.ui.screens.items.materials:MaterialsScreen",
    "confirm": "kiosk.ui.screens.items.confirm:ConfirmScreen",
    "working": "kiosk.ui.screens.items.working:WorkingScreen",
    "result": "kiosk.ui.screens.items.result:ResultScreen",
    "evaluate": "kiosk.ui.screens.items.rate:EvaluateScreen",
    # Staff only: the PIN pad behind the hidden corner gesture, and the maintenance pages.
    "staff-pin": "kiosk.ui.screens.staff.pin:StaffPinScreen",
    "staff-setup": "kiosk.ui.screens.staff.setup:StaffSetupScreen",
    "maint-devices": "kiosk.ui.screens.staff.devices:DevicesScreen",
    "maint-camera": "kiosk.ui.screens.staff.camera_test:CameraTestScreen",
    "maint-paper": "kiosk.ui.screens.staff.paper:PaperScreen",
    "maint-outbox": "kiosk.ui.screens.staff.outbox:OutboxScreen",
    "maint-stats": "kiosk.ui.screens.staff.stats:StatsScreen",
    "maint-logs": "kiosk.ui.screens.staff.logs:LogsScreen",
    "maint-settings": "kiosk.ui.screens.staff.settings:SettingsScreen",
    "maint-leave": "kiosk.ui.screens.staff.leave:LeaveScreen",
}

# Dialogs that open over the home screen, rendered like screens by `kiosk screenshot`.
OVERLAYS: tuple[str, ...] = ("idle-warning", "help", "delete-question")


def all_names() -> list[str]:
    return [*SCREENS, *OVERLAYS]
