"""The server restarts under a playing screen: the page keeps playing and reconnects."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.player_support import api, open_kiosk, schedule_everywhere, upload
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import free_port, live_server, make_screen, make_user


def test_playback_survives_a_server_restart(app, clean_db, browser, database_url) -> None:
    port = free_port()
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Lobby")
    with live_server(database_url, port=port) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        media = [upload(console, name, png(160, 90, name.lower()), f"{name}.png") for name in ("Red", "Blue")]
        template = api(
            console,
            "POST",
            "/api/admin/templates",
            {
                "name": "Full",
                "zones": [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}],
            },
        )
        items = [{"mediaId": m, "zoneId": "main", "duration": 1} for m in media]
        playlist = api(
            console,
            "POST",
            "/api/admin/playlists",
            {"name": "L", "templateId": template["id"], "items": items},
        )
        schedule_everywhere(console, screen_id, playlist["id"])
        console.http.close()
        context, page = open_kiosk(browser, base, screen_id, jwt)
        expect(page.locator("body")).to_have_attribute("data-connection", "connected")
        page.wait_for_function("() => window.__seenMedia.length >= 2")
    try:
        # The server is down: the screen goes on showing its playlist from what it holds.
        expect(page.locator("body")).to_have_attribute("data-connection", "disconnected")
        before = page.evaluate("() => window.__seenMedia.length")
        page.wait_for_function("n => window.__seenMedia.length >= n + 2", arg=before)
        with live_server(database_url, port=port):
            expect(page.locator("body")).to_have_attribute("data-connection", "connected", timeout=30_000)
            after = page.evaluate("() => window.__seenMedia.length")
            page.wait_for_function("n => window.__seenMedia.length >= n + 2", arg=after)
    finally:
        context.close()
