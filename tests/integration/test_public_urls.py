"""Absolute URLs follow PUBLIC_BASE_URL when it is set, never a forged Host header."""

from __future__ import annotations

import dataclasses

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from signage.media.urls import object_url
from tests.integration.test_activation import new_token
from tests.support import api_login, make_screen, make_user

FORGED = {"Host": "evil.example"}


@pytest.fixture
def admin_headers(app, client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    make_user(app, "root@example.com", "ADMIN")
    return {"X-CSRFToken": api_login(client, "root@example.com")}


def _public(app, monkeypatch, base: str | None) -> None:  # type: ignore[no-untyped-def]
    settings = dataclasses.replace(app.config["SIGNAGE"], public_base_url=base)
    monkeypatch.setitem(app.config, "SIGNAGE", settings)


def test_activation_links_ignore_the_host_header_when_public_base_url_is_set(
    app,
    client,
    admin_headers,
    monkeypatch,
) -> None:
    screen_id = make_screen(app)
    _public(app, monkeypatch, "https://signage.example.com")
    # The session cookie belongs to localhost: the forged name goes in X-Forwarded-Host, as a
    # proxy that passes the client's Host along would send it.
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_host=1))
    response = client.post(
        f"/api/admin/screens/{screen_id}/activation-token",
        headers={**admin_headers, "X-Forwarded-Host": "evil.example"},
    )
    assert response.status_code == 201, response.get_json()
    issued = response.get_json()
    assert issued["url"] == f"https://signage.example.com/player/activate?token={issued['token']}"


def test_without_it_links_use_the_address_the_admin_typed(app, client, admin_headers, monkeypatch) -> None:
    screen_id = make_screen(app)
    _public(app, monkeypatch, None)
    issued = new_token(client, admin_headers, screen_id)
    assert issued["url"].startswith("http://localhost/player/activate?token=")


def test_media_urls_follow_it_in_requests_and_in_jobs(app, monkeypatch) -> None:
    _public(app, monkeypatch, "https://signage.example.com")
    with app.test_request_context("/", headers=FORGED):
        assert object_url("m/ab/cd.png") == "https://signage.example.com/media/m/ab/cd.png"
    with app.app_context():  # a job: no request at all
        assert object_url("m/ab/cd.png") == "https://signage.example.com/media/m/ab/cd.png"
    _public(app, monkeypatch, None)
    with app.app_context():
        assert object_url("m/ab/cd.png") is None
