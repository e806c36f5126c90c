"""The playlist page's preview in Chromium: the player's render code plays the saved playlist
in a frame, item after item, and leaves nothing behind (no play recorded, no Service Worker,
no IndexedDB)."""

from __future__ import annotations

import re
import threading
from http.server import ThreadingHTTPServer

from playwright.sync_api import Page, expect

from signage.datasources.sources import refresh_source
from signage.extensions import db
from signage.models import ProofOfPlay
from tests.browser.player_support import api, upload
from tests.browser.test_console import sign_in
from tests.datasource_support import allow_private, feed_server
from tests.integration.test_player_weather import CALLS, FakeOpenWeather
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import live_server, make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]


def centre_colour(page: Page, frame_selector: str) -> tuple[int, int, int]:
    from io import BytesIO

    from PIL import Image

    shot = Image.open(BytesIO(page.locator(frame_selector).screenshot())).convert("RGB")
    return shot.getpixel((shot.width // 2, shot.height // 2))  # type: ignore[return-value]


def test_the_preview_plays_the_items_in_turn_and_records_nothing(app, page: Page, console) -> None:
    red, green = (upload(console, c, png(160, 90, c.lower()), f"{c}.png") for c in ("Red", "Green"))
    template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
    items = [{"mediaId": m, "zoneId": "main", "duration": 2} for m in (red, green)]
    body = {"name": "Shop", "templateId": template["id"], "transition": "NONE", "items": items}
    playlist = api(console, "POST", "/api/admin/playlists", body)

    make_user(app, "viewer@example.com", "VIEWER")  # reading is enough
    sign_in(page, "viewer@example.com")
    page.goto(f"/admin/playlists/{playlist['id']}")
    frame_el = page.get_by_test_id("preview-frame")
    expect(frame_el).to_be_visible()
    expect(frame_el).not_to_have_attribute("src", re.compile(".+"))  # nothing loads until asked
    page.get_by_role("button", name="Play the preview").click()
    box = frame_el.bounding_box()
    assert box and abs(box["width"] / box["height"] - 16 / 9) < 0.02, box  # a landscape screen, smaller

    preview = page.frame_locator("[data-testid=preview-frame]")
    stage = preview.locator("body")
    expect(stage).to_have_attribute("data-media", "Red")
    expect(stage).to_have_attribute("data-state", "playing")
    shown = preview.locator(".layer:not([style*='hidden']) img")
    expect(shown).to_have_attribute("src", api(console, "GET", f"/api/admin/medias/{red}")["url"])
    assert centre_colour(page, "[data-testid=preview-frame]") == (255, 0, 0)
    expect(stage).to_have_attribute("data-media", "Green", timeout=6_000)  # after Red's 2 s
    page.wait_for_timeout(300)
    assert centre_colour(page, "[data-testid=preview-frame]") == (0, 128, 0)
    expect(stage).to_have_attribute("data-media", "Red", timeout=6_000)  # and round again

    frame = next(f for f in page.frames if f.url.endswith(f"/admin/playlists/{playlist['id']}/preview"))
    assert frame.evaluate("() => navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    assert frame.evaluate("() => indexedDB.databases().then((d) => d.map((x) => x.name))") == []
    assert stage.get_attribute("data-reports") is None  # nothing went wrong either
    with app.app_context():
        assert db.session.query(ProofOfPlay).count() == 0

    # Restart loads the frame again, which starts from the first item.
    expect(stage).to_have_attribute("data-media", "Green", timeout=6_000)
    frame.evaluate("() => { window.__before = true; }")
    page.get_by_role("button", name="Restart the preview").click()
    page.wait_for_function(
        "() => { const w = document.querySelector('[data-testid=preview-frame]').contentWindow;"
        " return !w.__before && w.document.body && w.document.body.dataset.media === 'Red'; }"
    )

    # Once started, it starts again by itself when the page reloads (after a save).
    page.reload()
    expect(page.get_by_role("button", name="Restart the preview")).to_be_visible()
    expect(stage).to_have_attribute("data-media", "Red")


def test_a_stranger_is_sent_to_sign_in(app, page: Page, console) -> None:
    template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
    playlist = api(console, "POST", "/api/admin/playlists", {"name": "Shop", "templateId": template["id"]})
    page.goto(f"/admin/playlists/{playlist['id']}/preview")
    expect(page).to_have_url(f"/admin/login?next=/admin/playlists/{playlist['id']}/preview")


def test_a_json_source_ticker_shows_its_mapped_titles_in_the_preview(
    app, page: Page, console, monkeypatch
) -> None:
    # Issue 16: the preview has no screen token, so it reads the source through its own route.
    allow_private(app, monkeypatch)
    menu = [{"dish": "Lasagne", "about": "Fresh pasta"}, {"dish": "Soup", "about": "Leeks"}]
    with feed_server() as feeds:
        url = feeds.route("/menu.json", menu, Content_Type="application/json")
        source = api(
            console,
            "POST",
            "/api/admin/datasources",
            {"name": "Menu", "type": "JSON_URL", "config": {"url": url}},
        )
        # Fetched in this process: the live server refuses loopback feeds.
        with app.app_context():
            assert refresh_source(int(source["id"])).last_error is None
    fields = {"title": "dish", "text": "about", "image": None}
    api(console, "PUT", f"/api/admin/datasources/{source['id']}", {"fields": fields})
    dataset = api(
        console,
        "POST",
        "/api/admin/medias",
        {"type": "DATASET", "name": "Menu", "dataSourceId": source["id"]},
    )
    zones = [
        {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 80},
        {"id": "ticker", "type": "TICKER", "x": 0, "y": 80, "width": 100, "height": 20},
    ]
    template = api(console, "POST", "/api/admin/templates", {"name": "Ticker", "zones": zones})
    items = [{"mediaId": dataset["id"], "zoneId": "ticker"}]
    body = {"name": "Menu", "templateId": template["id"], "items": items}
    playlist = api(console, "POST", "/api/admin/playlists", body)

    make_user(app, "viewer@example.com", "VIEWER")
    sign_in(page, "viewer@example.com")
    page.goto(f"/admin/playlists/{playlist['id']}")
    page.get_by_role("button", name="Play the preview").click()
    preview = page.frame_locator("[data-testid=preview-frame]")
    track = preview.locator("[data-zone=ticker] .ticker-track")
    expect(track).to_have_text("Lasagne — Fresh pasta   •   Soup — Leeks")
    expect(track.locator(".ticker-title")).to_have_text(["Lasagne", "Soup"])
    expect(preview.locator("body")).not_to_have_attribute("data-reports", re.compile(".*"))
    with app.app_context():
        assert db.session.query(ProofOfPlay).count() == 0


def test_a_weather_zone_shows_the_weather_in_the_preview(app, clean_db, browser, database_url) -> None:
    # Through the server (its key, its cache) from a loopback stand-in for OpenWeatherMap.
    owm = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenWeather)
    threading.Thread(target=owm.serve_forever, daemon=True).start()
    CALLS.clear()
    make_user(app, "root@example.com", "ADMIN")
    zones = [
        {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 70, "height": 100},
        {"id": "sky", "type": "WEATHER", "x": 70, "y": 0, "width": 30, "height": 50,
         "styleJson": {"city": "Saint-Étienne", "units": "imperial"}},
    ]  # fmt: skip
    url = f"http://127.0.0.1:{owm.server_port}/data/2.5/weather"
    try:
        with live_server(database_url, OPENWEATHER_API_KEY="k", OPENWEATHER_URL=url) as base:
            console = Console(base, "root@example.com")
            red = upload(console, "Red", png(160, 90, "red"), "red.png")
            template = api(console, "POST", "/api/admin/templates", {"name": "W", "zones": zones})
            items = [{"mediaId": red, "zoneId": "main", "duration": 2}]
            playlist = api(
                console,
                "POST",
                "/api/admin/playlists",
                {"name": "W", "templateId": template["id"], "items": items},
            )
            console.http.close()
            context = browser.new_context(base_url=base)
            try:
                page = context.new_page()
                sign_in(page, "root@example.com")
                page.goto(f"/admin/playlists/{playlist['id']}")
                page.get_by_role("button", name="Play the preview").click()
                zone = page.frame_locator("[data-testid=preview-frame]").locator('[data-zone="sky"]')
                expect(zone).to_contain_text("22°F")  # 21.46 from the stand-in, rounded
                expect(zone).to_contain_text("Saint-Étienne · clear sky")
            finally:
                context.close()
    finally:
        owm.shutdown()
    assert len(CALLS) == 1 and CALLS[0]["q"] == ["Saint-Étienne"] and CALLS[0]["units"] == ["imperial"]
