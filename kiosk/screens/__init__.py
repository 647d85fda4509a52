"""The kiosk's screens, one module each with its .kv beside it, imported on first use (like Kivy's showcase).

`SCREENS` maps a screen's name to `module:Class`; the app and `kiosk screenshot` go through it.
"""

from __future__ import annotations

SCREENS: dict[str, str] = {
    "attract": "kiosk.screens.attract:AttractScreen",
    "home": "kiosk.screens.home:HomeScreen",
    "unavailable": "kiosk.screens.unavailable:UnavailableScreen",
    "failsafe": "kiosk.screens.failsafe:FailsafeScreen",
    # The public services (services.md, "Queries and public services").
    "progress": "kiosk.screens.progress:ProgressScreen",
    "guide": "kiosk.screens.guide:GuideScreen",
    "queries": "kiosk.screens.queries:QueriesScreen",
    "complaint": "kiosk.screens.complaint:ComplaintScreen",
    "evaluation": "kiosk.screens.evaluation:EvaluationScreen",
    "notices": "kiosk.screens.notices:NoticesScreen",
    "navigation": "kiosk.screens.navigation:NavigationScreen",
    "appointment": "kiosk.screens.appointment:AppointmentScreen",
    # The steps of an item, named after kiosk.flow.Step.
    "identify": "kiosk.screens.identify:IdentifyScreen",
    "form": "kiosk.screens.form:FormScreen",
    "materials": "kiosk.screens.materials:MaterialsScreen",
    "confirm": "kiosk.screens.confirm:ConfirmScreen",
    "working": "kiosk.screens.working:WorkingScreen",
    "result": "kiosk.screens.result:ResultScreen",
    "evaluate": "kiosk.screens.evaluate:EvaluateScreen",
    # Staff only: the PIN pad behind the hidden corner gesture, and the maintenance pages.
    "staff-pin": "kiosk.screens.staff_pin:StaffPinScreen",
    "staff-setup": "kiosk.screens.staff_setup:StaffSetupScreen",
    "maint-devices": "kiosk.screens.maintenance:DevicesScreen",
    "maint-camera": "kiosk.screens.maintenance:CameraTestScreen",
    "maint-paper": "kiosk.screens.maintenance:PaperScreen",
    "maint-outbox": "kiosk.screens.maintenance:OutboxScreen",
    "maint-stats": "kiosk.screens.maintenance:StatsScreen",
    "maint-logs": "kiosk.screens.maintenance:LogsScreen",
    "maint-settings": "kiosk.screens.maintenance:SettingsScreen",
    "maint-leave": "kiosk.screens.maintenance:LeaveScreen",
}

# Dialogs that open over the home screen, rendered like screens by `kiosk screenshot`.
OVERLAYS: tuple[str, ...] = ("idle-warning", "help")


def all_names() -> list[str]:
    return [*SCREENS, *OVERLAYS]
