"""/api/admin/users: ADMIN-only account management, validation and the last-ADMIN rule."""

from __future__ import annotations

from sqlalchemy import func, select

from signage.extensions import db
from signage.models import User
from tests.support import PASSWORD, api_login, make_user


def admin(app, client):
    make_user(app, "root@example.com", "ADMIN")
    token = api_login(client, "root@example.com")
    return {"X-CSRFToken": token}


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_crud_round_trip(app, client) -> None:
    headers = admin(app, client)
    created = client.post(
        "/api/admin/users",
        headers=headers,
        json={"email": "Ed@Example.com", "password": PASSWORD, "role": "EDITOR", "name": "Ed"},
    )
    assert created.status_code == 201
    user = created.get_json()
    assert user["email"] == "ed@example.com" and user["role"] == "EDITOR" and user["lastLoginAt"] is None
    assert "password" not in str(user).lower()
    assert client.get(f"/api/admin/users/{user['id']}").get_json() == user
    updated = client.put(f"/api/admin/users/{user['id']}", headers=headers, json={"role": "VIEWER"})
    assert updated.status_code == 200 and updated.get_json()["role"] == "VIEWER"
    assert updated.get_json()["name"] == "Ed"
    listing = client.get("/api/admin/users?limit=1&offset=1").get_json()
    assert listing["total"] == 2 and len(listing["items"]) == 1
    assert client.delete(f"/api/admin/users/{user['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/admin/users/{user['id']}").status_code == 404
    assert user_count(app) == 1
    # The new account can sign in with its password before deletion; checked separately below.


def test_created_user_can_sign_in(app, client) -> None:
    headers = admin(app, client)
    client.post(
        "/api/admin/users",
        headers=headers,
        json={"email": "ed@example.com", "password": "a-long-password", "role": "VIEWER"},
    )
    other = app.test_client()
    assert (
        other.post(
            "/api/auth/login", json={"email": "ed@example.com", "password": "a-long-password"}
        ).status_code
        == 200
    )


def test_validation_names_each_field_and_changes_nothing(app, client) -> None:
    headers = admin(app, client)
    response = client.post(
        "/api/admin/users",
        headers=headers,
        json={"email": "not-an-email", "password": 12, "role": "ROOT", "admin": True},
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"email", "password", "role", "admin"}
    weak = client.post(
        "/api/admin/users",
        headers=headers,
        json={"email": "ok@example.com", "password": "short", "role": "VIEWER"},
    )
    assert weak.status_code == 422 and set(weak.get_json()["error"]["fields"]) == {"password"}
    assert user_count(app) == 1


def test_duplicate_email_is_a_conflict(app, client) -> None:
    headers = admin(app, client)
    response = client.post(
        "/api/admin/users",
        headers=headers,
        json={"email": "ROOT@example.com", "password": PASSWORD, "role": "VIEWER"},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "email_taken"
    assert response.get_json()["error"]["fields"] == {
        "email": "Another user already has this e-mail address."
    }


def test_the_last_admin_cannot_be_demoted_or_deleted(app, client) -> None:
    headers = admin(app, client)
    with app.app_context():
        root_id = db.session.scalar(select(User.id))
    ed_id = make_user(app, "ed@example.com", "EDITOR")
    demote = client.put(f"/api/admin/users/{root_id}", headers=headers, json={"role": "EDITOR", "name": "X"})
    assert demote.status_code == 409 and demote.get_json()["error"]["code"] == "last_admin"
    assert client.get(f"/api/admin/users/{root_id}").get_json()["name"] == ""  # nothing changed
    # Deleting yourself is refused; deleting the last ADMIN from another ADMIN is refused too.
    assert (
        client.delete(f"/api/admin/users/{root_id}", headers=headers).get_json()["error"]["code"]
        == "cannot_delete_self"
    )
    promote = client.put(f"/api/admin/users/{ed_id}", headers=headers, json={"role": "ADMIN"})
    assert promote.status_code == 200
    assert (
        client.put(f"/api/admin/users/{root_id}", headers=headers, json={"role": "VIEWER"}).status_code == 200
    )
    # root is a VIEWER now: its session no longer manages users.
    assert client.get("/api/admin/users").status_code == 403
    ed = app.test_client()
    ed_headers = {"X-CSRFToken": api_login(ed, "ed@example.com")}
    assert ed.delete(f"/api/admin/users/{ed_id}", headers=ed_headers).status_code == 409
    assert ed.delete(f"/api/admin/users/{root_id}", headers=ed_headers).status_code == 204


def test_unknown_and_absurd_ids_are_404(app, client) -> None:
    headers = admin(app, client)
    for raw in ["999", "abc", "0", "-1", "9" * 40, "1.5", "١"]:
        assert client.get(f"/api/admin/users/{raw}").status_code == 404, raw
        assert client.put(f"/api/admin/users/{raw}", headers=headers, json={"name": "x"}).status_code == 404
        assert client.delete(f"/api/admin/users/{raw}", headers=headers).status_code == 404


def test_malformed_and_oversized_bodies(app, client) -> None:
    headers = admin(app, client)
    assert (
        client.post(
            "/api/admin/users", headers=headers, data="{", content_type="application/json"
        ).status_code
        == 400
    )
    assert client.post("/api/admin/users", headers=headers, json="just a string").status_code == 400
    assert client.post("/api/admin/users", headers=headers, data="a=b").status_code == 415
    huge = client.post(
        "/api/admin/users",
        headers=headers,
        json={"email": "a@b.io", "password": PASSWORD, "role": "VIEWER", "name": "x" * 2_000_000},
    )
    assert huge.status_code == 413
    assert huge.get_json()["error"]["code"] == "payload_too_large"
    assert user_count(app) == 1


def test_pagination_parameters_are_validated(app, client) -> None:
    admin(app, client)
    for query in ["limit=0", "limit=501", "limit=x", "offset=-1"]:
        response = client.get(f"/api/admin/users?{query}")
        assert response.status_code == 422, query
    assert client.get("/api/admin/users?limit=500").status_code == 200


def test_unknown_routes_and_methods_answer_json(app, client) -> None:
    admin(app, client)
    response = client.get("/api/admin/nothing-here")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    response = client.patch("/api/admin/users")
    assert response.status_code in (400, 405)
    assert "error" in response.get_json()
