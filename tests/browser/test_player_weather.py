"""A WEATHER zone in Chromium, its data from a loopback stand-in for OpenWeatherMap through the
server; the last good reading stays up when the server goes."""

from __future__ import annotations

import threading

from playwright.sync_api import expect

from tests.browser.player_support import api, open_kiosk, schedule_everywhere, upload
from tests.integration.test_player_weather import FakeOpenWeather
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import live_server, make_screen, make_user

ZONES = [
    {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 70, "height": 100},
    {"id": "weather", "type": "WEATHER", "x": 70, "y": 0, "width": 30, "height": 50,
     "styleJson": {"city": "Lyon", "units": "metric"}},
]  # fmt: skip


def test_the_weather_zone_shows_the_city_and_keeps_it_offline(app, clean_db, browser, database_url) -> None:
    from http.server import ThreadingHTTPServer

    owm = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenWeather)
    threading.Thread(target=owm.serve_forever, daemon=True).start()
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Entrance")
    url = f"http://127.0.0.1:{owm.server_port}/data/2.5/weather"
    try:
        with live_server(database_url, OPENWEATHER_API_KEY="k", OPENWEATHER_URL=url) as base:
            console = Console(base, "root@example.com")
            jwt = console.activate_screen(screen_id)
            red = upload(console, "Red", png(160, 90, "red"), "red.png")
            template = api(console, "POST", "/api/admin/templates", {"name": "W", "zones": ZONES})
            items = [{"mediaId": red, "zoneId": "main", "duration": 2}]
            body = {"name": "W", "templateId": template["id"], "items": items}
            playlist = api(console, "POST", "/api/admin/playlists", body)
            schedule_everywhere(console, screen_id, playlist["id"])
            context, page = open_kiosk(browser, base, screen_id, jwt)
            zone = page.locator('[data-zone="weather"]')
            expect(zone).to_be_visible()
            expect(zone).to_contain_text("22°C")  # 21.46 °C, rounded
            expect(zone).to_contain_text("Lyon · clear sky")
        try:
            expect(page.locator("body")).to_have_attribute("data-connection", "disconnected")
            page.wait_for_timeout(1500)
            expect(zone).to_contain_text("22°C")
        finally:
            context.close()
    finally:
        owm.shutdown()
