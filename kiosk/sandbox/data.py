"""The sandbox's demo world: the people of config/sim/identities.yaml with their accounts, contributions,
properties and past applications; the items; the village's notices. Deterministic: the same every start.

Figures are invented for the demo (contribution standards included) and make no claim about real policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import CONFIG_DIR
from kiosk.base.errors import ConfigError
from kiosk.base.yamlfile import load_yaml

IDENTITIES_FILE = CONFIG_DIR / "sim" / "identities.yaml"
CST = dt.timezone(dt.timedelta(hours=8), "CST")

# item code -> (name, department, promised working days; 0 = done at once)
ITEMS: dict[str, tuple[str, str, int]] = {
    "yb-jf": ("城乡居民医保参保缴费", "医保局", 0),
    "yb-cx": ("医保参保信息查询及参保凭证打印", "医保局", 0),
    "yb-bx": ("医疗费用手工报销申请", "医保局", 20),
    "sb-jl": ("社会保险个人权益记录查询打印", "人社局", 0),
    "sb-rz": ("城乡居民养老保险待遇资格认证", "人社局", 0),
    "sb-gs": ("社会保障卡临时挂失", "人社局", 0),
    "qy-sl": ("企业设立登记", "市场监管局", 1),
    "gt-dj": ("个体工商户登记", "市场监管局", 1),
    "gjj-cx": ("住房公积金缴存查询", "公积金中心", 0),
    "bdc-cx": ("不动产登记信息查询（有无房产证明）", "不动产登记中心", 0),
    "db-sq": ("最低生活保障申请", "民政局", 30),
}

# Resident medical insurance: the individual contribution per person and year (demo figures).
CONTRIBUTION_YUAN = {2026: 400, 2027: 420}

# An e-ID code the province app issued long ago: the sandbox answers 410 for it.
EXPIRED_EID_CODE = "MSB-EID-EXPIRED0"

# How a new application advances in the demo: (seconds after acceptance, status, note).
NEW_APPLICATION_STEPS = (
    (0, "accepted", "申请已受理，材料已通过网络报送主管部门"),
    (120, "reviewing", "主管部门正在审核"),
    (600, "approved", "已办结，结果将通过短信通知您"),
)


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    id_number: str
    sex: str  # 男 / 女
    birth: dt.date
    eid_code: str | None
    phone: str | None = None  # the platform's record of how to reach them (a form's phone is prefilled from it)
    bank_card: tuple[str, str] | None = None  # (number, bank): the card on record, offered on a form
    household: tuple[tuple[str, str], ...] = ()  # (member's key, relation to this person)

    def __repr__(self) -> str:
        return f"Person({self.key})"


def load_people(path: Path = IDENTITIES_FILE) -> dict[str, Person]:
    """Demo citizens and dependants by ID number."""
    doc = load_yaml(path, "演示身份 (demo identities) ")
    try:
        entries = [*doc["citizens"], *doc.get("dependants", [])]
        people = {}
        for e in entries:
            birth = dt.datetime.strptime(str(e["birth"]), "%Y%m%d").date()
            sex = "男" if int(e["sex"]) == 1 else "女"
            card = e.get("bank_card")
            people[str(e["id_number"])] = Person(
                e["key"], e["name"], str(e["id_number"]), sex, birth, e.get("eid_code"),
                str(e["phone"]) if e.get("phone") else None,
                (str(card["number"]), str(card["bank"])) if card else None,
                tuple((str(k), str(r)) for k, r in (e.get("household") or {}).items()),
            )
        keys = {p.key for p in people.values()}
        unknown = sorted(k for p in people.values() for k, _ in p.household if k not in keys)
        if unknown:
            raise ValueError(f"household members not listed: {', '.join(unknown)}")
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"演示身份文件有误 (demo identities unusable): {path}", f"{path}: {exc!r}") from None
    return people


# -- instant queries, by person key ---------------------------------------------------------------------------------

def _months(last: dt.date, count: int, amount: str) -> list[dict[str, str]]:
    rows = []
    year, month = last.year, last.month
    for _ in range(count):
        rows.append({"月份": f"{year}-{month:02d}", "缴存额(元)": amount, "类型": "汇缴"})
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return rows


def _years(first: int, last: int, months: int, base: str, own: str, unit: str) -> list[dict[str, Any]]:
    return [
        {"年度": y, "缴费月数": months, "缴费基数(元)": base, "个人缴费(元)": own, "单位缴费(元)": unit}
        for y in range(last, first - 1, -1)
    ]


PROVIDENT_FUND: dict[str, dict[str, Any]] = {
    "zhang-wei": {
        "summary": {
            "单位名称": "宁城县伟业农产品有限公司", "账户状态": "正常缴存", "缴存基数(元)": "5,250.00",
            "缴存比例": "单位12% 个人12%", "月缴存额(元)": "1,260.00", "账户余额(元)": "48,216.35",
            "最后缴存月份": "2026-10",
        },
        "rows": _months(dt.date(2026, 10, 1), 12, "1,260.00"),
    },
    "qiqige": {
        "summary": {
            "单位名称": "宁城县天义第一小学", "账户状态": "已销户（退休提取）", "账户余额(元)": "0.00",
            "销户日期": "2010-09-08",
        },
        "rows": [],
    },
    "chen-jiaxin": {
        "summary": {
            "单位名称": "宁城县中京文旅发展有限公司", "账户状态": "正常缴存", "缴存基数(元)": "4,300.00",
            "缴存比例": "单位8% 个人8%", "月缴存额(元)": "688.00", "账户余额(元)": "19,754.20",
            "最后缴存月份": "2026-10",
        },
        "rows": _months(dt.date(2026, 10, 1), 12, "688.00"),
    },
}

SOCIAL_INSURANCE: dict[str, dict[str, Any]] = {
    "wang-jianguo": {
        "summary": {"参保险种": "城乡居民基本养老保险", "参保状态": "领取待遇", "累计缴费年限": "12年",
                    "待遇领取起始": "2022-04", "参保地": "宁城县右北平镇"},
        "rows": _years(2010, 2021, 12, "-", "500.00", "-"),
    },
    "qiqige": {
        "summary": {"参保险种": "机关事业单位养老保险", "参保状态": "退休", "累计缴费年限": "35年",
                    "退休日期": "2010-09", "参保地": "宁城县"},
        "rows": _years(1996, 2010, 12, "2,860.00", "228.80", "572.00"),
    },
    "li-xiulan": {
        "summary": {"参保险种": "城乡居民基本养老保险", "参保状态": "正常缴费", "累计缴费年限": "15年",
                    "参保地": "宁城县大城子镇"},
        "rows": _years(2012, 2026, 12, "-", "300.00", "-"),
    },
    "zhang-wei": {
        "summary": {"参保险种": "企业职工基本养老保险", "参保状态": "正常缴费", "累计缴费年限": "15年10个月",
                    "参保单位": "宁城县伟业农产品有限公司", "参保地": "宁城县"},
        "rows": _years(2011, 2026, 12, "5,250.00", "420.00", "840.00"),
    },
    "chen-jiaxin": {
        "summary": {"参保险种": "企业职工基本养老保险", "参保状态": "正常缴费", "累计缴费年限": "4年10个月",
                    "参保单位": "宁城县中京文旅发展有限公司", "参保地": "宁城县"},
        "rows": _years(2022, 2026, 12, "4,300.00", "344.00", "688.00"),
    },
    "ivan-petrov": {
        "summary": {"参保险种": "企业职工基本养老保险", "参保状态": "正常缴费", "累计缴费年限": "3年3个月",
                    "参保单位": "宁城县塞北牧业科技有限公司", "参保地": "宁城县"},
        "rows": _years(2023, 2026, 12, "6,000.00", "480.00", "960.00"),
    },
}

MEDICAL_INSURANCE: dict[str, dict[str, Any]] = {
    "wang-jianguo": {"险种": "城乡居民基本医疗保险", "参保状态": "参保缴费正常", "个人账户余额(元)": "无个人账户",
                     "paid": {2025: "380.00", 2026: "400.00"}},
    "wang-xiaoyu": {"险种": "城乡居民基本医疗保险", "参保状态": "参保缴费正常", "个人账户余额(元)": "无个人账户",
                    "paid": {2025: "380.00", 2026: "400.00"}},
    "qiqige": {"险种": "职工基本医疗保险（退休）", "参保状态": "参保缴费正常", "个人账户余额(元)": "3,286.40",
               "paid": {2025: "退休免缴", 2026: "退休免缴"}},
    "li-xiulan": {"险种": "城乡居民基本医疗保险", "参保状态": "参保缴费正常", "个人账户余额(元)": "无个人账户",
                  "paid": {2025: "380.00", 2026: "400.00"}},
    "zhang-wei": {"险种": "职工基本医疗保险", "参保状态": "参保缴费正常", "个人账户余额(元)": "2,145.80",
                  "paid": {2025: "单位代扣", 2026: "单位代扣"}},
    "chen-jiaxin": {"险种": "职工基本医疗保险", "参保状态": "参保缴费正常", "个人账户余额(元)": "1,032.16",
                    "paid": {2025: "单位代扣", 2026: "单位代扣"}},
    "ivan-petrov": {"险种": "职工基本医疗保险", "参保状态": "参保缴费正常", "个人账户余额(元)": "1,588.90",
                    "paid": {2025: "单位代扣", 2026: "单位代扣"}},
}

PROPERTIES: dict[str, list[dict[str, str]]] = {
    "wang-jianguo": [{
        "不动产权证号": "蒙(2020)宁城县不动产权第0012873号", "坐落": "宁城县右北平镇北洼子村三组18号",
        "权利类型": "宅基地使用权/房屋所有权", "用途": "农村宅基地/住宅", "面积(㎡)": "宗地268.00/房屋96.40",
        "权利状态": "正常",
    }],
    "qiqige": [{
        "不动产权证号": "蒙(2019)宁城县不动产权第0003127号", "坐落": "宁城县天义镇中京大街东段66号2单元501室",
        "权利类型": "国有建设用地使用权/房屋所有权", "用途": "城镇住宅用地/住宅", "面积(㎡)": "86.50",
        "权利状态": "正常",
    }],
    "zhang-wei": [
        {
            "不动产权证号": "蒙(2021)宁城县不动产权第0008841号", "坐落": "宁城县八里罕镇温泉街12号3单元202室",
            "权利类型": "国有建设用地使用权/房屋所有权", "用途": "城镇住宅用地/住宅", "面积(㎡)": "112.30",
            "权利状态": "已抵押",
        },
        {
            "不动产权证号": "蒙(2023)宁城县不动产权第0015502号", "坐落": "宁城县八里罕镇温泉街8号商铺",
            "权利类型": "国有建设用地使用权/房屋所有权", "用途": "商业服务用地/商业", "面积(㎡)": "64.80",
            "权利状态": "正常",
        },
    ],
}


# -- past applications, relative to the moment the sandbox was first started ----------------------------------------
# (person key, item code, [(seconds after the seed moment, status, note)], form summary)
DAY = 86400
PAST_APPLICATIONS: tuple[tuple[str, str, tuple[tuple[int, str, str], ...]], ...] = (
    ("wang-jianguo", "yb-bx", (
        (-40 * DAY, "accepted", "申请已受理"),
        (-38 * DAY, "reviewing", "医保局正在审核票据"),
        (-20 * DAY, "approved", "已办结，报销款3,126.50元已转入您登记的银行卡"),
    )),
    ("wang-jianguo", "db-sq", (
        (-12 * DAY, "accepted", "申请已受理"),
        (-11 * DAY, "reviewing", "民政局正在审核，将入户调查"),
        (-3 * DAY, "returned",
         "请补充：1. 2025年度家庭收入证明（需村委会盖章）；2. 户口簿中王小雨的本人页。"
         "补齐后可在本站“办件进度”中补交，无需重新申请。"),
    )),
    ("qiqige", "yb-bx", (
        (-6 * DAY, "accepted", "申请已受理"),
        (-5 * DAY, "reviewing", "医保局正在审核票据"),
        (2 * 3600, "approved", "已办结，报销金额2,418.00元，将于5个工作日内到账"),
    )),
    ("li-xiulan", "db-sq", (
        (-75 * DAY, "accepted", "申请已受理"),
        (-70 * DAY, "reviewing", "民政局正在审核，已入户调查"),
        (-60 * DAY, "rejected", "经核查，家庭人均月收入高于本地最低生活保障标准，不予受理。如有异议，可在60日内申请复核。"),
    )),
    ("zhang-wei", "qy-sl", (
        (-30 * DAY, "accepted", "申请已受理"),
        (-30 * DAY + 3 * 3600, "reviewing", "市场监管局正在审核"),
        (-29 * DAY, "approved", "营业执照已核发，请携带身份证到八里罕镇便民服务中心领取，或选择邮寄"),
    )),
    ("zhang-wei", "gt-dj", (
        (-3600, "accepted", "申请已受理"),
        (600, "reviewing", "市场监管局正在审核"),
        (DAY, "approved", "已办结，营业执照可到八里罕镇便民服务中心领取"),
    )),
)


# -- 三务公开 notices of the demo station's village ---------------------------------------------------------------------
DEMO_STATION = "150429-YBP-BWZ"
NOTICES: dict[str, tuple[dict[str, Any], ...]] = {
    DEMO_STATION: (
        {
            "id": "BWZ-2026-031", "category": "village", "published_at": "2026-11-20",
            "title": "关于开展2027年度城乡居民医疗保险集中缴费的通知",
            "body": "各位村民：\n2027年度城乡居民基本医疗保险集中缴费工作已经开始，截止日期为2026年12月31日。"
                    "个人缴费标准为每人每年420元，低保对象、特困人员等由政府按规定给予资助。\n"
                    "缴费方式：1. 在村便民服务站自助终端上刷身份证缴费；2. 使用“蒙速办”手机应用缴费；"
                    "3. 到右北平镇便民服务中心窗口缴费。\n行动不便的老人可呼叫代办员上门帮办。\n"
                    "北洼子村民委员会\n2026年11月20日",
            "images": [],
        },
        {
            "id": "BWZ-2026-029", "category": "village", "published_at": "2026-11-05",
            "title": "秋冬季秸秆禁烧及防火的通告",
            "body": "入冬以来天气干燥，为保护环境、防止火灾，全村范围内严禁焚烧秸秆、荒草和垃圾。"
                    "请各户清理房前屋后柴草，看管好老人和儿童用火。发现火情请立即拨打119，并报告村委会"
                    "（电话0476-4321001）。\n北洼子村民委员会",
            "images": ["BWZ-2026-029-1"],  # drawn by sandbox_images
        },
        {
            "id": "BWZ-2026-027", "category": "village", "published_at": "2026-10-28",
            "title": "2026年第四季度最低生活保障对象名单公示",
            "body": "经个人申请、入户调查、民主评议和镇、县两级审核，现将本村2026年第四季度低保对象名单"
                    "（共9户14人）在村务公开栏张贴公示，公示期7天（10月28日至11月3日）。"
                    "如有异议，请向村委会或右北平镇民政办反映（电话0476-4321028）。",
            "images": [],
        },
        {
            "id": "BWZ-2026-D12", "category": "party", "published_at": "2026-11-18",
            "title": "北洼子村党支部11月主题党日活动安排",
            "body": "时间：2026年11月25日上午9:00\n地点：村党群服务中心会议室\n内容：1. 集中学习党的二十届四中全会精神；"
                    "2. 通报本村冬季供暖和道路硬化工程进展；3. 党员为孤寡老人送冬衣志愿服务。\n"
                    "请全体党员准时参加，因故不能参加的请向支部书记请假。\n中共宁城县右北平镇北洼子村支部委员会",
            "images": ["BWZ-2026-D12-1"],  # drawn by sandbox_images
        },
        {
            "id": "BWZ-2026-D10", "category": "party", "published_at": "2026-10-15",
            "title": "关于2026年第三季度党费收缴情况的公示",
            "body": "本支部现有党员37名，2026年第三季度应缴党费1,296.00元，实缴1,296.00元，已全额上缴镇党委。"
                    "特此公示。\n中共宁城县右北平镇北洼子村支部委员会",
            "images": [],
        },
        {
            "id": "BWZ-2026-F09", "category": "finance", "published_at": "2026-10-10",
            "title": "北洼子村2026年第三季度财务收支公开",
            "body": "一、收入合计 86,420.00元：上级转移支付 52,000.00元；集体土地发包收入 28,600.00元；"
                    "光伏电站收益 5,820.00元。\n二、支出合计 61,935.50元：村干部报酬 27,000.00元；"
                    "办公费 3,215.50元；道路维修 18,720.00元；公益设施电费 2,400.00元；"
                    "困难群众慰问 10,600.00元。\n三、季末结余 24,484.50元。\n"
                    "本公开经村务监督委员会审核。如有疑问，请向村务监督委员会反映。",
            "images": ["BWZ-2026-F09-1"],  # drawn by sandbox_images
        },
        {
            "id": "BWZ-2026-F08", "category": "finance", "published_at": "2026-09-02",
            "title": "2026年村集体经济收益分配方案公示",
            "body": "经村民代表大会讨论通过，2026年村集体经济可分配收益42,000.00元，按以下方案分配："
                    "提取公积公益金30%（12,600.00元）用于村内公益事业；其余29,400.00元按在册人口"
                    "（980人）每人30.00元分配，于12月底前发放到户。公示期7天。",
            "images": [],
        },
    ),
}
