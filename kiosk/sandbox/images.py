"""The pictures of the demo station's notices: a finance table and two posters, drawn with PIL when first asked
for (deterministic, so the repository ships no image files). Like a village's real notice board: the table is a
sharp PNG with small figures that want zooming, the posters are photo-like JPEGs."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from kiosk.base.assets import font_path

INK = (33, 33, 33)
RED = (196, 30, 30)
GRID = (120, 120, 120)

# Income and spending of the third quarter, the same figures as notice BWZ-2026-F09's text.
FINANCE_ROWS = (
    ("收入", "上级转移支付", "52,000.00", "镇财政所拨付"),
    ("收入", "集体土地发包收入", "28,600.00", "东梁地块第二年租金"),
    ("收入", "光伏电站收益", "5,820.00", "7-9月电费结算"),
    ("支出", "村干部报酬", "27,000.00", "5人，按季发放"),
    ("支出", "办公费", "3,215.50", "纸张、打印、网络费"),
    ("支出", "道路维修", "18,720.00", "北沟路段修补320米"),
    ("支出", "公益设施电费", "2,400.00", "路灯、党群服务中心"),
    ("支出", "困难群众慰问", "10,600.00", "中秋慰问53户"),
)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def _centred(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str, font: ImageFont.FreeTypeFont,
             fill: tuple[int, int, int]) -> None:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = box[0] + (box[2] - box[0] - (right - left)) // 2 - left
    y = box[1] + (box[3] - box[1] - (bottom - top)) // 2 - top
    draw.text((x, y), text, font=font, fill=fill)


def finance_table() -> bytes:
    """The quarter's income and spending as the village accountant's printed table, with the committee's seal."""
    width, height = 1400, 1000
    image = Image.new("RGB", (width, height), (252, 252, 248))
    draw = ImageDraw.Draw(image)
    _centred(draw, (0, 30, width, 100), "北洼子村2026年第三季度财务收支明细表", _font(46, bold=True), INK)
    _centred(draw, (0, 100, width, 140), "单位：元　　公开日期：2026年10月10日", _font(26), GRID)
    columns = (80, 220, 620, 880, 1320)
    heads = ("类别", "项目", "金额", "说明")
    top, row_h = 170, 66
    rows = [heads, *FINANCE_ROWS, ("合计", "收入 86,420.00", "支出 61,935.50", "结余 24,484.50")]
    for r, row in enumerate(rows):
        y = top + r * row_h
        if r == 0:
            draw.rectangle((columns[0], y, columns[-1], y + row_h), fill=(230, 236, 245))
        for c, text in enumerate(row):
            bold = r in (0, len(rows) - 1)
            _centred(draw, (columns[c], y, columns[c + 1], y + row_h), text, _font(30, bold=bold), INK)
    bottom = top + len(rows) * row_h
    for x in columns:
        draw.line((x, top, x, bottom), fill=GRID, width=2)
    for r in range(len(rows) + 1):
        draw.line((columns[0], top + r * row_h, columns[-1], top + r * row_h), fill=GRID, width=2)
    draw.text((columns[0], bottom + 30), "本表经村务监督委员会审核。如有疑问，请向村务监督委员会反映。",
              font=_font(28), fill=INK)
    centre, radius = (1150, bottom + 80), 90
    draw.ellipse((centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
                 outline=RED, width=6)
    _centred(draw, (centre[0] - radius, centre[1] - 40, centre[0] + radius, centre[1] + 10), "★",
             _font(44), RED)
    _centred(draw, (centre[0] - radius, centre[1] + 6, centre[0] + radius, centre[1] + 46), "村务监督委员会",
             _font(19, bold=True), RED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _landscape(width: int, height: int, seed: int, sky: tuple[int, int, int], ground: tuple[int, int, int]) -> Image:
    """A photo-like view: a sky fading to the horizon, hills, a field with grain, slightly soft like a phone photo."""
    rng = np.random.default_rng(seed)
    rows = np.linspace(0.0, 1.0, height)[:, None, None]
    horizon = 0.55
    sky_part = np.array(sky) * (1 - 0.35 * rows / horizon) + np.array((235, 235, 230)) * 0.35 * rows / horizon
    ground_part = np.array(ground) * (0.8 + 0.4 * (rows - horizon))
    picture = np.where(rows < horizon, sky_part, ground_part) * np.ones((1, width, 1))
    xs = np.arange(width)
    ridge = (horizon - 0.08 + 0.05 * np.sin(xs / 97.0 + seed) + 0.03 * np.sin(xs / 31.0)) * height
    hill = (np.arange(height)[:, None] > ridge[None, :]) & (np.arange(height)[:, None] < horizon * height)
    picture[hill] = picture[hill] * 0.45 + np.array((90, 110, 95)) * 0.55
    picture += rng.normal(0.0, 9.0, picture.shape)  # sensor grain
    image = Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8), "RGB")
    return image.filter(ImageFilter.GaussianBlur(1.2))


def _poster(background: Image, banner: str, lines: tuple[str, ...], footer: str) -> bytes:
    width, height = background.size
    draw = ImageDraw.Draw(background)
    draw.rectangle((0, 0, width, 150), fill=RED)
    _centred(draw, (0, 0, width, 150), banner, _font(76, bold=True), (255, 240, 200))
    y = 220
    for line in lines:
        draw.rectangle((80, y - 10, width - 80, y + 80), fill=(255, 255, 255))
        _centred(draw, (80, y - 10, width - 80, y + 80), line, _font(48, bold=True), INK)
        y += 120
    draw.rectangle((0, height - 110, width, height), fill=(30, 30, 30))
    _centred(draw, (0, height - 110, width, height), footer, _font(40), (255, 255, 255))
    out = io.BytesIO()
    background.save(out, format="JPEG", quality=82)
    return out.getvalue()


def burning_poster() -> bytes:
    scene = _landscape(1200, 900, seed=29, sky=(120, 160, 205), ground=(176, 150, 96))
    return _poster(scene, "秋冬季严禁焚烧秸秆", ("保护环境　防止火灾", "柴草堆放远离房屋", "看管好老人和儿童用火"),
                   "发现火情请拨打119　村委会 0476-4321001")


def party_day_poster() -> bytes:
    scene = _landscape(1200, 900, seed=12, sky=(150, 175, 210), ground=(120, 120, 110))
    return _poster(scene, "11月主题党日", ("11月25日上午9:00", "村党群服务中心会议室", "为孤寡老人送冬衣"),
                   "中共北洼子村支部委员会")


# image id -> (media type, how to draw it)
IMAGES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "BWZ-2026-F09-1": ("image/png", finance_table),
    "BWZ-2026-029-1": ("image/jpeg", burning_poster),
    "BWZ-2026-D12-1": ("image/jpeg", party_day_poster),
}


@cache
def image_bytes(image_id: str) -> bytes:
    """The picture's bytes (drawn once per process). KeyError for an unknown id."""
    return IMAGES[image_id][1]()
