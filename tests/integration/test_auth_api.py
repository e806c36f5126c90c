"""CONTRACT §2: JSON sign-in, session cookie, CSRF on unsafe requests, shared lockout."""

from __future__ import annotations

from sqlalchemy import func, select

from signage.auth.lockout import ADDRESS_MAX_FAILURES
from signage.extensions import db
from signage.factory import create_app
from signage.models import LoginFailure, User
from tests.support import PASSWORD, api_login, make_user, settings_for


def test_login_returns_user_csrf_and_a_protected_cookie(app, client) -> None:
    make_user(app, "ada@example.com", "EDITOR", name="Ada")
    response = client.post("/api/auth/login", json={"email": "Ada@Example.com ", "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["email"] == "ada@example.com"
    assert body["user"]["role"] == "EDITOR"
    assert isinstance(body["user"]["id"], str)
    assert body["user"]["lastLoginAt"].endswith("Z")
    assert body["csrfToken"]
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    me = client.get("/api/auth/me").get_json()
    assert me["user"]["email"] == "ada@example.com" and me["csrfToken"]


def test_cookie_is_secure_over_https(app, client) -> None:
    make_user(app, "ada@example.com")
    response = client.post(
        "/api/auth/login",
        base_url="https://localhost",
        json={"email": "ada@example.com", "password": PASSWORD},
    )
    assert response.status_code == 200
    assert "Secure" in response.headers["Set-Cookie"]


def test_wrong_password_and_unknown_email_get_the_same_answer(app, client) -> None:
    make_user(app, "ada@example.com")
    wrong = client.post("/api/auth/login", json={"email": "ada@example.com", "password": "nope-nope"})
    unknown = client.post("/api/auth/login", json={"email": "bob@example.com", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert wrong.get_json()["error"]["code"] == "invalid_credentials"
    assert client.get("/api/auth/me").status_code == 401


def test_me_and_admin_api_need_a_session(client) -> None:
    assert client.get("/api/auth/me").get_json()["error"]["code"] == "unauthorized"
    response = client.get("/api/admin/users")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_unsafe_requests_need_the_csrf_header(app, client) -> None:
    make_user(app, "ada@example.com")
    token = api_login(client, "ada@example.com")
    refused = client.post(
        "/api/admin/users", json={"email": "new@example.com", "password": PASSWORD, "role": "VIEWER"}
    )
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    forged = client.post(
        "/api/admin/users",
        headers={"X-CSRFToken": "forged"},
        json={"email": "new@example.com", "password": PASSWORD, "role": "VIEWER"},
    )
    assert forged.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert client.post("/api/auth/logout").status_code == 400  # still signed in
    assert client.get("/api/auth/me").status_code == 200
    assert client.post("/api/auth/logout", headers={"X-CSRFToken": token}).status_code == 204
    assert client.get("/api/auth/me").status_code == 401


def test_login_body_errors(client) -> None:
    assert (
        client.post(
            "/api/auth/login", data="email=a", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 415
    )
    bad = client.post("/api/auth/login", data="{not json", content_type="application/json")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "malformed_json"
    assert client.post("/api/auth/login", json=["a"]).status_code == 400
    missing = client.post("/api/auth/login", json={"email": "a@b.io"})
    assert missing.status_code == 422
    assert set(missing.get_json()["error"]["fields"]) == {"password"}
    typed = client.post("/api/auth/login", json={"email": 3, "password": {"x": 1}, "otp": "1"})
    assert set(typed.get_json()["error"]["fields"]) == {"email", "password", "otp"}


def test_five_failures_lock_the_account_even_for_the_right_password(app, client) -> None:
    make_user(app, "ada@example.com")
    for _ in range(5):
        response = client.post("/api/auth/login", json={"email": "ada@example.com", "password": "wrong-one"})
        assert response.status_code == 401
    locked = client.post("/api/auth/login", json={"email": "ada@example.com", "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.get_json()["error"]["code"] == "too_many_attempts"
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert client.get("/api/auth/me").status_code == 401
    # Another account is not affected.
    make_user(app, "bob@example.com")
    assert (
        client.post("/api/auth/login", json={"email": "bob@example.com", "password": PASSWORD}).status_code
        == 200
    )


def test_the_lockout_is_shared_between_processes(app, client, database_url) -> None:
    """Failures recorded through one app instance lock the account in another (own engine, own pool)."""
    make_user(app, "ada@example.com")
    for _ in range(5):
        client.post("/api/auth/login", json={"email": "ada@example.com", "password": "wrong-one"})
    other = create_app(settings_for(database_url))
    try:
        response = other.test_client().post(
            "/api/auth/login", json={"email": "ada@example.com", "password": PASSWORD}
        )
        assert response.status_code == 429
    finally:
        with other.app_context():
            db.engine.dispose()


def test_refused_attempts_do_not_extend_the_lock_and_success_clears_failures(app, client) -> None:
    make_user(app, "ada@example.com")
    for _ in range(4):
        client.post("/api/auth/login", json={"email": "ada@example.com", "password": "wrong-one"})
    assert (
        client.post("/api/auth/login", json={"email": "ada@example.com", "password": PASSWORD}).status_code
        == 200
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0
    for _ in range(5):
        client.post("/api/auth/login", json={"email": "ada@example.com", "password": "wrong-one"})
    for _ in range(3):
        assert (
            client.post("/api/auth/login", json={"email": "ada@example.com", "password": "x"}).status_code
            == 429
        )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 5


def test_password_change_ends_existing_sessions(app, client) -> None:
    make_user(app, "root@example.com")
    make_user(app, "ada@example.com", "EDITOR")
    ada = app.test_client()
    api_login(ada, "ada@example.com")
    token = api_login(client, "root@example.com")
    with app.app_context():
        ada_id = db.session.scalar(select(User.id).where(User.email == "ada@example.com"))
    response = client.put(
        f"/api/admin/users/{ada_id}",
        headers={"X-CSRFToken": token},
        json={"password": "another-long-password"},
    )
    assert response.status_code == 200
    assert ada.get("/api/auth/me").status_code == 401


def test_one_address_guessing_across_accounts_is_braked_other_addresses_are_not(app, client) -> None:
    make_user(app, "ada@example.com")
    guesser = {"REMOTE_ADDR": "203.0.113.7"}
    for n in range(ADDRESS_MAX_FAILURES):
        response = client.post(
            "/api/auth/login", json={"email": f"nobody{n}@example.com", "password": "x"}, environ_base=guesser
        )
        assert response.status_code == 401
    refused = client.post(
        "/api/auth/login", json={"email": "ada@example.com", "password": PASSWORD}, environ_base=guesser
    )
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "too_many_attempts"
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    # The account itself is not locked: from elsewhere, its owner signs in.
    elsewhere = client.post(
        "/api/auth/login",
        json={"email": "ada@example.com", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.20"},
    )
    assert elsewhere.status_code == 200
