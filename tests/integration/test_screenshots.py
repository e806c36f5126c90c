"""Screenshots over a real socket (CONTRACT §6): the round trip stores a JPEG and keeps 10; a bad
image fails its command and stores nothing; purge-screenshots; the console's list and images."""

from __future__ import annotations

import base64
import io
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from signage.extensions import db
from signage.media.keys import screenshot_key
from signage.media.storage import get_storage
from signage.models import CommandStatus, Screen, ScreenCommand, ScreenScreenshot
from signage.monitoring.jobs import purge_screenshots
from tests.realtime_support import Console, Recorder, connect, wait_for
from tests.support import api_login, make_screen, make_user


def jpeg(width: int = 640, height: int = 360, color: str = "navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG", quality=70)
    return out.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture(autouse=True)
def no_screenshots(app):  # type: ignore[no-untyped-def]
    """Screen ids restart with each clean database: earlier captures must not be counted."""
    with app.app_context():
        storage = get_storage()
        storage.delete(storage.list("screenshots/"))
    yield


def ask(console: Console, player: Recorder, screen_id: int) -> str:
    response = console.post(f"/api/admin/screens/{screen_id}/command", json={"command": "SCREENSHOT"})
    assert response.status_code == 202, response.text
    command_id = response.json()["id"]
    assert wait_for(lambda: {"commandId": command_id} in player.named("player:screenshot"))
    return command_id


def shots_of(app, screen_id: int) -> list[ScreenScreenshot]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(
            select(ScreenScreenshot)
            .where(ScreenScreenshot.screen_id == screen_id)
            .order_by(ScreenScreenshot.taken_at)
        ).all()
        db.session.expunge_all()
        return list(rows)


def test_the_screenshot_round_trip_stores_a_jpeg_and_keeps_ten(app, console, clients, live_url) -> None:
    screen_id = make_screen(app, "Lobby")
    player = connect(clients, live_url, auth={"token": console.activate_screen(screen_id)})
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})
    image = jpeg(1280, 720)

    command_id = ask(console, player, screen_id)
    player.client.emit(
        "screen:screenshot_response",
        {
            "commandId": command_id,
            "imageBase64": "data:image/jpeg;base64," + b64(image),
            "width": 1280,
            "height": 720,
        },
    )
    assert wait_for(
        lambda: [e for e in admin.named("admin:screenshot_ready") if e["commandId"] == command_id]
    )
    ready = admin.named("admin:screenshot_ready")[0]
    assert ready["screenId"] == str(screen_id) and ready["takenAt"].endswith("Z")
    served = console.http.get(ready["url"], timeout=10)
    assert served.status_code == 200 and served.content == image
    assert served.headers["Content-Type"] == "image/jpeg" and "private" in served.headers["Cache-Control"]
    assert wait_for(
        lambda: (
            {"commandId": command_id, "screenId": str(screen_id), "status": "DELIVERED"}
            in admin.named("admin:command_status")
        )
    )
    [shot] = shots_of(app, screen_id)
    assert shot.s3_key.startswith(f"screenshots/{screen_id}/") and shot.s3_key.endswith(".jpg")
    assert (shot.width, shot.height, shot.file_size_bytes) == (1280, 720, len(image))
    assert shot.command_id == int(command_id)
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        assert screen.last_screenshot_key == shot.s3_key and screen.last_screenshot_at is not None
        assert db.session.get(ScreenCommand, int(command_id)).status == CommandStatus.DELIVERED
    # Never public: the media route refuses the key, an anonymous request gets nothing.
    assert console.http.get(f"{live_url}/media/{shot.s3_key}", timeout=10).status_code == 404
    import requests

    assert requests.get(ready["url"], timeout=10).status_code == 401

    first_key = shot.s3_key
    for n in range(10):
        command_id = ask(console, player, screen_id)
        player.client.emit(
            "screen:screenshot_response",
            {
                "commandId": command_id,
                "imageBase64": b64(jpeg(320, 180 + n)),
                "width": 320,
                "height": 180 + n,
            },
        )
        assert wait_for(
            lambda cid=command_id: any(e["commandId"] == cid for e in admin.named("admin:screenshot_ready"))
        )
    assert wait_for(lambda: len(shots_of(app, screen_id)) == 10)
    shots = shots_of(app, screen_id)
    assert first_key not in [s.s3_key for s in shots] and shots[-1].height == 189
    with app.app_context():
        storage = get_storage()
        assert storage.stat(first_key) is None
        assert all(storage.stat(s.s3_key) is not None for s in shots)
    listed = console.http.get(f"{live_url}/api/admin/screens/{screen_id}/screenshots", timeout=10).json()
    assert listed["total"] == 10
    assert [item["id"] for item in listed["items"]] == [str(s.id) for s in reversed(shots)]  # newest first
    assert set(listed["items"][0]) >= {"id", "screenId", "commandId", "takenAt", "width", "height", "url"}


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        ("not base64 at all!", "base64"),
        (b64(b"GIF89a" + b"\0" * 64), "not a JPEG"),
        (b64(jpeg()[:400]), "decoded"),
        (b64(jpeg(1400, 400)), "1280"),
        (12345, "string"),
    ],
)
def test_an_invalid_screenshot_fails_its_command_and_stores_nothing(
    app, console, clients, live_url, image, reason
) -> None:
    screen_id = make_screen(app)
    player = connect(clients, live_url, auth={"token": console.activate_screen(screen_id)})
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})
    command_id = ask(console, player, screen_id)
    player.client.emit("screen:screenshot_response", {"commandId": command_id, "imageBase64": image})
    failed = {"commandId": command_id, "screenId": str(screen_id), "status": "FAILED"}
    assert wait_for(lambda: failed in admin.named("admin:command_status"))
    with app.app_context():
        command = db.session.get(ScreenCommand, int(command_id))
        assert command.status == CommandStatus.FAILED and reason in command.error
        assert db.session.get(Screen, screen_id).last_screenshot_key is None
        assert get_storage().list(f"screenshots/{screen_id}/") == []
    assert shots_of(app, screen_id) == [] and admin.named("admin:screenshot_ready") == []


def test_only_an_open_screenshot_command_of_the_screen_is_answered(app, console, clients, live_url) -> None:
    target, other = make_screen(app, "Target"), make_screen(app, "Other")
    player = connect(clients, live_url, auth={"token": console.activate_screen(target)})
    intruder = connect(clients, live_url, auth={"token": console.activate_screen(other)})
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})
    command_id = ask(console, player, target)
    # Another screen answering, an unknown command, a command of another kind: all ignored.
    intruder.client.emit("screen:screenshot_response", {"commandId": command_id, "imageBase64": b64(jpeg())})
    player.client.emit("screen:screenshot_response", {"commandId": "999999", "imageBase64": b64(jpeg())})
    reload_id = console.post(f"/api/admin/screens/{target}/command", json={"command": "RELOAD"}).json()["id"]
    player.client.emit("screen:screenshot_response", {"commandId": reload_id, "imageBase64": b64(jpeg())})
    # The real answer still works afterwards.
    player.client.emit("screen:screenshot_response", {"commandId": command_id, "imageBase64": b64(jpeg())})
    assert wait_for(lambda: len(admin.named("admin:screenshot_ready")) == 1)
    assert [s.command_id for s in shots_of(app, target)] == [int(command_id)] and shots_of(app, other) == []


def _store(app, screen_id: int, taken_at: datetime) -> str:  # type: ignore[no-untyped-def]
    key = screenshot_key(screen_id, taken_at)
    with tempfile.NamedTemporaryFile(suffix=".jpg") as tmp:
        Path(tmp.name).write_bytes(jpeg(32, 18))
        get_storage(app).put_file(key, Path(tmp.name), "image/jpeg")
    return key


def test_purge_screenshots_keeps_the_ten_newest_and_removes_orphans(app, clean_db) -> None:
    now = datetime(2026, 3, 29, 3, 23, tzinfo=UTC)
    screen_id, quiet = make_screen(app, "Busy"), make_screen(app, "Quiet")
    with app.app_context():
        keys = []
        for n in range(13):
            taken = now - timedelta(hours=13 - n)
            key = _store(app, screen_id, taken)
            keys.append(key)
            db.session.add(
                ScreenScreenshot(screen_id=screen_id, s3_key=key, taken_at=taken, width=32, height=18)
            )
        quiet_key = _store(app, quiet, now - timedelta(days=2))
        db.session.add(ScreenScreenshot(screen_id=quiet, s3_key=quiet_key, taken_at=now - timedelta(days=2)))
        db.session.commit()
        old_orphan = _store(app, 999999, now - timedelta(days=1))  # a deleted screen's capture
        fresh_orphan = _store(app, 999999, now - timedelta(minutes=5))  # its row may be on its way

        assert purge_screenshots(now.isoformat()) == 4
        storage = get_storage()
        kept = db.session.scalars(
            select(ScreenScreenshot.s3_key).where(ScreenScreenshot.screen_id == screen_id)
        ).all()
        assert sorted(kept) == sorted(keys[3:])
        assert [storage.stat(k) is None for k in keys] == [True] * 3 + [False] * 10
        assert storage.stat(quiet_key) is not None and storage.stat(old_orphan) is None
        assert storage.stat(fresh_orphan) is not None
        storage.delete([fresh_orphan, quiet_key, *keys[3:]])


def test_screenshot_routes_check_the_screen(app, client) -> None:
    screen_id, other = make_screen(app), make_screen(app, "Other")
    make_user(app, "viewer@example.com", "VIEWER")
    with app.app_context():
        shot = ScreenScreenshot(screen_id=screen_id, s3_key=screenshot_key(screen_id, datetime.now(UTC)))
        db.session.add(shot)
        db.session.commit()
        shot_id = shot.id
    api_login(client, "viewer@example.com")
    assert client.get(f"/api/admin/screens/{screen_id}/screenshots").get_json()["total"] == 1
    assert client.get(f"/api/admin/screens/{other}/screenshots/{shot_id}/image").status_code == 404
    assert (
        client.get(f"/api/admin/screens/{screen_id}/screenshots/{shot_id}/image").status_code == 404
    )  # no object
    assert client.get("/api/admin/screens/999999/screenshots").status_code == 404
