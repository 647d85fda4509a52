"""Demo content of the public services for `kiosk screenshot`: what a citizen would have typed and what the
sandbox platform would answer (content, so never translated), with the demo citizens of the sandbox."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kiosk.core.catalog import Catalog
from kiosk.core.results import ApplicationProgress, Notice, PaymentLine, PaymentStatus, TimelineEntry
from kiosk.sandbox.data import DEMO_STATION, NOTICES, PAST_APPLICATIONS, load_people
from kiosk.sandbox.images import IMAGES, image_bytes

COMPLAINT_TEXT = "村口的路灯坏了十多天，晚上出门看不见路，请尽快修理。"
SAMPLE_NOTICE = "BWZ-2026-F09"  # the demo station's finance notice, with its table as a picture


def sample_progress(catalog: Catalog, now: dt.datetime, person: str = "wang-jianguo",
                    item_code: str = "db-sq") -> ApplicationProgress:
    """A demo citizen's past application as the platform reports it, its steps dated relative to `now`."""
    steps = next(s for p, code, s in PAST_APPLICATIONS if p == person and code == item_code)
    item = catalog.item(item_code)
    timeline = tuple(TimelineEntry(now + dt.timedelta(seconds=at), status, note) for at, status, note in steps)
    return ApplicationProgress(f"NC{now:%Y%m%d}000042", item_code, item.name, timeline[-1].status,
                               (now + dt.timedelta(days=18)).date(), timeline)


def sample_payment(now: dt.datetime, keys: tuple[str, ...] = ("wang-jianguo", "wang-xiaoyu")) -> PaymentStatus:
    """王建国's 医保缴费 for himself and his daughter, paid on the phone after he had left the kiosk."""
    people = {p.key: p for p in load_people().values()}
    lines = tuple(PaymentLine(people[k].id_number, now.year + 1, Decimal("420.00"), people[k].name) for k in keys)
    return PaymentStatus("paid", now, f"P{now:%Y%m%d}000042", Decimal("420.00") * len(lines), lines,
                         f"YB{now:%Y%m%d}000042140312", now - dt.timedelta(minutes=3),
                         now + dt.timedelta(minutes=12), lines[0].id_number)


def sample_notices() -> tuple[list[Notice], dict[str, bytes]]:
    """The demo station's notices as the sandbox platform gives them, and their pictures by image id."""
    return [Notice.from_json(r) for r in NOTICES[DEMO_STATION]], {i: image_bytes(i) for i in IMAGES}
