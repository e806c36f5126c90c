"""Every /api route's real answers against the models GET /api/openapi.json describes them
with (signage.schemas, named by each view's @answers): one scenario through the whole API, as
an ADMIN, a second user and a player, each success answer validated strictly against the
model of its status (an undocumented key, a wrong type or a missing one fails), and every
documented status of every route met at least once.

The weather and a data source's remote side are stand-ins on loopback (the internet is the
only thing mocked); mail goes to a real SMTP server on loopback.
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from pydantic import ValidationError

from signage.datasources import weather
from tests.mail_support import smtp_server
from tests.media_files import jpeg_rotated
from tests.support import api_login, free_port, make_user

DAY = date(2026, 11, 2)


class Remote(BaseHTTPRequestHandler):
    """OpenWeatherMap and a JSON feed, as far as the server can tell."""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/weather":
            city = parse_qs(url.query)["q"][0]
            body: Any = {
                "name": city,
                "main": {"temp": 21.46},
                "weather": [{"description": "sun", "icon": "01d"}],
            }
        else:
            body = {"items": [{"title": "Hello", "price": 3}]}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def remote() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Remote)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    weather._cache.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def api_app(app: Flask, clean_db: None, remote: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    port = free_port()
    with smtp_server(port):
        settings = replace(
            app.config["SIGNAGE"],
            mail_server="127.0.0.1",
            mail_port=port,
            mail_sender="signage@example.com",
            openweather_url=f"{remote}/weather",
            openweather_api_key="k",
            datasource_allow_private=True,
        )
        monkeypatch.setitem(app.config, "SIGNAGE", settings)
        yield app


class Checked:
    """A test client whose every answer is checked against the model its route declares."""

    def __init__(self, app: Flask, seen: set[tuple[str, int]], headers: dict[str, str] | None = None) -> None:
        self.app, self.seen, self.http = app, seen, app.test_client()
        self.headers = dict(headers or {})

    def call(self, method: str, path: str, status: int, **kwargs: Any) -> Any:
        response = self.http.open(path, method=method, headers=self.headers, **kwargs)
        body = response.get_data()
        assert response.status_code == status, (method, path, response.status_code, body[:500])
        endpoint, _ = self.app.url_map.bind("localhost").match(urlsplit(path).path, method)
        declared = getattr(self.app.view_functions[endpoint], "answer_models", {})
        assert status in declared, f"{endpoint} answered {status}, which it does not document"
        model, files = declared[status]
        if response.mimetype != "application/json" and files:
            assert response.mimetype in files, (endpoint, response.mimetype)
        elif model is None:
            assert body == b"", (endpoint, body[:200])
        else:
            assert response.mimetype == "application/json", (endpoint, response.mimetype)
            try:
                model.model_validate_json(body, strict=True)
            except ValidationError as exc:
                pytest.fail(
                    f"{method} {path} ({endpoint}) does not match {model.__name__}:\n{exc}\n{body[:800]!r}"
                )
        self.seen.add((endpoint, status))
        return response.get_json(silent=True)

    def get(self, path: str, status: int = 200, **kwargs: Any) -> Any:
        return self.call("GET", path, status, **kwargs)

    def post(self, path: str, status: int = 200, **kwargs: Any) -> Any:
        return self.call("POST", path, status, **kwargs)

    def put(self, path: str, status: int = 200, **kwargs: Any) -> Any:
        return self.call("PUT", path, status, **kwargs)

    def delete(self, path: str, status: int = 204, **kwargs: Any) -> Any:
        return self.call("DELETE", path, status, **kwargs)


def _documented(app: Flask) -> set[tuple[str, int]]:
    documented = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and not rule.endpoint.startswith("api_docs."):
            view = app.view_functions[rule.endpoint]
            declared = getattr(view, "answer_models", {})
            assert declared, f"{rule.endpoint} documents no answer"
            documented |= {(rule.endpoint, status) for status in declared}
    return documented


def _session(app: Flask, seen: set[tuple[str, int]], email: str) -> Checked:
    client = Checked(app, seen)
    client.headers["X-CSRFToken"] = api_login(client.http, email)
    return client


def _seed_rows(app: Flask, screen_id: int, media_id: int, playlist_id: int) -> None:
    """What a day of playing leaves: the rollups the reports read, and a screenshot."""
    from signage.extensions import db
    from signage.media.keys import screenshot_key
    from signage.media.storage import get_storage
    from signage.models import PlayDay, ScreenDay, ScreenScreenshot

    taken = datetime.now(UTC).replace(microsecond=0)
    key = screenshot_key(screen_id, taken)
    with app.app_context(), tempfile.NamedTemporaryFile(suffix=".jpg") as tmp:
        Path(tmp.name).write_bytes(jpeg_rotated())
        get_storage(app).put_file(key, Path(tmp.name), "image/jpeg")
        db.session.add(ScreenScreenshot(screen_id=screen_id, s3_key=key, taken_at=taken, width=80, height=40))
        db.session.add(
            ScreenDay(screen_id=screen_id, day=DAY, zone="UTC", length_seconds=86400, online_seconds=43200.0)
        )
        db.session.add(
            PlayDay(
                day=DAY, screen_id=screen_id, media_id=media_id, playlist_id=playlist_id, plays=3, seconds=30
            )
        )
        db.session.commit()


def test_every_route_answers_what_its_model_says(api_app: Flask, remote: str) -> None:
    from signage.auth import password_reset
    from signage.extensions import db
    from signage.models import DataSource, User

    app = api_app
    seen: set[tuple[str, int]] = set()
    make_user(app, "root@example.com", "ADMIN")
    admin = _session(app, seen, "root@example.com")
    admin.get("/api/auth/me")

    # The fleet.
    site = admin.post(
        "/api/admin/sites", 201, json={"name": "Lyon", "timezone": "Europe/Paris", "city": "Lyon"}
    )
    admin.get("/api/admin/sites")
    admin.get(f"/api/admin/sites/{site['id']}")
    admin.put(f"/api/admin/sites/{site['id']}", json={"contactName": "Ana"})
    group = admin.post("/api/admin/groups", 201, json={"name": "Hall", "siteId": site["id"]})
    admin.get("/api/admin/groups")
    admin.get(f"/api/admin/groups/{group['id']}")
    admin.put(f"/api/admin/groups/{group['id']}", json={"screenshotIntervalMinutes": 30})
    screen = admin.post("/api/admin/screens", 201, json={"name": "Vitrine", "siteId": site["id"]})
    sid = screen["id"]
    admin.get("/api/admin/screens")
    admin.get(f"/api/admin/screens/{sid}")
    admin.put(f"/api/admin/screens/{sid}", json={"groupId": group["id"]})
    activation = admin.post(f"/api/admin/screens/{sid}/activation-token", 201)

    # The player activates, then plays.
    kiosk = Checked(app, seen)
    activated = kiosk.post("/api/player/activate", json={"token": activation["token"]})
    player = Checked(app, seen, {"Authorization": f"Bearer {activated['jwt']}"})

    # Content.
    source = admin.post(
        "/api/admin/datasources",
        201,
        json={"name": "Prices", "type": "JSON_URL", "config": {"url": f"{remote}/data.json"}},
    )
    admin.get("/api/admin/datasources")
    admin.put(f"/api/admin/datasources/{source['id']}", json={"refreshInterval": 600})
    admin.post(f"/api/admin/datasources/{source['id']}/refresh")
    admin.get(f"/api/admin/datasources/{source['id']}")
    with app.app_context():
        assert db.session.get(DataSource, int(source["id"])).last_data is not None
    zones = [
        {"id": "main", "name": "Main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 80},
        {"id": "data", "name": "Data", "type": "DATASET", "x": 0, "y": 80, "width": 100, "height": 20},
    ]
    template = admin.post("/api/admin/templates", 201, json={"name": "Split", "zones": zones})
    admin.get("/api/admin/templates")
    admin.get(f"/api/admin/templates/{template['id']}")
    admin.put(f"/api/admin/templates/{template['id']}", json={"description": "Two zones"})
    page = admin.post("/api/admin/medias", 201, json={"type": "WEBPAGE", "url": "https://example.invalid/"})
    dataset = admin.post("/api/admin/medias", 201, json={"type": "DATASET", "dataSourceId": source["id"]})
    admin.get("/api/admin/medias")
    admin.get(f"/api/admin/medias/{page['id']}")
    admin.put(f"/api/admin/medias/{page['id']}", json={"tags": ["promo"]})
    playlist = admin.post(
        "/api/admin/playlists",
        201,
        json={
            "name": "Loop",
            "templateId": template["id"],
            "items": [
                {"mediaId": page["id"], "zoneId": "main", "duration": 10},
                {"mediaId": dataset["id"], "zoneId": "data"},
            ],
        },
    )
    admin.get("/api/admin/playlists")
    admin.get(f"/api/admin/playlists/{playlist['id']}")
    admin.put(f"/api/admin/playlists/{playlist['id']}", json={"description": "All day"})
    schedule = admin.post(
        "/api/admin/schedules",
        201,
        json={"name": "Always", "targetType": "SCREEN", "targetId": sid, "playlistId": playlist["id"]},
    )
    twin = admin.post(
        "/api/admin/schedules",
        201,
        json={"name": "Twin", "targetType": "SCREEN", "targetId": sid, "playlistId": playlist["id"]},
    )  # an overlap: its answer carries a warning
    admin.get("/api/admin/schedules")
    admin.get(f"/api/admin/schedules/{schedule['id']}")
    admin.put(f"/api/admin/schedules/{schedule['id']}", json={"priority": 5})
    admin.get(f"/api/admin/screens/{sid}/preview")
    alert = admin.post(
        "/api/admin/alerts", 201, json={"title": "Fire drill", "content": "At 3 pm", "targetType": "ALL"}
    )
    admin.get("/api/admin/alerts")
    admin.get(f"/api/admin/alerts/{alert['id']}")
    admin.put(f"/api/admin/alerts/{alert['id']}", json={"content": "At 4 pm"})
    admin.put(f"/api/admin/alerts/{alert['id']}/deactivate")
    admin.put(f"/api/admin/alerts/{alert['id']}/activate")

    # The player's side.
    played_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    schedule_answer = player.get(f"/api/player/{sid}/schedule")
    assert schedule_answer["playlist"] and schedule_answer["alerts"]
    player.get(f"/api/player/{sid}/playlist/{playlist['id']}")
    player.get(f"/api/player/{sid}/datasource/{source['id']}")
    player.get(f"/api/player/{sid}/weather?city=Lyon")
    player.post(
        f"/api/player/{sid}/heartbeat",
        204,
        json={"currentPlaylistId": playlist["id"], "uptime": 60, "resolution": "1920x1080"},
    )
    player.post(
        f"/api/player/{sid}/error", 204, json={"type": "MEDIA_LOAD", "message": "404", "mediaId": page["id"]}
    )
    plays = [
        {
            "id": "play-1",
            "mediaId": page["id"],
            "playlistId": playlist["id"],
            "playedAt": played_at.isoformat().replace("+00:00", "Z"),
            "durationSeconds": 10,
        },
        {"id": "play-2", "mediaId": page["id"], "playlistId": playlist["id"], "playedAt": "yesterday"},
    ]
    received = player.post(f"/api/player/{sid}/proof_of_play", json=plays)
    assert received["accepted"] == 1 and received["rejected"]

    # Commands, screenshots, reports.
    admin.post(f"/api/admin/screens/{sid}/command", 202, json={"command": "RELOAD"})
    admin.get(f"/api/admin/screens/{sid}/commands")
    _seed_rows(app, int(sid), int(page["id"]), int(playlist["id"]))
    shots = admin.get(f"/api/admin/screens/{sid}/screenshots")
    admin.get(f"/api/admin/screens/{sid}/screenshots/{shots['items'][0]['id']}/image")
    assert admin.get("/api/admin/reports/proof_of_play")["items"]
    admin.get("/api/admin/reports/proof_of_play?format=csv")
    admin.get("/api/admin/reports/proof_of_play?format=xlsx")
    assert admin.get("/api/admin/reports/uptime")["items"]
    period = f"from={DAY.isoformat()}&to={DAY.isoformat()}"
    assert admin.get(f"/api/admin/reports/availability?{period}")["screens"]
    admin.get(f"/api/admin/reports/availability?{period}&format=csv")
    assert admin.get(f"/api/admin/reports/plays-by-day?{period}")["topMedia"]
    admin.get(f"/api/admin/reports/plays-by-day?{period}&format=xlsx")
    admin.get("/api/admin/player-errors")
    assert admin.get("/api/admin/audit")["items"]

    # People: users, their sessions, tokens, passwords.
    editor = admin.post(
        "/api/admin/users",
        201,
        json={"email": "ed@example.com", "password": "long-enough-1", "role": "EDITOR"},
    )
    admin.get("/api/admin/users")
    admin.get(f"/api/admin/users/{editor['id']}")
    admin.put(f"/api/admin/users/{editor['id']}", json={"name": "Ed"})
    admin.post(f"/api/admin/users/{editor['id']}/unlock")
    admin.post(f"/api/admin/users/{editor['id']}/password-reset", 202)
    ed = Checked(app, seen)
    ed.post("/api/auth/login", json={"email": "ed@example.com", "password": "long-enough-1"})
    sessions = admin.get(f"/api/admin/users/{editor['id']}/sessions")
    admin.delete(f"/api/admin/users/{editor['id']}/sessions/{sessions['items'][0]['id']}")
    admin.delete(f"/api/admin/users/{editor['id']}/sessions", 200)
    token = admin.post("/api/admin/tokens", 201, json={"name": "Script"})
    admin.get("/api/admin/tokens")
    admin.delete(f"/api/admin/tokens/{token['id']}")
    kiosk.post("/api/auth/forgot-password", 202, json={"email": "ed@example.com"})
    with app.app_context():
        user = db.session.get(User, int(editor["id"]))
        reset = password_reset.reset_token(user, app.config["SECRET_KEY"])
    kiosk.post("/api/auth/reset-password", json={"token": reset, "password": "another-long-one-2"})

    # Pairing a second screen by its code, then revoking the first.
    other = admin.post("/api/admin/screens", 201, json={"name": "Caisse", "siteId": site["id"]})
    started = kiosk.post("/api/player/pairings", 201)
    poll = Checked(app, seen, {"Authorization": f"Bearer {started['pollToken']}"})
    poll.get(f"/api/player/pairings/{started['pairingId']}", 202)
    admin.post(f"/api/admin/screens/{other['id']}/pair", json={"code": started["code"]})
    poll.get(f"/api/player/pairings/{started['pairingId']}")
    admin.post(f"/api/admin/screens/{sid}/revoke", 204)

    # Everything goes.
    admin.delete(f"/api/admin/alerts/{alert['id']}")
    admin.delete(f"/api/admin/schedules/{schedule['id']}")
    admin.delete(f"/api/admin/schedules/{twin['id']}")
    admin.delete(f"/api/admin/playlists/{playlist['id']}")
    admin.delete(f"/api/admin/templates/{template['id']}")
    admin.delete(f"/api/admin/medias/{page['id']}")
    admin.delete(f"/api/admin/medias/{dataset['id']}")
    admin.delete(f"/api/admin/datasources/{source['id']}")
    admin.delete(f"/api/admin/screens/{other['id']}")
    admin.delete(f"/api/admin/screens/{sid}")
    admin.delete(f"/api/admin/groups/{group['id']}")
    admin.delete(f"/api/admin/sites/{site['id']}")
    admin.delete(f"/api/admin/users/{editor['id']}")
    admin.post("/api/auth/logout", 204)

    assert _documented(app) - seen == set()
