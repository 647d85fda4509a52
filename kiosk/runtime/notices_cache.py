"""三务公开 kept for offline days: the last notices fetched and their pictures, in a folder of the data dir.

Public information only, nothing personal. Pure Python: `refresh` runs on the backend's workers (it fetches), the
screen reads `fresh`, `load` and `picture` on the UI thread; the index is written as kiosk.runtime.kept writes its
lists. Pictures never change under their id, so a refresh fetches only the ones not kept yet, and drops those no
notice names any more.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path
from typing import Any

from kiosk.backend.errors import PlatformError
from kiosk.base.storage import write_whole
from kiosk.core.results import Notice
from kiosk.runtime.kept import fresh_rows, keep, kept, parsed

log = logging.getLogger(__name__)

INDEX = "notices.json"
# The contract's ImageId: safe as a file name (no separators, no dots).
_IMAGE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
_SUFFIXES = {b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg"}


class NoticeCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def in_dir(cls, data_dir: Path) -> NoticeCache:
        """The kiosk's cache, in its data folder."""
        return cls(data_dir / "notices")

    def refresh(self, client: Any, station_id: str) -> list[Notice]:
        """The station's notices from the platform, their new pictures fetched, all kept. A picture that cannot
        be fetched is left out (the notice still reads; the next refresh tries again). PlatformError when the
        list itself cannot be had."""
        notices = client.notices(station_id)
        pictures: dict[str, bytes] = {}
        for image_id in _image_ids(notices):
            if self.picture(image_id) is None:
                try:
                    pictures[image_id] = client.notice_image(image_id)
                except PlatformError as exc:
                    log.warning("notice picture %s not fetched: %s", image_id, exc.detail)
        self.save(notices, pictures)
        return notices

    def save(self, notices: list[Notice], pictures: dict[str, bytes]) -> None:
        """Keep the notices and the new pictures; forget pictures no notice names any more."""
        wanted = set(_image_ids(notices))
        rows = [{**dataclasses.asdict(n), "published_at": n.published_at.isoformat(), "images": list(n.images)}
                for n in notices]
        try:
            (self.folder / "images").mkdir(parents=True, exist_ok=True)
            for image_id, content in pictures.items():
                suffix = next((s for magic, s in _SUFFIXES.items() if content.startswith(magic)), None)
                if image_id in wanted and suffix:
                    write_whole(self.folder / "images" / f"{image_id}{suffix}", content)
            keep(self.folder / INDEX, "notices", rows)
            for path in (self.folder / "images").iterdir():
                if path.stem not in wanted:
                    path.unlink()
        except OSError as exc:
            log.warning("notices not cached: %s", exc)

    def load(self) -> tuple[str, list[Notice]]:
        """The kept notices and the day they were kept (ISO date); nothing when there is no readable cache."""
        copy = kept(self.folder / INDEX, "notices")
        notices = parsed(copy.rows, Notice.from_json) if copy is not None else None
        return (copy.saved_at, notices) if copy is not None and notices is not None else ("", [])

    def fresh(self) -> list[Notice] | None:
        """The kept notices when they were fetched within the hour (the heartbeat fetches them ahead), else None."""
        return fresh_rows(self.folder / INDEX, "notices", Notice.from_json)

    def picture(self, image_id: str) -> Path | None:
        """The kept file of a picture, or None when it is not kept (or the id is not a picture id)."""
        if not _IMAGE_ID.match(image_id):
            return None
        for suffix in _SUFFIXES.values():
            path = self.folder / "images" / f"{image_id}{suffix}"
            if path.is_file():
                return path
        return None


def _image_ids(notices: list[Notice]) -> list[str]:
    return [i for n in notices for i in n.images if _IMAGE_ID.match(i)]
