"""暂未开通: what a tile leads to while its capability is not built yet, with where to get it done instead."""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kiosk.base.i18n import _
from kiosk.ui.screens.base import KioskScreen


class UnavailableScreen(KioskScreen):
    title = StringProperty("")
    where = StringProperty("")

    def prepare(self, title: str = "", where: str = "", **params: Any) -> None:
        self.title = _(title)
        self.where = _(where) if where else _("请到服务台咨询工作人员，或点右上角“呼叫帮办”。")

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        item = app.catalog.items[0]
        return {"title": item.name, "where": item.guide.where}
