"""使用统计: per day and item over the last 7 days, sessions started, completed and abandoned (and at which step),
the average time and the satisfaction; exported to a USB stick as CSV or printed as a summary slip."""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty

from kiosk.base.i18n import _
from kiosk.ui.screens.staff.page import MaintenanceScreen

DAYS = 7


class StatsScreen(MaintenanceScreen):
    body_class = "StatsBody"
    headers = ListProperty()
    records = ListProperty()
    _shown: list[Any] | None = None  # the days' rows to show instead of the terminal's (screenshots)

    def title(self) -> str:
        return _("使用统计（近7天）")

    def prepare(self, usage: list[Any] | None = None, **params: Any) -> None:
        self._shown = usage
        self.headers = [_("日期"), _("事项"), _("开始"), _("完成"), _("放弃"), _("平均用时"), _("满意度")]
        super().prepare(**params)

    def relabel(self) -> None:
        self.prepare(usage=self._shown)

    def refresh(self) -> None:
        rows = self._shown if self._shown is not None else self.desk.usage(DAYS)
        names = {item.code: _(item.short_name) for item in self.app.catalog.items}
        self.records = [
            (r.day[5:], names.get(r.item, r.item), r.started, r.completed,
             r.abandoned if not r.abandoned_at else f"{r.abandoned} ({_steps(r.abandoned_at)})",
             "—" if r.average_s is None else _("{n}分").format(n=f"{r.average_s / 60:.1f}"),
             _satisfaction(r.satisfaction))
            for r in rows
        ]

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.staff import demo_usage

        app.sample_maintenance()
        return {"usage": demo_usage([item.code for item in app.catalog.items[:5]], DAYS)}

    def print_summary(self) -> None:
        names = {item.code: item.short_name for item in self.app.catalog.items}  # the slip stays Chinese
        self.act(lambda: self.desk.print_statistics(names, DAYS), _("统计汇总已发送到打印机"))

    def export(self) -> None:
        path = self.act(self.desk.export_statistics)
        if path is not None:
            self.notice = _("已导出到 {path}").format(path=path)


def _step_name(step: str) -> str:
    names = {"identify": _("识别"), "form": _("填写"), "materials": _("材料"), "confirm": _("确认"),
             "working": _("办理"), "result": _("结果"), "evaluate": _("评价")}
    return names.get(step, step)


def _steps(abandoned_at: dict[str, int]) -> str:
    return " ".join(f"{_step_name(step)} {n}" for step, n in sorted(abandoned_at.items(), key=lambda x: -x[1]))


def _satisfaction(levels: dict[int, int]) -> str:
    given = sum(levels.values())
    if not given:
        return "—"
    score = sum(level * n for level, n in levels.items()) / given
    return _("{score}分/{n}人").format(score=f"{score:.1f}", n=given)
