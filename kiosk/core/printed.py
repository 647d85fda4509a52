"""What the result screen says that is more than the platform's answer: of the certificate a flow printed (printing,
on A4 or as a slip, its number and how to check it: the outcome's `printed_document` and `certificate`, set by
kiosk.runtime.actions), and of the originals still owed for materials that were only photographed."""

from __future__ import annotations

from kiosk.base.i18n import _
from kiosk.core.flow import ItemFlow


def certificate_headline(flow: ItemFlow) -> str:
    """Short, for the headline: printing, printed, or (not printed: the problem is said apart) the answer."""
    outcome = flow.session.outcome
    if flow.action is not None:
        return _("正在打印证明，请稍候")
    return _("证明已打印") if outcome.get("printed") and outcome.get("printed_document") else _("查询结果")


def certificate_lines(flow: ItemFlow) -> list[tuple[str, str]]:
    """Which certificate was printed and on what, its number and how anyone can check it."""
    outcome = flow.session.outcome
    printed = outcome.get("printed_document") or {}
    lines = []
    if printed and outcome.get("printed"):
        title = _(flow.item.prints.title)
        what = (_("{title}（A4纸，请到A4打印机取走）") if printed["route"] == "a4"
                else _("{title}（凭条，请从出纸口取走）")).format(title=title)
        lines.append((_("打印的证明"), what))
    lines += [(_("核验码"), outcome["certificate"].number),
              (_("核验方法"), _("用手机扫证明上的二维码，或登录政务服务网输入核验码"))]
    return lines


def originals_words(flow: ItemFlow) -> str:
    """The originals still to be handed in (materials photographed here whose paper the department needs), with
    the deadline; "" when none."""
    owed = [m for m in flow.item.materials if m.original_within_days and flow.session.materials.get(m.code)]
    return "\n".join(_("{name}的原件，请在{n}个工作日内交到受理窗口，或交代办员转交").format(
        name=_(m.name), n=m.original_within_days) for m in owed)
