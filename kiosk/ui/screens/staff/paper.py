"""纸张: the receipt printer's paper, counted since the last new roll, refreshed when the printer reports a change;
纸已更换 starts the count again."""

from __future__ import annotations

import time

from kivy.properties import StringProperty

from kiosk.base.i18n import _
from kiosk.ui.screens.staff.page import MaintenanceScreen


class PaperScreen(MaintenanceScreen):
    body_class = "PaperBody"
    watches_devices = True
    receipts = StringProperty("")
    metres = StringProperty("")
    since = StringProperty("")
    condition = StringProperty("")
    warning = StringProperty("")

    def title(self) -> str:
        return _("纸张")

    def refresh(self) -> None:
        paper = self.desk.paper()
        if paper is None:
            self.condition = _("没有配置打印机")
            return
        self.receipts = _("{n} 张").format(n=paper.receipts)
        self.metres = _("{n} 米").format(n=f"{paper.metres:.1f}")
        self.since = time.strftime("%Y-%m-%d %H:%M", time.localtime(paper.since)) if paper.since else _("未记录")
        self.condition = paper.condition
        warnings = {"paper_near_end": _("纸快用完了，请准备换纸"), "paper_out": _("没有纸了，请立即换纸")}
        self.warning = warnings.get(paper.reason, "")

    def replaced(self) -> None:
        self.act(self.desk.paper_replaced, _("已记录换纸，计数重新开始"))
