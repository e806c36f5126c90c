"""Automatic screenshots per group (spec phase 3, issue 12): off by default; when set, the job
asks each online, activated screen of the group once its last capture is older than the
interval, never twice while one is owed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from signage.extensions import db
from signage.models import CommandType, Screen, ScreenCommand, ScreenGroup, ScreenStatus
from signage.monitoring.jobs import take_screenshots
from tests.support import api_login, make_screen, make_user

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def _asked(app) -> list[int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return sorted(
            db.session.scalars(
                select(ScreenCommand.screen_id).where(ScreenCommand.command == CommandType.SCREENSHOT)
            )
        )


def test_the_api_sets_the_interval_and_checks_it(app, clean_db) -> None:
    make_user(app, "root@example.com", "ADMIN")
    client = app.test_client()
    csrf = {"X-CSRFToken": api_login(client, "root@example.com")}
    site = client.post("/api/admin/sites", json={"name": "Lyon"}, headers=csrf).get_json()
    group = client.post(
        "/api/admin/groups", json={"name": "Vitrines", "siteId": site["id"]}, headers=csrf
    ).get_json()
    assert group["screenshotIntervalMinutes"] is None
    url = f"/api/admin/groups/{group['id']}"
    assert (
        client.put(url, json={"screenshotIntervalMinutes": 60}, headers=csrf).get_json()[
            "screenshotIntervalMinutes"
        ]
        == 60
    )
    for bad in (2, 1441, "60", True):
        refused = client.put(url, json={"screenshotIntervalMinutes": bad}, headers=csrf)
        assert refused.status_code == 422, bad
    assert (
        client.put(url, json={"name": "Vitrines sud"}, headers=csrf).get_json()["screenshotIntervalMinutes"]
        == 60
    )
    assert (
        client.put(url, json={"screenshotIntervalMinutes": None}, headers=csrf).get_json()[
            "screenshotIntervalMinutes"
        ]
        is None
    )


def test_the_job_asks_due_screens_once(app, clean_db) -> None:
    due, recent, offline, unpaired, other = (
        make_screen(app, name, "Lyon") for name in ("a", "b", "c", "d", "e")
    )
    with app.app_context():
        group = ScreenGroup(
            name="Vitrines", site_id=db.session.get(Screen, due).site_id, screenshot_interval_minutes=60
        )
        db.session.add(group)
        db.session.flush()
        for screen_id in (due, recent, offline, unpaired):
            screen = db.session.get(Screen, screen_id)
            screen.group_id = group.id
            screen.status = ScreenStatus.ONLINE
            screen.player_jwt_hash = "x" * 64
        db.session.get(Screen, recent).last_screenshot_at = NOW - timedelta(minutes=30)
        db.session.get(Screen, due).last_screenshot_at = NOW - timedelta(minutes=61)
        db.session.get(Screen, offline).status = ScreenStatus.OFFLINE
        db.session.get(Screen, unpaired).player_jwt_hash = None
        other_screen = db.session.get(Screen, other)  # in no group: never asked
        other_screen.status = ScreenStatus.ONLINE
        other_screen.player_jwt_hash = "y" * 64
        db.session.commit()
    with app.app_context():
        assert take_screenshots(NOW.isoformat()) == 1
    assert _asked(app) == [due]
    with app.app_context():  # still owed: not asked again
        assert take_screenshots((NOW + timedelta(minutes=1)).isoformat()) == 0
    assert _asked(app) == [due]
