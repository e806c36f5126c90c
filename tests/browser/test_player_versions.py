"""A new version of the playlist on screen takes over only once its media are stored: until
then the old version plays on (PLAYER.md, "switch versions atomically")."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.browser.player_support import api, kiosk_scripts, schedule_everywhere, upload, wait_until
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import live_server, make_screen, make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]
STORED = "url => caches.open('signage-media-v1').then((c) => c.match(url)).then(Boolean)"


def _playing(app, screen_id: int) -> int | None:  # type: ignore[no-untyped-def]
    from signage.extensions import db
    from signage.models import Screen

    with app.app_context():
        return db.session.get(Screen, screen_id).current_playlist_id


def test_a_new_version_waits_for_its_media_while_the_old_one_plays(
    app, clean_db, browser, database_url
) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Wall")
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        red, green, blue = (
            upload(console, c, png(160, 90, c.lower()), f"{c}.png") for c in ("Red", "Green", "Blue")
        )
        blue_url = api(console, "GET", f"/api/admin/medias/{blue}")["url"]
        template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
        items = [{"mediaId": m, "zoneId": "main", "duration": 1} for m in (red, green)]
        body = {"name": "V", "templateId": template["id"], "transition": "NONE", "items": items}
        playlist = api(console, "POST", "/api/admin/playlists", body)
        schedule_everywhere(console, screen_id, playlist["id"])
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 720})
        kiosk_scripts(context, screen_id, jwt)
        # Blue's download fails until the test lets it through (a flaky link to the server).
        blocked = {"on": True}
        context.route(blue_url, lambda route: route.abort() if blocked["on"] else route.continue_())
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            page.goto(f"/player/{screen_id}")
            expect(page.locator("body")).to_have_attribute("data-version", "1")
            # The server tells the screens playing it (as their heartbeats say) to reload it.
            deadline = time.monotonic() + 20
            while _playing(app, screen_id) != int(playlist["id"]):
                assert time.monotonic() < deadline, "no heartbeat named the playlist"
                time.sleep(0.2)
            version = playlist["version"]
            items.append({"mediaId": blue, "zoneId": "main", "duration": 1})
            changed = api(console, "PUT", f"/api/admin/playlists/{playlist['id']}", {**body, "items": items})
            assert changed["version"] == version + 1
            # The new version is known, its Blue not stored: the old one plays on, whole.
            expect(page.locator("body")).to_have_attribute("data-pending-version", str(version + 1))
            page.wait_for_timeout(3000)
            assert page.locator("body").get_attribute("data-version") == str(version)
            seen = page.evaluate("() => window.__seenMedia.map((m) => m.name)")
            assert "Blue" not in seen and {"Red", "Green"} <= set(seen), seen
            # Blue arrives (the cache's retry): the new version takes over, Blue stored first.
            blocked["on"] = False
            expect(page.locator("body")).to_have_attribute("data-version", str(version + 1), timeout=30_000)
            assert wait_until(page, STORED, blue_url, timeout=1)
            assert page.locator("body").get_attribute("data-pending-version") is None
            page.wait_for_function("() => window.__seenMedia.some((m) => m.name === 'Blue')")
        finally:
            context.close()
