"""便民查询: the 即时办 queries of the catalog gathered in one place; each opens the item's own flow (identity,
the platform's answer, a printable slip with names and numbers masked)."""

from __future__ import annotations

from typing import Any

from kiosk.base.i18n import _
from kiosk.core.catalog import Catalog, Item
from kiosk.ui.screens.services.base import ServiceScreen
from kiosk.ui.widgets.common import Tile

QUERY_RESULTS = ("query", "certificate")


def query_items(catalog: Catalog) -> list[Item]:
    """The items answered on the spot with information (not payments, reports or applications)."""
    return [i for i in catalog.items if i.way == "immediate" and i.result in QUERY_RESULTS]


class QueriesScreen(ServiceScreen):
    body_class = "QueriesBody"

    def prepare(self, **_params: Any) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = _("便民查询")
        catalog = self.app.catalog
        tiles = self.body.ids.tiles
        tiles.clear_widgets()
        for item in query_items(catalog):
            tile = Tile(title=_(item.short_name), subtitle=f"{_(catalog.department(item.dept).name)} · {_(item.name)}",
                        icon=item.icon, colour=self.app.theme.way_colour(item.way))
            tile.bind(on_release=lambda _, code=item.code: self.app.controller.open_item(code))
            tiles.add_widget(tile)
