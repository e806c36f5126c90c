"""GET /api/player/{id}/weather against a stand-in for OpenWeatherMap on loopback (the real
service is on the internet): the key stays on the server, one call per city per 10 minutes."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from signage.datasources import weather
from signage.factory import create_app
from tests.support import make_screen, settings_for

CALLS: list[dict[str, list[str]]] = []


class FakeOpenWeather(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        CALLS.append(query)
        if query.get("q") == ["Atlantis"]:
            self.send_response(404)
            self.end_headers()
            self.wfile.write(b'{"cod": "404"}')
            return
        body = {
            "name": query["q"][0],
            "main": {"temp": 21.46},
            "weather": [{"description": "clear sky", "icon": "01d"}],
        }
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def owm() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenWeather)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    CALLS.clear()
    weather._cache.clear()
    yield f"http://127.0.0.1:{server.server_port}/data/2.5/weather"
    server.shutdown()


def jwt_for(app, screen_id: int) -> str:  # type: ignore[no-untyped-def]
    from signage.extensions import db
    from signage.fleet.identity import activate, new_activation_token
    from signage.models import Screen

    with app.app_context():
        token = new_activation_token(db.session.get(Screen, screen_id), datetime.now(UTC))
        return activate(token, app.config["SIGNAGE"].player_jwt_secret, datetime.now(UTC)).jwt


def test_weather_is_fetched_once_per_city_and_never_shows_the_key(app, clean_db, database_url, owm) -> None:
    with_key = create_app(settings_for(database_url, OPENWEATHER_API_KEY="secret-key", OPENWEATHER_URL=owm))
    screen_id = make_screen(with_key)
    headers = {"Authorization": f"Bearer {jwt_for(with_key, screen_id)}"}
    client = with_key.test_client()
    for _ in range(3):
        response = client.get(f"/api/player/{screen_id}/weather?city=Paris", headers=headers)
        assert response.status_code == 200
        assert response.get_json() == {
            "city": "Paris",
            "temperature": 21.5,
            "description": "clear sky",
            "icon": "01d",
        }
        assert "secret-key" not in response.get_data(as_text=True)
    assert len(CALLS) == 1 and CALLS[0]["appid"] == ["secret-key"] and CALLS[0]["units"] == ["metric"]
    assert CALLS[0]["lang"] == ["fr"]  # the site's language: the description is French
    client.get(f"/api/player/{screen_id}/weather?city=Lyon&units=imperial", headers=headers)
    assert len(CALLS) == 2
    unknown = client.get(f"/api/player/{screen_id}/weather?city=Atlantis", headers=headers)
    assert unknown.status_code == 503 and unknown.get_json()["error"]["code"] == "weather_unavailable"
    assert client.get(f"/api/player/{screen_id}/weather", headers=headers).status_code == 422
    assert (
        client.get(f"/api/player/{screen_id}/weather?city=Paris&units=kelvin", headers=headers).status_code
        == 422
    )
    assert client.get(f"/api/player/{screen_id}/weather?city=Paris").status_code == 401

    # An English site's screens get an English description (its own cache entry).
    from signage.extensions import db
    from signage.models import Screen

    with with_key.app_context():
        db.session.get(Screen, screen_id).site.locale = "en"
        db.session.commit()
    calls = len(CALLS)
    assert client.get(f"/api/player/{screen_id}/weather?city=Paris", headers=headers).status_code == 200
    assert len(CALLS) == calls + 1 and CALLS[-1]["lang"] == ["en"]


def test_without_a_key_the_weather_is_unavailable(app, clean_db, owm) -> None:
    screen_id = make_screen(app)
    headers = {"Authorization": f"Bearer {jwt_for(app, screen_id)}"}
    response = app.test_client().get(f"/api/player/{screen_id}/weather?city=Paris", headers=headers)
    assert response.status_code == 503 and CALLS == []
