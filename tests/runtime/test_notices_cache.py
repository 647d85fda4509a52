"""三务公开's pictures through the contract (sandbox ⇄ client) and the cache that keeps them for offline days."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kiosk.backend.errors import NotFound, PlatformError, PlatformProtocolError
from kiosk.runtime.kept import StationsCache, keep
from kiosk.runtime.notices_cache import NoticeCache
from kiosk.sandbox.images import IMAGES

from platform_support import (  # noqa: F401 (fixtures)
    STATION,
    ScriptedPlatform,
    client,
    make_client,
    sandbox,
    scripted_platform,
)


def test_the_sandbox_serves_each_notice_picture_as_a_real_image(client) -> None:
    notices = client.notices(STATION)
    ids = [i for n in notices for i in n.images]
    assert sorted(ids) == sorted(IMAGES)
    finance = next(n for n in notices if n.category == "finance" and n.images)
    table = Image.open(io.BytesIO(client.notice_image(finance.images[0])))
    assert table.format == "PNG" and table.width >= 1000  # small print: worth zooming
    poster = Image.open(io.BytesIO(client.notice_image("BWZ-2026-029-1")))
    assert poster.format == "JPEG"
    with pytest.raises(NotFound):
        client.notice_image("BWZ-2026-999-1")


def test_refresh_keeps_notices_and_pictures_and_fetches_each_picture_once(sandbox, client, tmp_path) -> None:
    cache = NoticeCache(tmp_path / "notices")
    notices = cache.refresh(client, STATION)
    for image_id in IMAGES:
        assert cache.picture(image_id) is not None
    assert sandbox.stats()["requests"]["getNoticeImage"] == len(IMAGES)
    cache.refresh(client, STATION)
    assert sandbox.stats()["requests"]["getNoticeImage"] == len(IMAGES)  # kept pictures are not fetched again
    saved_at, kept = cache.load()
    assert kept == notices and saved_at
    # A picture no notice names any more is dropped with the next save.
    cache.save([n for n in notices if "BWZ-2026-F09-1" not in n.images], {})
    assert cache.picture("BWZ-2026-F09-1") is None and cache.picture("BWZ-2026-029-1") is not None


def test_a_picture_that_cannot_be_fetched_leaves_the_notice_readable(client, tmp_path, monkeypatch) -> None:
    cache = NoticeCache(tmp_path / "notices")
    real = client.notice_image

    def flaky(image_id: str) -> bytes:
        if image_id == "BWZ-2026-D12-1":
            raise PlatformError("网络暂时不可用", "test: picture unavailable")
        return real(image_id)

    monkeypatch.setattr(client, "notice_image", flaky)
    notices = cache.refresh(client, STATION)
    assert any("BWZ-2026-D12-1" in n.images for n in notices)
    assert cache.picture("BWZ-2026-D12-1") is None and cache.picture("BWZ-2026-F09-1") is not None
    monkeypatch.setattr(client, "notice_image", real)
    cache.refresh(client, STATION)  # the next refresh fetches what was missing
    assert cache.picture("BWZ-2026-D12-1") is not None


def test_the_cache_refuses_ids_that_are_not_picture_ids_and_survives_a_damaged_index(tmp_path) -> None:
    cache = NoticeCache(tmp_path / "notices")
    (tmp_path / "notices").mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG not for the board")
    assert cache.picture("../secret") is None and cache.picture("") is None
    (tmp_path / "notices" / "notices.json").write_text("{not json", encoding="utf-8")
    assert cache.load() == ("", [])


# -- a platform that damages the picture ---------------------------------------------------------------------------
@pytest.fixture
def damaging() -> Iterator[ScriptedPlatform]:
    with scripted_platform() as server:
        yield server


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


@pytest.mark.parametrize("data", [
    {"image_id": "A-1", "media_type": "image/png", "sha256": hashlib.sha256(b"other").hexdigest(),
     "content": base64.b64encode(PNG).decode()},  # bytes changed in transit
    {"image_id": "A-1", "media_type": "image/jpeg", "sha256": hashlib.sha256(PNG).hexdigest(),
     "content": base64.b64encode(PNG).decode()},  # not what it says it is
    {"image_id": "A-1", "media_type": "image/png", "sha256": hashlib.sha256(PNG).hexdigest(),
     "content": "not base64 at all!"},
    {"image_id": "A-1", "media_type": "image/gif", "sha256": hashlib.sha256(PNG).hexdigest(),
     "content": base64.b64encode(PNG).decode()},  # off contract
], ids=["checksum", "type", "base64", "gif"])
def test_a_damaged_picture_is_a_protocol_error_not_a_picture(damaging, data, tmp_path: Path) -> None:
    damaging.body = json.dumps({"ok": True, "data": data}).encode()
    host, port = damaging.server_address[:2]
    c = make_client(f"http://{host}:{port}", retries=0)
    try:
        with pytest.raises(PlatformProtocolError):
            c.notice_image("A-1")
    finally:
        c.close()


def test_the_heartbeat_fetches_the_board_and_places_ahead_once_per_half_hour(tmp_path, monkeypatch) -> None:
    """The first citizen to open 三务公开 or 办事导航 finds them kept, and a day offline shows the latest, whether or
    not anyone opened them: the heartbeat fetches them, once per half hour, not every minute."""
    from kiosk.base.config import load_config, scratch_copy
    from kiosk.runtime import heartbeat as heartbeat_module
    from kiosk.runtime.platform import open_backend
    from kiosk.runtime.runtime import Runtime

    config = scratch_copy(load_config(environ={}), tmp_path)
    runtime = Runtime(config)
    runtime.backend = open_backend(config)
    beat = heartbeat_module.Heartbeat(runtime)
    clock = [1000.0]
    monkeypatch.setattr(heartbeat_module.time, "monotonic", lambda: clock[0])
    try:
        requests = runtime.backend.sandbox.stats
        assert runtime.backend.call(beat.beat).result(timeout=60)
        cache = NoticeCache.in_dir(config.data_dir)
        saved_at, kept = cache.load()
        assert saved_at and kept and all(cache.picture(i) is not None for i in IMAGES)
        assert requests()["requests"]["getNoticeImage"] == len(IMAGES)
        directory = runtime.backend.call(runtime.backend.client.stations).result(60)
        assert StationsCache.in_dir(config.data_dir).fresh() == directory
        clock[0] += 60
        assert runtime.backend.call(beat.beat).result(timeout=60)
        assert requests()["requests"]["listNotices"] == 1  # not again within the half hour
        assert requests()["requests"]["listStations"] == 2  # the one kept, and the one compared with above
        clock[0] += heartbeat_module.AHEAD_EVERY_S
        assert runtime.backend.call(beat.beat).result(timeout=60)
        assert requests()["requests"]["listNotices"] == 2
        assert requests()["requests"]["getNoticeImage"] == len(IMAGES)  # kept pictures are not fetched again
    finally:
        runtime.backend.close()


def test_a_kept_copy_is_fresh_for_an_hour_and_one_that_does_not_read_is_as_none(tmp_path, monkeypatch) -> None:
    import kiosk.runtime.kept as kept_module

    cache = StationsCache(tmp_path / "stations.json")
    assert cache.fresh() is None and cache.load() == []
    station = {"station_id": "S1", "name": "天义镇便民服务中心", "level": "township", "town": "天义镇",
               "address": "天义镇", "hours": ["08:30-12:00"], "phone": "0476-1", "items": ["yb-jf"],
               "lat": 41.6, "lon": 119.3}
    keep(cache.path, "stations", [station])
    assert [s.station_id for s in cache.fresh()] == ["S1"]
    now = kept_module.time.time()
    monkeypatch.setattr(kept_module, "FRESH_S", 0.0)  # an hour later: offline days still read it
    assert cache.fresh() is None and [s.station_id for s in cache.load()] == ["S1"]
    monkeypatch.undo()
    document = json.loads(cache.path.read_text(encoding="utf-8"))
    assert document["saved_at"] and abs(document["fetched_at"] - now) < 60
    del document["fetched_at"]  # kept by a kiosk before this one: readable offline, never fresh
    cache.path.write_text(json.dumps(document), encoding="utf-8")
    assert cache.fresh() is None and len(cache.load()) == 1
    keep(cache.path, "stations", [{"station_id": "S1"}])  # a row of another version: as if nothing were kept
    assert cache.fresh() is None and cache.load() == []
