"""Who the citizen is: one `Identity` whether it came from the ID card reader, the e-ID QR code or a typed
ID number. It lives only in the citizen session, masks itself wherever it is printed or logged, and can be
wiped when the session ends."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from kiosk.base.i18n import _
from kiosk.base.privacy import mask_address, mask_id_number, mask_name
from kiosk.core.checksums import id_number_birth, id_number_sex, id_number_valid, normalize_id_number

# GB/T 2261.1 sex codes.
SEXES: dict[str, str] = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

# GB 3304 nation codes.
NATIONS: dict[str, str] = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝", "08": "壮",
    "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白", "15": "土家", "16": "哈尼",
    "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤", "22": "畲", "23": "高山", "24": "拉祜",
    "25": "水", "26": "东乡", "27": "纳西", "28": "景颇", "29": "柯尔克孜", "30": "土", "31": "达斡尔",
    "32": "仫佬", "33": "羌", "34": "布朗", "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌",
    "40": "普米", "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂",
    "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春", "53": "赫哲",
    "54": "门巴", "55": "珞巴", "56": "基诺", "97": "其他", "98": "外国血统中国籍人士",
}

NO_EXPIRY = "长期"
NO_EXPIRY_DATE = dt.date.max  # how 长期 is held in `valid_to`; None there means the validity is not known

# The old foreigner's permanent residence card number: nationality (3 letters) and 12 digits.
_OLD_PERMIT_SHAPE = re.compile(r"^[A-Z]{3}\d{12}$")
# Masking an address keeps its region: up to the county (县/旗/区) or else the city (市), looked for this far in.


class IdentityType(StrEnum):
    RESIDENT = "resident"  # resident ID card (or a typed / e-ID identity of a resident)
    HKMO_TW = "hkmo_tw"  # Hong Kong / Macao / Taiwan residents' residence permit (J)
    FOREIGN_PERMANENT = "foreign_permanent"  # foreigner's permanent residence card (Y, 2023; I, old)


class IdentitySource(StrEnum):
    """How the citizen was identified, in the catalog's words (an item's `identity:` lists the ones it accepts)."""

    IDCARD = "idcard"  # read from the card by the SAM reader: the strongest
    EID = "eid"  # the province app's e-ID code, confirmed by the platform
    TYPED = "typed"  # typed by the citizen: the weakest, items decide whether they accept it


def sex_name(code: str) -> str:
    """男 / 女 / 未知 / 未说明 for a GB/T 2261.1 code; an unknown code reads 未知."""
    return SEXES.get(code.strip(), SEXES["0"])


def nation_name(code: str) -> str:
    """The nation's name for a GB 3304 code ('02' -> 蒙古); an unknown code reads 其他."""
    return NATIONS.get(code.strip().zfill(2), NATIONS["97"])


def _valid_to_text(valid_to: dt.date | None) -> str:
    if valid_to is None:
        return ""
    return NO_EXPIRY if valid_to == NO_EXPIRY_DATE else valid_to.isoformat()


@dataclass(eq=False, repr=False)
class Identity:
    """A person as the kiosk knows them. Dates are `datetime.date`; `valid_to` is NO_EXPIRY_DATE for 长期 and
    None when unknown (an identity typed or from the e-ID carries no card validity).

    `photo` holds the card's encoded portrait (WLT) as a bytearray so that `wipe()` can overwrite it;
    `portrait` is the decoded image (BMP bytes) when a vendor decoder is configured.
    """

    type: IdentityType
    name: str
    id_number: str
    sex: str = ""
    nation: str = ""
    birth: dt.date | None = None
    address: str = ""
    authority: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    pass_number: str = ""
    english_name: str = ""
    nationality: str = ""
    source: IdentitySource = IdentitySource.IDCARD
    layout: str = ""  # the card's text layout: "resident", "J", "Y" or "I"
    photo: bytearray = field(default_factory=bytearray)
    portrait: bytes | None = None

    @classmethod
    def from_id_number(
        cls, id_number: str, name: str = "", source: IdentitySource = IdentitySource.TYPED
    ) -> Identity:
        """A resident known only by number (typed, or from the e-ID): birth and sex come from the number."""
        number = normalize_id_number(id_number)
        valid_shape = len(number) == 18 and number[:17].isdigit()
        return cls(
            type=IdentityType.RESIDENT,
            name=name.strip(),
            id_number=number,
            sex=id_number_sex(number) if valid_shape else "",
            birth=id_number_birth(number) if valid_shape else None,
            source=source,
        )

    # -- judgements ---------------------------------------------------------------------------------------
    @property
    def id_valid(self) -> bool:
        """The number passes its check: GB 11643 for 18-character numbers, the shape for old foreigner cards."""
        if self.layout == "I":
            return bool(_OLD_PERMIT_SHAPE.match(self.id_number))
        return id_number_valid(self.id_number)

    def expired(self, today: dt.date | None = None) -> bool:
        """True when the card's last valid day is before `today`; 长期 never expires, and an identity without
        a known validity is not judged expired here (the item decides whether it needs a card)."""
        if self.valid_to is None:
            return False
        return self.valid_to < (today or dt.date.today())

    def age(self, today: dt.date | None = None) -> int | None:
        if self.birth is None:
            return None
        today = today or dt.date.today()
        return today.year - self.birth.year - ((today.month, today.day) < (self.birth.month, self.birth.day))

    @property
    def is_empty(self) -> bool:
        return not self.id_number

    # -- showing ------------------------------------------------------------------------------------------
    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def to_json(self, reveal: bool = False, today: dt.date | None = None) -> dict[str, Any]:
        """The technician's and the app's JSON shape. Masked unless `reveal` (the citizen's own screen)."""

        def date(value: dt.date | None) -> str:
            if value is None:
                return ""
            return value.isoformat() if reveal else f"{value.year:04d}-**-**"

        out: dict[str, Any] = {
            "type": self.type.value,
            "name": self.name if reveal else self.masked_name,
            "sex": self.sex,
        }
        if self.type is IdentityType.RESIDENT:
            out["nation"] = self.nation
        out.update(
            {
                "birth": date(self.birth),
                "address": self.address if reveal else mask_address(self.address),
                "id_number": self.id_number if reveal else self.masked_id_number,
                "authority": self.authority,
                "valid_from": self.valid_from.isoformat() if self.valid_from else "",
                "valid_to": _valid_to_text(self.valid_to),
                "expired": self.expired(today),
                "id_valid": self.id_valid,
            }
        )
        if self.pass_number:
            out["pass_number"] = self.pass_number if reveal else mask_id_number(self.pass_number)
        if self.english_name:
            out["english_name"] = self.english_name if reveal else mask_name(self.english_name)
        if self.nationality:
            out["nationality"] = self.nationality
        return out

    def __repr__(self) -> str:
        return (
            f"Identity({self.type.value}, {self.masked_name}, {self.masked_id_number}, "
            f"source={self.source.value}, photo={len(self.photo)} bytes)"
        )

    __str__ = __repr__

    # -- forgetting ---------------------------------------------------------------------------------------
    def wipe(self) -> None:
        """Forget everything: text fields emptied, photo bytes overwritten with zeros. (Python strings are
        immutable, so this drops the references; the bytearray is really overwritten.)"""
        self.photo[:] = bytes(len(self.photo))
        self.photo = bytearray()
        for f in fields(self):
            if f.name in ("type", "source", "photo"):
                continue
            setattr(self, f.name, None if f.name in ("birth", "valid_from", "valid_to", "portrait") else "")


def identity_problem(identity: Identity, accepted: Collection[str], today: dt.date | None = None) -> str:
    """Why this identity cannot be used where `accepted` ways of identifying are (an item's or a service's
    `identity:` in the catalog), in plain words; "" when it can. The one judgement of an identity: the reader
    reports only cards it could not read, and items and services alike ask here."""
    if identity.source not in accepted:
        return _("办理此事项需要刷本人身份证，请把身份证放在读卡区") if "idcard" in accepted else _("此方式不能办理此事项")
    if not identity.id_valid:
        return _("证件号码校验不通过，请到窗口办理")
    if identity.expired(today):
        return _("您的证件已过期，请到派出所换领新证后再来办理")
    return ""
