"""HSTS over TLS only, and the console's browser permissions shut."""

from __future__ import annotations

from werkzeug.middleware.proxy_fix import ProxyFix


def test_hsts_only_when_served_over_tls(app, client) -> None:
    assert "Strict-Transport-Security" not in client.get("/admin/login").headers
    secure = client.get("/admin/login", base_url="https://signage.example.com")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert client.get("/healthz", base_url="https://signage.example.com").headers["Strict-Transport-Security"]


def test_hsts_behind_a_trusted_proxy_terminating_tls(app, client, monkeypatch) -> None:
    # Not trusted: a client's own X-Forwarded-Proto changes nothing.
    spoofed = client.get("/admin/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in spoofed.headers
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_proto=1))
    proxied = client.get("/admin/login", headers={"X-Forwarded-Proto": "https"})
    assert proxied.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_console_denies_camera_microphone_and_location(client) -> None:
    page = client.get("/admin/login")
    policy = page.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
