"""Activation tokens, the player JWT and revocation over HTTP (CONTRACT §5)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from signage.extensions import db
from signage.models import Screen
from signage.web.player.api import UNGUARDED
from tests.support import api_login, make_screen, make_user


@pytest.fixture
def admin_headers(app, client) -> dict[str, str]:
    make_user(app, "root@example.com", "ADMIN")
    return {"X-CSRFToken": api_login(client, "root@example.com")}


def new_token(client, headers, screen_id: int) -> dict:
    response = client.post(f"/api/admin/screens/{screen_id}/activation-token", headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def activate(app, token: str):
    # A player has no console session: a fresh client, as a kiosk would be.
    return app.test_client().post("/api/player/activate", json={"token": token})


def player_post(app, screen_id, jwt_token: str | None, path: str = "error"):
    headers = {"Authorization": f"Bearer {jwt_token}"} if jwt_token else {}
    return app.test_client().post(
        f"/api/player/{screen_id}/{path}", headers=headers, json={"type": "MEDIA_LOAD", "message": "404"}
    )


def test_activation_flow(app, client, admin_headers) -> None:
    screen_id = make_screen(app, "Lobby")
    issued = new_token(client, admin_headers, screen_id)
    assert uuid.UUID(issued["token"]).version == 4
    assert issued["url"] == f"http://localhost/player/activate?token={issued['token']}"
    expires = datetime.fromisoformat(issued["expiresAt"].replace("Z", "+00:00"))
    assert timedelta(hours=23, minutes=59) < expires - datetime.now(UTC) <= timedelta(hours=24)

    response = activate(app, issued["token"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["screenId"] == str(screen_id)
    claims = jwt.decode(body["jwt"], app.config["SIGNAGE"].player_jwt_secret, algorithms=["HS256"])
    assert claims["sub"] == str(screen_id) and "exp" not in claims

    assert player_post(app, screen_id, body["jwt"]).status_code == 204
    # A token works once.
    again = activate(app, issued["token"])
    assert again.status_code == 404 and again.get_json()["error"]["code"] == "unknown_token"


def test_an_expired_token_is_410(app, client, admin_headers) -> None:
    screen_id = make_screen(app)
    token = new_token(client, admin_headers, screen_id)["token"]
    with app.app_context():
        db.session.get(Screen, screen_id).activation_token_expires_at = datetime.now(UTC) - timedelta(
            seconds=1
        )
        db.session.commit()
    response = activate(app, token)
    assert response.status_code == 410 and response.get_json()["error"]["code"] == "token_expired"


def test_a_new_token_supersedes_the_unused_one(app, client, admin_headers) -> None:
    screen_id = make_screen(app)
    first = new_token(client, admin_headers, screen_id)["token"]
    second = new_token(client, admin_headers, screen_id)["token"]
    assert activate(app, first).status_code == 404
    assert activate(app, second).status_code == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"token": 12}, {"token": ""}, {"token": "x" * 65}, {"token": "a", "extra": 1}],
)
def test_bad_activation_bodies_are_422(app, clean_db, body) -> None:
    response = app.test_client().post("/api/player/activate", json=body)
    assert response.status_code == 422
    assert "fields" in response.get_json()["error"]


def test_activation_needs_json(app, clean_db) -> None:
    client = app.test_client()
    assert client.post("/api/player/activate", data="token=x").status_code == 415
    response = client.post("/api/player/activate", data="{", content_type="application/json")
    assert response.status_code == 400


def test_revocation_survives_reactivation(app, client, admin_headers) -> None:
    screen_id = make_screen(app)
    old = activate(app, new_token(client, admin_headers, screen_id)["token"]).get_json()["jwt"]
    assert client.post(f"/api/admin/screens/{screen_id}/revoke", headers=admin_headers).status_code == 204
    assert player_post(app, screen_id, old).status_code == 401

    new = activate(app, new_token(client, admin_headers, screen_id)["token"]).get_json()["jwt"]
    assert player_post(app, screen_id, new).status_code == 204
    assert player_post(app, screen_id, old).status_code == 401  # still dead


def test_reactivation_without_revocation_retires_the_old_token(app, client, admin_headers) -> None:
    screen_id = make_screen(app)
    old = activate(app, new_token(client, admin_headers, screen_id)["token"]).get_json()["jwt"]
    new = activate(app, new_token(client, admin_headers, screen_id)["token"]).get_json()["jwt"]
    assert player_post(app, screen_id, old).status_code == 401
    assert player_post(app, screen_id, new).status_code == 204


def test_player_guard(app, client, admin_headers) -> None:
    mine = make_screen(app, "Mine")
    other = make_screen(app, "Other")
    token = activate(app, new_token(client, admin_headers, mine)["token"]).get_json()["jwt"]
    assert player_post(app, mine, None).status_code == 401
    assert player_post(app, mine, "garbage").status_code == 401
    forged = jwt.encode({"sub": str(mine), "iat": 0}, "x" * 40, algorithm="HS256")
    assert player_post(app, mine, forged).status_code == 401
    response = player_post(app, other, token)
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert player_post(app, "abc", token).status_code == 403
    # Basic instead of Bearer is not a player token.
    basic = app.test_client().post(
        f"/api/player/{mine}/error", headers={"Authorization": f"Basic {token}"}, json={"type": "X"}
    )
    assert basic.status_code == 401
    # A validated body: unknown fields and wrong types are 422.
    bad = app.test_client().post(
        f"/api/player/{mine}/error", headers={"Authorization": f"Bearer {token}"}, json={"type": 3}
    )
    assert bad.status_code == 422


def test_every_player_route_is_guarded(app) -> None:
    # The anonymous ones are the contract's: activation (§5) and pairing by code (§12).
    anonymous = {"api_player.activate", "api_player.pairing_start", "api_player.pairing_poll"}
    assert UNGUARDED == anonymous
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/player/") and rule.endpoint not in anonymous:
            assert "<screen_id>" in rule.rule, rule.rule
    # A player route is reachable only with a token: the blueprint guard fails closed.
    assert app.test_client().post("/api/player/1/error", json={"type": "X"}).status_code == 401


def test_only_admin_creates_tokens_and_revokes(app, client, clean_db) -> None:
    screen_id = make_screen(app)
    make_user(app, "ed@example.com", "EDITOR")
    headers = {"X-CSRFToken": api_login(client, "ed@example.com")}
    assert client.post(f"/api/admin/screens/{screen_id}/activation-token", headers=headers).status_code == 403
    assert client.post(f"/api/admin/screens/{screen_id}/revoke", headers=headers).status_code == 403
    with app.app_context():
        assert db.session.get(Screen, screen_id).activation_token is None


def test_unknown_screens_are_404(app, client, admin_headers) -> None:
    for path in ("/api/admin/screens/999/activation-token", "/api/admin/screens/x/revoke"):
        assert client.post(path, headers=admin_headers).status_code == 404


def test_tokens_need_the_csrf_header(app, client, admin_headers) -> None:
    screen_id = make_screen(app)
    response = client.post(f"/api/admin/screens/{screen_id}/activation-token")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf_failed"


def test_a_reported_playback_error_goes_to_the_player_log(
    app, client, admin_headers, caplog, monkeypatch
) -> None:
    # The API reference names the `signage.player` log: operators filter on it. (Alembic's
    # logging set-up in an earlier test disables loggers that existed then.)
    monkeypatch.setattr(logging.getLogger("signage.player"), "disabled", False)
    screen_id = make_screen(app, "Lobby")
    token = activate(app, new_token(client, admin_headers, screen_id)["token"]).get_json()["jwt"]
    with caplog.at_level(logging.WARNING, logger="signage.player"):
        assert player_post(app, screen_id, token).status_code == 204
    [record] = [r for r in caplog.records if r.name == "signage.player"]
    assert f"screen={screen_id} type=MEDIA_LOAD" in record.getMessage()


def test_a_reported_error_cannot_forge_log_lines(app, client, admin_headers, caplog, monkeypatch) -> None:
    monkeypatch.setattr(logging.getLogger("signage.player"), "disabled", False)
    screen_id = make_screen(app, "Lobby")
    token = activate(app, new_token(client, admin_headers, screen_id)["token"]).get_json()["jwt"]
    forged = {"type": "MEDIA\nLOAD", "message": "404\n2026-11-30 INFO signage.auth: admin signed in\x1b[2J"}
    with caplog.at_level(logging.WARNING, logger="signage.player"):
        response = app.test_client().post(
            f"/api/player/{screen_id}/error", headers={"Authorization": f"Bearer {token}"}, json=forged
        )
        assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "signage.player"]
    message = record.getMessage()
    assert "\n" not in message and "\x1b" not in message
    assert "type=MEDIA\\nLOAD" in message and "404\\n2026-11-30 INFO signage.auth" in message
