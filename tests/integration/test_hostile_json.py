"""No JSON body makes any endpoint answer 500: every unsafe /api route, signed in (ADMIN with
CSRF) or as a player (JWT), gets 100 KB of `[` and a document nested just past the limit;
chunked bodies over the limit get 413 like announced ones."""

from __future__ import annotations

import io
import re

import pytest

from tests.scheduling_support import player_jwt
from tests.support import api_login, make_screen, make_user

DEEP = b"[" * 100_000
JUST_TOO_DEEP = b'{"name":' * 65 + b'"x"' + b"}" * 65


def _unsafe_api_routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.rule == "/api/auth/logout":
            continue  # logout takes no body, and would end the session the loop uses
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "1", rule.rule)
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH"}):
            routes.append((method, path))
    return routes


@pytest.fixture
def callers(app, client):  # type: ignore[no-untyped-def]
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app)
    admin = app.test_client()
    csrf = api_login(admin, "root@example.com")
    return {
        "admin": (admin, {"X-CSRFToken": csrf}),
        "player": (client, {"Authorization": f"Bearer {player_jwt(app, screen_id)}"}),
        "anonymous": (app.test_client(), {}),
    }


def test_no_json_body_makes_any_endpoint_fail_with_500(app, callers) -> None:  # type: ignore[no-untyped-def]
    routes = _unsafe_api_routes(app)
    assert len(routes) >= 20  # the whole API, not a handful
    parsed_somewhere = 0
    for method, path in routes:
        who = "player" if path.startswith("/api/player/") else "admin"
        if path in ("/api/auth/login", "/api/player/activate"):
            who = "anonymous"
        http, headers = callers[who]
        for body in (DEEP, JUST_TOO_DEEP):
            kind = "application/json"
            response = http.open(path, method=method, data=body, headers=headers, content_type=kind)
            assert response.status_code < 500, (method, path, response.status_code, response.get_data()[:300])
            if response.status_code == 400:
                error = response.get_json()["error"]
                parsed_somewhere += 1
                assert error["code"] in {"malformed_json", "malformed_body"}, (method, path, error)
    assert parsed_somewhere >= 20


def test_a_deep_body_is_named_as_such(app, callers) -> None:  # type: ignore[no-untyped-def]
    http, headers = callers["anonymous"]
    response = http.post("/api/auth/login", data=DEEP, headers=headers, content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["message"]) == ("malformed_json", "The JSON nests more than 64 levels deep.")


def test_a_chunked_body_over_the_limit_is_413(app, callers) -> None:  # type: ignore[no-untyped-def]
    limit = app.config["SIGNAGE"].json_max_bytes
    http, headers = callers["admin"]
    body = b'{"name": "' + b"x" * (limit + 1024) + b'"}'
    # As a chunked upload arrives from gunicorn: no Content-Length, the input terminated.
    response = http.post(
        "/api/admin/sites",
        input_stream=io.BytesIO(body),
        headers={**headers, "Transfer-Encoding": "chunked", "Content-Type": "application/json"},
        environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True},
    )
    assert response.status_code == 413, response.get_data()[:300]
    assert response.get_json()["error"]["code"] == "payload_too_large"
