"""The audit log (issue 15): console and API writes with who, what and before → after, the
sign-ins and lockouts; secrets hidden; nothing for players or refused changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from signage.audit import jobs as audit_jobs
from signage.extensions import db
from signage.models import AuditEntry
from tests.scheduling_support import player_jwt
from tests.support import PASSWORD, api_login, make_screen, make_user


def _admin(app):  # type: ignore[no-untyped-def]
    make_user(app, "root@example.com", "ADMIN")
    client = app.test_client()
    return client, {"X-CSRFToken": api_login(client, "root@example.com")}


def _log(client, **filters) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    response = client.get("/api/admin/audit", query_string=filters)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_a_site_created_renamed_and_deleted_leaves_three_entries(app, clean_db) -> None:
    client, csrf = _admin(app)
    site = client.post("/api/admin/sites", json={"name": "Lyon", "city": "Lyon"}, headers=csrf).get_json()
    client.put(f"/api/admin/sites/{site['id']}", json={"name": "Lyon Part-Dieu"}, headers=csrf)
    client.delete(f"/api/admin/sites/{site['id']}", headers=csrf)
    entries = _log(client, objectType="Site")
    assert [e["action"] for e in entries] == ["delete", "update", "create"]  # newest first
    created, renamed = entries[2], entries[1]
    assert created["objectId"] == site["id"] and created["changes"]["name"] == "Lyon"
    assert created["userEmail"] == "root@example.com" and created["via"] == "session"
    assert created["ipAddress"] == "127.0.0.1"
    assert renamed["changes"] == {"name": ["Lyon", "Lyon Part-Dieu"]}
    assert renamed["objectName"] == "Lyon Part-Dieu"


def test_secrets_never_reach_the_log(app, clean_db) -> None:
    client, csrf = _admin(app)
    ada = make_user(app, "ada@example.com", "EDITOR")
    client.put(f"/api/admin/users/{ada}", json={"password": "a-secret-password-1"}, headers=csrf)
    [change] = _log(client, objectType="User", action="update")
    assert change["changes"]["password_hash"] == ["********", "********"]  # changed, not shown
    source = {
        "name": "News",
        "type": "RSS",
        "config": {"url": "https://news.example/feed.xml", "headers": {"Authorization": "Bearer s3cret"}},
    }
    client.post("/api/admin/datasources", json=source, headers=csrf)
    secret = client.post("/api/admin/tokens", json={"name": "ci"}, headers=csrf).get_json()["token"]
    body = client.get("/api/admin/audit").get_data(as_text=True)
    assert "s3cret" not in body and secret not in body and "scrypt" not in body


def test_token_writes_are_marked_and_refused_changes_leave_nothing(app, clean_db) -> None:
    client, csrf = _admin(app)
    secret = client.post("/api/admin/tokens", json={"name": "ci"}, headers=csrf).get_json()["token"]
    script = app.test_client()
    script.post("/api/admin/sites", json={"name": "Nice"}, headers={"Authorization": f"Bearer {secret}"})
    [entry] = _log(client, objectType="Site")
    assert entry["via"] == "token" and entry["userEmail"] == "root@example.com"
    before = len(_log(client))
    refused = client.post("/api/admin/sites", json={"name": ""}, headers=csrf)
    assert refused.status_code == 422
    assert len(_log(client)) == before


def test_players_and_telemetry_are_not_audited(app, clean_db) -> None:
    screen_id = make_screen(app)
    jwt_token = player_jwt(app, screen_id)
    player = app.test_client()
    beat = {"uptime": 10, "isVisible": True, "playerVersion": "1.0.0"}
    response = player.post(
        f"/api/player/{screen_id}/heartbeat", json=beat, headers={"Authorization": f"Bearer {jwt_token}"}
    )
    assert response.status_code < 300, response.get_json()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_sign_ins_failures_lockouts_and_sign_outs(app, clean_db) -> None:
    make_user(app, "ada@example.com", "EDITOR")
    guesser = app.test_client()
    for _ in range(5):
        guesser.post("/api/auth/login", json={"email": "Ada@example.com", "password": "wrong"})
    guesser.post("/api/auth/login", json={"email": "ada@example.com", "password": "wrong"})  # refused: locked
    client, csrf = _admin(app)
    client.post("/api/auth/logout", headers=csrf)
    client, _ = app.test_client(), None
    api_login(client, "root@example.com", PASSWORD)
    entries = _log(client)
    actions = [e["action"] for e in reversed(entries)]
    assert actions == ["sign_in_failed"] * 5 + ["locked_out", "sign_in", "sign_out", "sign_in"]
    assert {e["userEmail"] for e in entries[-6:]} == {"ada@example.com"}
    assert _log(client, action="locked_out")[0]["ipAddress"] == "127.0.0.1"


def test_only_admins_read_it_and_filters_are_checked(app, clean_db) -> None:
    client, _ = _admin(app)
    editor = app.test_client()
    make_user(app, "ed@example.com", "EDITOR")
    api_login(editor, "ed@example.com")
    assert editor.get("/api/admin/audit").status_code == 403
    bad = client.get("/api/admin/audit", query_string={"from": "yesterday", "action": "x" * 65})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"from", "action"}
    assert _log(client, userId="nope") == []
    me = client.get("/api/auth/me").get_json()["user"]["id"]
    assert {e["userId"] for e in _log(client, userId=me)} == {me}
    later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert _log(client, **{"from": later}) == []


def test_purge_keeps_the_retention_period(app, clean_db) -> None:
    now = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
    with app.app_context():
        for age in (timedelta(days=400), timedelta(days=366), timedelta(days=364), timedelta(hours=1)):
            db.session.add(AuditEntry(at=now - age, action="sign_in", user_email="a@b.c", changes={}))
        db.session.commit()
        assert audit_jobs.purge_audit(now.isoformat()) == 2
        kept = sorted(db.session.scalars(select(AuditEntry.at)))
        assert kept == [now - timedelta(days=364), now - timedelta(hours=1)]
