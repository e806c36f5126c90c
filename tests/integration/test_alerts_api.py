"""/api/admin/alerts: validation, the lifecycle, and the delivery log it writes (CONTRACT §9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from signage.alerts import jobs as alert_jobs
from signage.extensions import db
from signage.models import Alert, CommandStatus, CommandType, Screen, ScreenCommand, ScreenGroup
from tests.support import api_login, listening, make_screen, make_user


@pytest.fixture
def headers(app, client):  # type: ignore[no-untyped-def]
    make_user(app, "ed@example.com", "EDITOR")
    return {"X-CSRFToken": api_login(client, "ed@example.com")}


def group_with(app, *screen_ids: int) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = db.session.get(Screen, screen_ids[0])
        group = ScreenGroup(name="Lobby", site_id=screen.site_id)
        db.session.add(group)
        db.session.flush()
        for screen_id in screen_ids:
            db.session.get(Screen, screen_id).group_id = group.id
        db.session.commit()
        return group.id


def commands(app, kind: CommandType | None = None) -> list[tuple[int, str, dict]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        query = select(ScreenCommand).order_by(ScreenCommand.id)
        if kind is not None:
            query = query.where(ScreenCommand.command == kind)
        return [(c.screen_id, c.command.value, c.payload) for c in db.session.scalars(query)]


def apply_windows(app, at: str) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return alert_jobs.apply_windows(at)


def iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def test_create_validates_every_field_and_writes_nothing_when_refused(app, client, headers) -> None:
    screen = make_screen(app)
    cases = [
        ({"content": "x"}, "title"),
        ({"title": "t"}, "content"),
        ({"title": "   ", "content": "x"}, "title"),
        ({"title": "t" * 201, "content": "x"}, "title"),
        ({"title": "t", "content": "x" * 5001}, "content"),
        ({"title": "t\x07", "content": "x"}, "title"),
        ({"title": "t", "content": "x", "displayMode": "POPUP"}, "displayMode"),
        ({"title": "t", "content": "x", "backgroundColor": "red"}, "backgroundColor"),
        ({"title": "t", "content": "x", "textColor": "#fff;background:url(x)"}, "textColor"),
        ({"title": "t", "content": "x", "targetType": "SITE"}, "targetType"),
        ({"title": "t", "content": "x", "targetType": "GROUP", "targetId": "999999"}, "targetId"),
        ({"title": "t", "content": "x", "targetType": "SCREEN"}, "targetId"),
        ({"title": "t", "content": "x", "targetType": "ALL", "targetId": str(screen)}, "targetId"),
        ({"title": "t", "content": "x", "startAt": "tomorrow"}, "startAt"),
        ({"title": "t", "content": "x", "startAt": "2026-05-01T08:00:00"}, "startAt"),
        ({"title": "t", "content": "x", "startAt": "2026-05-01T08:00:00Z", "endAt": "2026-05-01T08:00:00Z"},
         "endAt"),
        ({"title": "t", "content": "x", "colour": "#fff"}, "colour"),
        ({"title": "t", "content": "x", "isActive": "yes"}, "isActive"),
    ]  # fmt: skip
    for body, field in cases:
        response = client.post("/api/admin/alerts", headers=headers, json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert field in response.get_json()["error"]["fields"], (body, response.get_json())
    with app.app_context():
        assert db.session.query(Alert).count() == 0


def test_an_alert_is_kept_as_text_and_read_back(app, client, headers) -> None:
    screen = make_screen(app)
    body = {
        "title": "<b>Fire</b> drill",
        "content": "<script>alert(1)</script>\nLeave by the stairs",
        "displayMode": "FULLSCREEN",
        "backgroundColor": "#B91C1C",
        "textColor": "#fff",
        "targetType": "SCREEN",
        "targetId": str(screen),
        "startAt": "2030-05-01T10:00:00+02:00",
        "endAt": "2030-05-01T09:00:00Z",
    }
    created = client.post("/api/admin/alerts", headers=headers, json=body)
    assert created.status_code == 201, created.get_json()
    alert = created.get_json()
    assert alert["title"] == "<b>Fire</b> drill" and alert["content"].startswith("<script>")
    assert alert["startAt"] == "2030-05-01T08:00:00Z" and alert["backgroundColor"] == "#b91c1c"
    assert alert["isActive"] is False and alert["state"] == "INACTIVE" and alert["targetId"] == str(screen)
    shown = client.get(f"/api/admin/alerts/{alert['id']}").get_json()
    assert shown["deliveries"] == [] and shown["title"] == alert["title"]
    listed = client.get("/api/admin/alerts?isActive=false").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == alert["id"]
    assert client.get("/api/admin/alerts?isActive=true").get_json()["total"] == 0
    # A partial update that would invert the window is refused whole.
    response = client.put(
        f"/api/admin/alerts/{alert['id']}",
        headers=headers,
        json={"title": "New", "endAt": "2030-01-01T00:00Z"},
    )
    assert response.status_code == 422 and "endAt" in response.get_json()["error"]["fields"]
    assert client.get(f"/api/admin/alerts/{alert['id']}").get_json()["title"] == "<b>Fire</b> drill"
    assert client.get("/api/admin/alerts/abc").status_code == 404


def test_activation_logs_one_show_per_target_screen_and_deactivation_one_hide(app, client, headers) -> None:
    a, b, c = make_screen(app, "A"), make_screen(app, "B"), make_screen(app, "C")
    group = group_with(app, a, b)
    created = client.post(
        "/api/admin/alerts",
        headers=headers,
        json={"title": "Storm", "content": "Stay inside", "targetType": "GROUP", "targetId": group},
    ).get_json()
    assert commands(app) == []
    activated = client.put(f"/api/admin/alerts/{created['id']}/activate", headers=headers)
    assert activated.status_code == 200 and activated.get_json()["state"] == "LIVE"
    payload = {
        "id": created["id"],
        "title": "Storm",
        "content": "Stay inside",
        "displayMode": "BANNER",
        "backgroundColor": "#d32f2f",
        "textColor": "#ffffff",
    }
    assert commands(app) == [(a, "ALERT_SHOW", payload), (b, "ALERT_SHOW", payload)]
    detail = client.get(f"/api/admin/alerts/{created['id']}").get_json()
    assert {d["screenId"] for d in detail["deliveries"]} == {str(a), str(b)}
    assert all(d["status"] == "PENDING" and d["command"] == "ALERT_SHOW" for d in detail["deliveries"])

    # A change of target while live: hidden where it no longer applies, shown where it does.
    client.put(
        f"/api/admin/alerts/{created['id']}", headers=headers, json={"targetType": "SCREEN", "targetId": c}
    )
    hidden = {"id": created["id"]}
    assert commands(app)[2:] == [
        (a, "ALERT_HIDE", hidden),
        (b, "ALERT_HIDE", hidden),
        (c, "ALERT_SHOW", payload),
    ]
    client.put(f"/api/admin/alerts/{created['id']}/deactivate", headers=headers)
    assert commands(app)[5:] == [(c, "ALERT_HIDE", {"id": created["id"]})]
    # Deactivating twice hides nothing more.
    client.put(f"/api/admin/alerts/{created['id']}/deactivate", headers=headers)
    assert len(commands(app)) == 6


def test_create_and_activate_at_once_to_all_and_delete_hides(app, client, headers) -> None:
    a, b = make_screen(app, "A"), make_screen(app, "B", site_name="Other")
    created = client.post(
        "/api/admin/alerts",
        headers=headers,
        json={"title": "Evacuate", "content": "Now", "isActive": True, "displayMode": "FULLSCREEN"},
    )
    assert created.status_code == 201 and created.get_json()["state"] == "LIVE"
    assert [(s, k) for s, k, _ in commands(app)] == [(a, "ALERT_SHOW"), (b, "ALERT_SHOW")]
    assert client.delete(f"/api/admin/alerts/{created.get_json()['id']}", headers=headers).status_code == 204
    assert [(s, k) for s, k, _ in commands(app, CommandType.ALERT_HIDE)] == [
        (a, "ALERT_HIDE"),
        (b, "ALERT_HIDE"),
    ]
    with app.app_context():
        assert db.session.query(Alert).count() == 0


def test_the_minute_job_shows_at_start_and_hides_at_end(app, client, headers) -> None:
    make_screen(app)
    now = datetime.now(UTC).replace(microsecond=0)
    start, end = now + timedelta(minutes=5), now + timedelta(minutes=30)
    created = client.post(
        "/api/admin/alerts",
        headers=headers,
        json={"title": "Later", "content": "x", "startAt": iso(start), "endAt": iso(end), "isActive": True},
    ).get_json()
    assert created["state"] == "SCHEDULED" and commands(app) == []
    assert apply_windows(app, iso(now + timedelta(minutes=1))) == {"ended": [], "started": []}
    # startAt passed: shown once, however many times the job runs.
    with app.app_context():
        db.session.execute(Alert.__table__.update().values(start_at=now - timedelta(minutes=1)))
        db.session.commit()
    assert apply_windows(app, iso(now)) == {"ended": [], "started": [int(created["id"])]}
    assert apply_windows(app, iso(now + timedelta(seconds=30)))["started"] == []
    assert [k for _, k, _ in commands(app)] == ["ALERT_SHOW"]
    # endAt passed: hidden and disarmed.
    assert apply_windows(app, iso(end + timedelta(seconds=1))) == {
        "ended": [int(created["id"])],
        "started": [],
    }
    assert [k for _, k, _ in commands(app)] == ["ALERT_SHOW", "ALERT_HIDE"]
    detail = client.get(f"/api/admin/alerts/{created['id']}").get_json()
    assert detail["isActive"] is False
    assert apply_windows(app, iso(end + timedelta(minutes=1))) == {"ended": [], "started": []}


def test_an_ended_alert_cannot_be_activated(app, client, headers) -> None:
    past = datetime.now(UTC) - timedelta(hours=1)
    created = client.post(
        "/api/admin/alerts",
        headers=headers,
        json={"title": "Old", "content": "x", "startAt": iso(past - timedelta(hours=1)), "endAt": iso(past)},
    ).get_json()
    assert created["state"] == "ENDED"
    response = client.put(f"/api/admin/alerts/{created['id']}/activate", headers=headers)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "alert_ended"
    assert commands(app) == []
    # Created and activated in one request: refused whole, not left behind half done.
    response = client.post(
        "/api/admin/alerts",
        headers=headers,
        json={"title": "Late", "content": "x", "endAt": iso(past), "isActive": True},
    )
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "alert_ended"
    with app.app_context():
        assert db.session.scalars(select(Alert.title)).all() == ["Old"]


def test_an_alert_created_active_is_written_with_its_commands_in_one_transaction(
    app, client, headers
) -> None:
    """The emergency path: on a busy server each commit, and each read-back after it, waits
    its turn on the event loop; the alert, armed, and a command per screen commit together."""
    screens = [make_screen(app, f"S{n}") for n in range(3)]
    commits: list[int] = []
    with listening(app, "commit", lambda _conn: commits.append(1)):
        response = client.post(
            "/api/admin/alerts", headers=headers, json={"title": "Fire", "content": "Out", "isActive": True}
        )
    assert response.status_code == 201 and response.get_json()["isActive"] is True
    assert len(commits) == 1
    assert sorted(screen for screen, kind, _ in commands(app)) == screens


def test_viewers_read_but_cannot_send(app, client) -> None:
    make_user(app, "vi@example.com", "VIEWER")
    token = api_login(client, "vi@example.com")
    assert client.get("/api/admin/alerts").status_code == 200
    response = client.post(
        "/api/admin/alerts", headers={"X-CSRFToken": token}, json={"title": "t", "content": "c"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.query(Alert).count() == 0
        assert db.session.scalar(select(ScreenCommand.id)) is None
    assert CommandStatus.PENDING  # the enum the delivery log reports
