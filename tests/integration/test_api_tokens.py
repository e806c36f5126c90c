"""CONTRACT §15: personal API tokens — shown once, act as their user with the user's role at
each request, need no CSRF header (nor a Referer behind HTTPS), never open console pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from signage.extensions import db
from signage.models import ApiToken
from tests.support import PASSWORD, api_login, make_user


def _session(app, email: str, role: str = "ADMIN"):  # type: ignore[no-untyped-def]
    user_id = make_user(app, email, role)
    client = app.test_client()
    return client, {"X-CSRFToken": api_login(client, email)}, user_id


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_token_is_shown_once_and_acts_as_its_user(app, clean_db) -> None:
    console, csrf, _ = _session(app, "root@example.com")
    created = console.post("/api/admin/tokens", json={"name": "Nightly import"}, headers=csrf)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    secret = body["token"]
    assert secret.startswith("sgn_") and len(secret) > 40
    assert body["name"] == "Nightly import" and body["expiresAt"] is None and body["createdAt"]
    listed = console.get("/api/admin/tokens")
    assert listed.get_json()["total"] == 1 and "token" not in listed.get_json()["items"][0]
    assert secret not in listed.get_data(as_text=True)
    with app.app_context():  # only a hash is stored
        stored = db.session.scalar(select(ApiToken))
        assert secret not in (stored.token_hash, stored.prefix) and secret.startswith(stored.prefix)

    script = app.test_client()  # no cookie, no CSRF header
    assert script.get("/api/admin/sites", headers=_bearer(secret)).status_code == 200
    site = script.post("/api/admin/sites", json={"name": "Lyon"}, headers=_bearer(secret))
    assert site.status_code == 201, site.get_json()
    me = script.get("/api/auth/me", headers=_bearer(secret)).get_json()
    assert me["user"]["email"] == "root@example.com"
    assert console.get("/api/admin/tokens").get_json()["items"][0]["lastUsedAt"]
    # Behind HTTPS a token needs no Referer either (a cookie session does).
    secure = script.post(
        "/api/admin/sites",
        json={"name": "Nice"},
        headers=_bearer(secret),
        base_url="https://signage.example.com",
    )
    assert secure.status_code == 201, secure.get_json()


def test_the_token_follows_its_users_role_at_each_request(app, clean_db) -> None:
    admin, admin_csrf, _ = _session(app, "root@example.com")
    editor, csrf, editor_id = _session(app, "ed@example.com", "EDITOR")
    secret = editor.post("/api/admin/tokens", json={"name": "ci"}, headers=csrf).get_json()["token"]
    script = app.test_client()
    feed = {"name": "News", "type": "RSS", "config": {"url": "https://news.example/feed.xml"}}
    made = script.post("/api/admin/datasources", json=feed, headers=_bearer(secret))
    assert made.status_code == 201, made.get_json()
    admin.put(f"/api/admin/users/{editor_id}", json={"role": "VIEWER"}, headers=admin_csrf)
    refused = script.post("/api/admin/datasources", json=feed, headers=_bearer(secret))
    assert refused.status_code == 403
    assert script.get("/api/admin/datasources", headers=_bearer(secret)).status_code == 200
    admin.delete(f"/api/admin/users/{editor_id}", headers=admin_csrf)  # the user goes, the token with it
    assert script.get("/api/admin/datasources", headers=_bearer(secret)).status_code == 401


def test_console_pages_and_token_management_refuse_a_token(app, clean_db) -> None:
    console, csrf, _ = _session(app, "root@example.com")
    secret = console.post("/api/admin/tokens", json={"name": "t"}, headers=csrf).get_json()["token"]
    script = app.test_client()
    page = script.get("/admin/", headers=_bearer(secret))
    assert page.status_code == 302 and "/admin/login" in page.headers["Location"]
    minted = script.post("/api/admin/tokens", json={"name": "more"}, headers=_bearer(secret))
    assert minted.status_code == 403
    token_id = console.get("/api/admin/tokens").get_json()["items"][0]["id"]
    assert script.delete(f"/api/admin/tokens/{token_id}", headers=_bearer(secret)).status_code == 403


def test_revoked_expired_and_unknown_tokens_are_401_and_say_so(app, clean_db) -> None:
    console, csrf, _ = _session(app, "root@example.com")
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    made = console.post(
        "/api/admin/tokens", json={"name": "short", "expiresAt": soon}, headers=csrf
    ).get_json()
    script = app.test_client()
    assert script.get("/api/admin/sites", headers=_bearer(made["token"])).status_code == 200
    with app.app_context():
        row = db.session.get(ApiToken, int(made["id"]))
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    expired = script.get("/api/admin/sites", headers=_bearer(made["token"]))
    assert expired.status_code == 401
    assert expired.get_json()["error"]["message"] == "The API token is invalid, expired or revoked."

    other = console.post("/api/admin/tokens", json={"name": "other"}, headers=csrf).get_json()
    assert console.delete(f"/api/admin/tokens/{other['id']}", headers=csrf).status_code == 204
    assert script.get("/api/admin/sites", headers=_bearer(other["token"])).status_code == 401
    assert console.delete(f"/api/admin/tokens/{other['id']}", headers=csrf).status_code == 404
    assert script.get("/api/admin/sites", headers=_bearer("sgn_" + "x" * 43)).status_code == 401


def test_bad_token_requests_are_422_and_tokens_are_per_user(app, clean_db) -> None:
    console, csrf, _ = _session(app, "root@example.com")
    past = console.post(
        "/api/admin/tokens", json={"name": "x", "expiresAt": "2020-01-01T00:00:00Z"}, headers=csrf
    )
    assert past.status_code == 422 and set(past.get_json()["error"]["fields"]) == {"expiresAt"}
    naive = console.post(
        "/api/admin/tokens", json={"name": "x", "expiresAt": "2030-01-01T00:00"}, headers=csrf
    )
    assert naive.status_code == 422
    assert console.post("/api/admin/tokens", json={"name": ""}, headers=csrf).status_code == 422
    assert (
        console.post("/api/admin/tokens", json={"name": "x", "scope": "all"}, headers=csrf).status_code == 422
    )
    mine = console.post("/api/admin/tokens", json={"name": "mine"}, headers=csrf).get_json()
    other, other_csrf, _ = _session(app, "ed@example.com", "EDITOR")
    assert other.get("/api/admin/tokens").get_json()["total"] == 0
    assert other.delete(f"/api/admin/tokens/{mine['id']}", headers=other_csrf).status_code == 404


def test_behind_https_a_cookie_without_referer_is_told_what_to_do(app, clean_db) -> None:
    make_user(app, "root@example.com", "ADMIN")
    client = app.test_client()
    secure = "https://signage.example.com"
    signed_in = client.post(
        "/api/auth/login", json={"email": "root@example.com", "password": PASSWORD}, base_url=secure
    )
    csrf = {"X-CSRFToken": signed_in.get_json()["csrfToken"]}
    refused = client.post("/api/admin/sites", json={"name": "Lyon"}, headers=csrf, base_url=secure)
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert (
        error["code"] == "csrf_failed" and "Referer" in error["message"] and "API token" in error["message"]
    )
    accepted = client.post(
        "/api/admin/sites",
        json={"name": "Lyon"},
        headers={**csrf, "Referer": f"{secure}/admin/"},
        base_url=secure,
    )
    assert accepted.status_code == 201
