"""CONTRACT §15: sessions end on the server — logout, password and role changes, an ADMIN."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.support import PASSWORD, api_login, make_user


def _copy_cookie(source: FlaskClient, target: FlaskClient) -> None:
    cookie = source.get_cookie("signage_session")
    assert cookie is not None
    target.set_cookie("signage_session", cookie.value)


def test_logout_ends_the_session_for_every_copy_of_the_cookie(app, client) -> None:
    make_user(app, "ada@example.com", "EDITOR")
    csrf = api_login(client, "ada@example.com")
    thief = app.test_client()
    _copy_cookie(client, thief)
    assert thief.get("/api/auth/me").status_code == 200  # the copy works while the session lives
    assert client.post("/api/auth/logout", headers={"X-CSRFToken": csrf}).status_code in (200, 204)
    assert thief.get("/api/auth/me").status_code == 401
    assert thief.get("/api/admin/sites").status_code == 401
    created = thief.post("/api/admin/sites", json={"name": "Stolen"}, headers={"X-CSRFToken": csrf})
    assert created.status_code in (400, 401)  # refused, whichever check speaks first


def test_a_password_or_role_change_ends_the_users_sessions(app, client) -> None:
    admin = app.test_client()
    make_user(app, "root@example.com", "ADMIN")
    admin_csrf = {"X-CSRFToken": api_login(admin, "root@example.com")}
    ada = make_user(app, "ada@example.com", "EDITOR")
    api_login(client, "ada@example.com")
    changed = admin.put(f"/api/admin/users/{ada}", json={"password": "a-new-password-1"}, headers=admin_csrf)
    assert changed.status_code == 200
    assert client.get("/api/auth/me").status_code == 401

    api_login(client, "ada@example.com", "a-new-password-1")
    assert client.get("/api/auth/me").status_code == 200
    demoted = admin.put(f"/api/admin/users/{ada}", json={"role": "VIEWER"}, headers=admin_csrf)
    assert demoted.status_code == 200
    assert client.get("/api/auth/me").status_code == 401
    assert admin.get("/api/auth/me").status_code == 200  # the ADMIN's own session is untouched


def test_an_admin_sees_and_ends_a_users_sessions(app, clean_db) -> None:
    admin = app.test_client()
    make_user(app, "root@example.com", "ADMIN")
    csrf = {"X-CSRFToken": api_login(admin, "root@example.com")}
    ada = make_user(app, "ada@example.com", "EDITOR")
    laptop, phone = app.test_client(), app.test_client()
    api_login(laptop, "ada@example.com")
    phone.post(
        "/api/auth/login",
        json={"email": "ada@example.com", "password": PASSWORD},
        headers={"User-Agent": "Phone/1.0"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    listed = admin.get(f"/api/admin/users/{ada}/sessions").get_json()
    assert listed["total"] == 2
    by_agent = {s["userAgent"]: s for s in listed["items"]}
    assert by_agent["Phone/1.0"]["ipAddress"] == "198.51.100.7"
    assert not any(s["current"] for s in listed["items"])
    assert set(by_agent["Phone/1.0"]) == {
        "id",
        "createdAt",
        "lastSeenAt",
        "expiresAt",
        "ipAddress",
        "userAgent",
        "current",
    }

    one = by_agent["Phone/1.0"]["id"]
    assert admin.delete(f"/api/admin/users/{ada}/sessions/{one}", headers=csrf).status_code == 204
    assert phone.get("/api/auth/me").status_code == 401
    assert laptop.get("/api/auth/me").status_code == 200
    assert admin.delete(f"/api/admin/users/{ada}/sessions/{one}", headers=csrf).status_code == 404

    ended = admin.delete(f"/api/admin/users/{ada}/sessions", headers=csrf).get_json()
    assert ended == {"ended": 1}
    assert laptop.get("/api/auth/me").status_code == 401

    # Ending one's own sessions keeps the one asking.
    root_id = admin.get("/api/auth/me").get_json()["user"]["id"]
    other = app.test_client()
    api_login(other, "root@example.com")
    mine = admin.get(f"/api/admin/users/{root_id}/sessions").get_json()["items"]
    assert sorted(s["current"] for s in mine) == [False, True]
    assert admin.delete(f"/api/admin/users/{root_id}/sessions", headers=csrf).get_json() == {"ended": 1}
    assert admin.get("/api/auth/me").status_code == 200
    assert other.get("/api/auth/me").status_code == 401


def test_only_admins_manage_sessions(app, client) -> None:
    editor = make_user(app, "ed@example.com", "EDITOR")
    csrf = {"X-CSRFToken": api_login(client, "ed@example.com")}
    assert client.get(f"/api/admin/users/{editor}/sessions").status_code == 403
    assert client.delete(f"/api/admin/users/{editor}/sessions", headers=csrf).status_code == 403


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(app, clean_db) -> None:
    here, elsewhere = app.test_client(), app.test_client()
    root = make_user(app, "root@example.com", "ADMIN")
    csrf = {"X-CSRFToken": api_login(here, "root@example.com")}
    api_login(elsewhere, "root@example.com")
    changed = here.put(f"/api/admin/users/{root}", json={"password": "another-password-9"}, headers=csrf)
    assert changed.status_code == 200
    assert here.get("/api/auth/me").status_code == 200
    assert elsewhere.get("/api/auth/me").status_code == 401
    assert [s["current"] for s in here.get(f"/api/admin/users/{root}/sessions").get_json()["items"]] == [True]
