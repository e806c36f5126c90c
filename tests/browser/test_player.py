"""The player in Chromium against the live gevent server: playback order and durations,
zone geometry, failures, commands, alerts."""

from __future__ import annotations

import base64
import io
import re
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from signage.config import bundled_player_version
from tests.browser.player_support import api, open_kiosk, schedule_everywhere, spy_on_socket, upload
from tests.content_support import make_media
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import make_screen

SIDE = [
    {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 75, "height": 100},
    {"id": "clock", "type": "CLOCK", "x": 75, "y": 0, "width": 25, "height": 40,
     "backgroundColor": "#0f172a"},
    {"id": "ticker", "type": "TICKER", "x": 75, "y": 40, "width": 25, "height": 60,
     "styleJson": {"text": "Welcome to the lobby", "speed": 60}},
]  # fmt: skip


@pytest.fixture
def screen(app, console):  # type: ignore[no-untyped-def]
    screen_id = make_screen(app, "Lobby", timezone="Europe/Paris")
    return screen_id, console.activate_screen(screen_id)


def playlist_of(console: Console, media_ids: list[str], zones=SIDE, duration: int = 1) -> dict:  # type: ignore[no-untyped-def]
    template = api(console, "POST", "/api/admin/templates", {"name": "Side", "zones": zones})
    items = [{"mediaId": m, "zoneId": "main", "duration": duration} for m in media_ids]
    return api(
        console,
        "POST",
        "/api/admin/playlists",
        {"name": "Loop", "templateId": template["id"], "transition": "FADE", "items": items},
    )


def colours(console: Console, *names: str) -> list[str]:
    # Each name is also its colour, except "Good" (grey).
    paint = {"Good": "grey"}
    return [upload(console, n, png(320, 180, paint.get(n, n.lower())), f"{n}.png") for n in names]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_items_play_in_order_in_zones_placed_by_the_template(
    browser, console, screen, live_url, width, height
) -> None:
    screen_id, jwt = screen
    playlist = playlist_of(console, colours(console, "Red", "Green", "Blue"))
    schedule_everywhere(console, screen_id, playlist["id"])
    context, page = open_kiosk(browser, live_url, screen_id, jwt, width, height)
    try:
        expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist["id"])
        page.wait_for_function("() => window.__seenMedia.length >= 5", timeout=20_000)
        seen = page.evaluate("() => window.__seenMedia")
        names = [entry["name"] for entry in seen]
        start = names.index("Red")
        assert names[start : start + 4] == ["Red", "Green", "Blue", "Red"], names
        gaps = [
            (b["at"] - a["at"]) / 1000
            for a, b in zip(seen[start:], seen[start + 1 : start + 4], strict=False)
        ]
        assert all(0.8 <= gap <= 1.8 for gap in gaps), gaps  # 1 s items, on deadlines
        for zone, (x, y, w, h) in {"main": (0, 0, 75, 100), "clock": (75, 0, 25, 40)}.items():
            box = page.locator(f"[data-zone={zone}]").bounding_box()
            expected = (x * width / 100, y * height / 100, w * width / 100, h * height / 100)
            actual = (box["x"], box["y"], box["width"], box["height"])
            assert all(abs(a - e) <= 1 for a, e in zip(actual, expected, strict=True)), (
                zone,
                actual,
                expected,
            )
        expect(page.locator("[data-zone=clock] .clock-time")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        expect(page.locator("[data-zone=ticker] .ticker-track")).to_have_text("Welcome to the lobby")
        assert page.evaluate("() => getComputedStyle(document.body).cursor") == "none"
    finally:
        context.close()


def test_a_broken_item_is_skipped_and_reported_and_all_broken_shows_the_fallback(
    app, browser, console, screen, live_url
) -> None:
    screen_id, jwt = screen
    (good,) = colours(console, "Good")
    missing = str(make_media(app, "Missing", s3_key="m/" + "a" * 32 + "/" + "b" * 32 + ".png"))
    playlist = playlist_of(console, [good, missing])
    schedule_everywhere(console, screen_id, playlist["id"])
    context, page = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        spy_on_socket(page)
        page.wait_for_function(
            "id => window.__sent.some(([e, b]) => e === 'screen:error' && b.mediaId === id)", arg=missing
        )
        # Watch two more plays of the good item go by: nothing else ever shows in between.
        plays = (
            "id => window.__sent"
            ".filter(([e, b]) => e === 'screen:proof_of_play' && b[0].mediaId === id).length"
        )
        before = page.evaluate(f"({plays})", good)
        page.wait_for_function(f"([id, n]) => ({plays})(id) >= n + 2", arg=[good, before])
        assert {entry["name"] for entry in page.evaluate("() => window.__seenMedia")} == {"Good"}
        expect(page.locator("body")).to_have_attribute("data-state", "playing")

        # Now only the broken one: the fallback (logo and time) replaces the zones.
        api(
            console,
            "PUT",
            f"/api/admin/playlists/{playlist['id']}",
            {"items": [{"mediaId": missing, "zoneId": "main"}]},
        )
        console.post(
            f"/api/admin/screens/{screen_id}/command",
            json={"command": "PLAYLIST_RELOAD", "payload": {"playlistId": playlist["id"]}},
        )
        expect(page.locator("body")).to_have_attribute("data-state", "fallback", timeout=20_000)
        expect(page.locator("#idle-time")).to_be_visible()
    finally:
        context.close()


def test_an_empty_playlist_shows_the_idle_screen_not_black(browser, console, screen, live_url) -> None:
    screen_id, jwt = screen
    template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": SIDE[:1]})
    playlist = api(
        console, "POST", "/api/admin/playlists", {"name": "Empty", "templateId": template["id"], "items": []}
    )
    schedule_everywhere(console, screen_id, playlist["id"])
    context, page = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist["id"])
        expect(page.locator("body")).to_have_attribute("data-state", "idle")  # the logo, not black
        expect(page.locator("#idle img")).to_be_visible()
    finally:
        context.close()


def test_nothing_scheduled_shows_the_idle_screen(browser, console, screen, live_url) -> None:
    screen_id, jwt = screen
    context, page = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        expect(page.locator("body")).to_have_attribute("data-connection", "connected")
        expect(page.locator("body")).to_have_attribute("data-state", "idle")
        expect(page.locator("#idle img")).to_be_visible()
        # Its heartbeats reach the server: the console sees its version and resolution.
        url = f"{live_url}/api/admin/screens/{screen_id}"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            seen = console.http.get(url, timeout=10).json()
            if seen["playerVersion"] and seen["resolution"]:
                break
            time.sleep(0.3)
        # The bundle's own version, which is also the default CURRENT_PLAYER_VERSION: a fresh
        # install shows no "update available".
        assert seen["playerVersion"] == bundled_player_version() and seen["resolution"], seen
    finally:
        context.close()


def test_commands_reach_the_page(browser, console, screen, live_url) -> None:
    screen_id, jwt = screen
    first = colours(console, "Red", "Green")
    playlist = playlist_of(console, first)
    schedule_everywhere(console, screen_id, playlist["id"])
    context, page = open_kiosk(browser, live_url, screen_id, jwt)
    command = f"/api/admin/screens/{screen_id}/command"
    try:
        expect(page.locator("body")).to_have_attribute("data-version", "1")
        spy_on_socket(page)
        # An alert shows, as text, then hides.
        alert = {
            "id": 7,
            "title": "Fire drill",
            "content": "<b>Leave</b> by the stairs",
            "displayMode": "FULLSCREEN",
            "backgroundColor": "#b91c1c",
            "textColor": "#ffffff",
        }
        assert console.post(command, json={"command": "ALERT_SHOW", "payload": alert}).status_code == 202
        shown = page.locator(".alert.fullscreen")
        expect(shown).to_contain_text("Fire drill")
        expect(shown.locator(".alert-content")).to_have_text("<b>Leave</b> by the stairs")
        assert console.post(command, json={"command": "ALERT_HIDE", "payload": {"id": 7}}).status_code == 202
        expect(shown).to_have_count(0)

        # A screenshot: a JPEG, at most 1280 px wide.
        assert console.post(command, json={"command": "SCREENSHOT"}).status_code == 202
        page.wait_for_function(
            "() => window.__sent.some(([e]) => e === 'screen:screenshot_response')", timeout=20_000
        )
        shot = page.evaluate("() => window.__sent.find(([e]) => e === 'screen:screenshot_response')[1]")
        image = Image.open(io.BytesIO(base64.b64decode(shot["imageBase64"])))
        assert image.format == "JPEG" and image.width == shot["width"] <= 1280

        # The volume, acknowledged.
        acked = (
            "([id, s]) => window.__sent.some("
            "([e, b]) => e === 'screen:command_ack' && b.commandId === id && b.status === s)"
        )
        response = console.post(command, json={"command": "VOLUME_SET", "payload": {"level": 40}})
        page.wait_for_function(acked, arg=[response.json()["id"], "DELIVERED"])
        # A reboot without a local agent is refused, with the reason.
        response = console.post(command, json={"command": "REBOOT"})
        page.wait_for_function(acked, arg=[response.json()["id"], "FAILED"])

        # A new version of the playlist switches content.
        (blue,) = colours(console, "Blue")
        api(
            console,
            "PUT",
            f"/api/admin/playlists/{playlist['id']}",
            {"items": [{"mediaId": blue, "zoneId": "main", "duration": 1}]},
        )
        console.post(command, json={"command": "PLAYLIST_RELOAD", "payload": {"playlistId": playlist["id"]}})
        expect(page.locator("body")).to_have_attribute("data-version", "2")
        expect(page.locator("body")).to_have_attribute("data-media", "Blue")
    finally:
        context.close()


def test_a_video_plays_muted_then_gives_way(browser, console, screen, live_url, tmp_path) -> None:
    from tests.media_files import mp4

    screen_id, jwt = screen
    clip = upload(console, "Clip", mp4(tmp_path, seconds=2.0, size="640x360"), "clip.mp4")
    (image,) = colours(console, "Red")
    template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": SIDE[:1]})
    items = [{"mediaId": clip, "zoneId": "main"}, {"mediaId": image, "zoneId": "main", "duration": 1}]
    playlist = api(
        console, "POST", "/api/admin/playlists", {"name": "V", "templateId": template["id"], "items": items}
    )
    schedule_everywhere(console, screen_id, playlist["id"])
    context, page = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        expect(page.locator("body")).to_have_attribute("data-media", "Clip")
        video = page.locator("video")
        page.wait_for_function("v => v.currentTime > 0.5 && !v.paused && v.muted", arg=video.element_handle())
        # Its duration is the file's real length (no override): about 2 s, then the image.
        page.wait_for_function("() => window.__seenMedia.map(m => m.name).join() .includes('Clip,Red')")
        seen = page.evaluate("() => window.__seenMedia")
        names = [m["name"] for m in seen]
        index = names.index("Clip")
        assert 1.5 <= (seen[index + 1]["at"] - seen[index]["at"]) / 1000 <= 3.5, seen
    finally:
        context.close()


def test_feed_ticker_and_dataset_table_come_from_data_sources(
    app, browser, console, screen, live_url
) -> None:
    from datetime import UTC, datetime

    from signage.extensions import db
    from signage.models import DataSource, DataSourceType

    screen_id, jwt = screen
    with app.app_context():
        now = datetime.now(UTC)
        feed = DataSource(
            name="News", type=DataSourceType.RSS, config={"url": "https://example.com/rss"},
            last_fetched=now, last_data={"items": [{"title": "Hello"}, {"title": "<b>World</b>"}]},
        )  # fmt: skip
        menu = DataSource(
            name="Menu", type=DataSourceType.CSV, config={"url": "https://example.com/menu.csv"},
            last_fetched=now,
            last_data={"columns": ["Dish", "Price"], "rows": [["Soup", "4.50"], ["Pie", "6"]]},
        )  # fmt: skip
        db.session.add_all([feed, menu])
        db.session.commit()
        feed_id, menu_id = feed.id, menu.id
    news = make_media(app, "News", "RSS", data_source_id=feed_id)
    table = make_media(app, "Menu", "DATASET", data_source_id=menu_id)
    zones = [
        {"id": "menu", "type": "DATASET", "x": 0, "y": 0, "width": 100, "height": 80},
        {"id": "ticker", "type": "TICKER", "x": 0, "y": 80, "width": 100, "height": 20},
    ]
    template = api(console, "POST", "/api/admin/templates", {"name": "Menu board", "zones": zones})
    items = [{"mediaId": str(table), "zoneId": "menu"}, {"mediaId": str(news), "zoneId": "ticker"}]
    playlist = api(
        console, "POST", "/api/admin/playlists", {"name": "M", "templateId": template["id"], "items": items}
    )
    schedule_everywhere(console, screen_id, playlist["id"])
    context, page = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        expect(page.locator("[data-zone=ticker] .ticker-track")).to_have_text("Hello   •   <b>World</b>")
        cells = page.locator("[data-zone=menu] table.dataset td")
        expect(cells).to_have_text(["Dish", "Price", "Soup", "4.50", "Pie", "6"])
    finally:
        context.close()


def test_an_rss_media_made_by_url_plays_in_the_ticker(
    app, browser, console, screen, live_url, monkeypatch
) -> None:
    from signage.datasources.sources import refresh_source
    from tests.datasource_support import RSS, allow_private, feed_server

    screen_id, jwt = screen
    allow_private(app, monkeypatch)
    with feed_server() as feeds:
        url = feeds.route("/news.xml", RSS, Content_Type="application/rss+xml")
        news = api(console, "POST", "/api/admin/medias", {"type": "RSS", "name": "News", "url": url})
        assert news["dataSourceId"] is not None
        with app.app_context():
            refresh_source(int(news["dataSourceId"]))
    zones = [{"id": "ticker", "type": "TICKER", "x": 0, "y": 80, "width": 100, "height": 20}]
    template = api(console, "POST", "/api/admin/templates", {"name": "Ticker", "zones": zones})
    items = [{"mediaId": news["id"], "zoneId": "ticker"}]
    playlist = api(
        console, "POST", "/api/admin/playlists", {"name": "T", "templateId": template["id"], "items": items}
    )
    schedule_everywhere(console, screen_id, playlist["id"])
    context, page = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        expect(page.locator("[data-zone=ticker] .ticker-track")).to_have_text("One   •   Two")
    finally:
        context.close()


def test_a_ticker_and_a_table_made_in_the_console_play(
    app, page, browser, console, screen, live_url, monkeypatch
) -> None:
    """The media library's link form: an RSS feed by URL and a DATASET from a CSV source."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from signage.datasources.sources import refresh_source
    from signage.extensions import db
    from signage.models import DataSource, DataSourceType, Media
    from tests.browser.test_console import sign_in
    from tests.datasource_support import RSS, allow_private, feed_server
    from tests.support import make_user

    screen_id, jwt = screen
    allow_private(app, monkeypatch)
    with app.app_context():
        menu = DataSource(
            name="Menu", type=DataSourceType.CSV, config={"url": "https://example.com/menu.csv"},
            last_fetched=datetime.now(UTC), last_data={"columns": ["Dish"], "rows": [["Soup"], ["Pie"]]},
        )  # fmt: skip
        db.session.add(menu)
        db.session.commit()
    make_user(app, "ed@example.com", "EDITOR")
    sign_in(page, "ed@example.com")
    with feed_server() as feeds:
        url = feeds.route("/news.xml", RSS, Content_Type="application/rss+xml")
        for kind, name, fields in (("RSS", "News", {"URL": url}), ("DATASET", "Prices", {})):
            page.goto("/admin/media")
            form = page.get_by_test_id("media-link")
            form.get_by_label("Type").select_option(kind)
            form.get_by_label("Name").fill(name)
            for label, value in fields.items():
                form.get_by_label(label).fill(value)
            if kind == "DATASET":
                form.get_by_label("Data source").select_option(label="Menu (CSV)")
            form.get_by_role("button", name="Add").click()
            expect(page.get_by_test_id("media-source")).to_be_visible()
        with app.app_context():
            made = {m.name: m for m in db.session.scalars(select(Media))}
            news, prices, feed_id = made["News"].id, made["Prices"].id, made["News"].data_source_id
            refresh_source(feed_id)
    zones = [
        {"id": "menu", "type": "DATASET", "x": 0, "y": 0, "width": 100, "height": 80},
        {"id": "ticker", "type": "TICKER", "x": 0, "y": 80, "width": 100, "height": 20},
    ]
    template = api(console, "POST", "/api/admin/templates", {"name": "Board", "zones": zones})
    items = [{"mediaId": str(prices), "zoneId": "menu"}, {"mediaId": str(news), "zoneId": "ticker"}]
    playlist = api(
        console, "POST", "/api/admin/playlists", {"name": "B", "templateId": template["id"], "items": items}
    )
    schedule_everywhere(console, screen_id, playlist["id"])
    context, kiosk = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        expect(kiosk.locator("[data-zone=ticker] .ticker-track")).to_have_text("One   •   Two")
        expect(kiosk.locator("[data-zone=menu] table.dataset td")).to_have_text(["Dish", "Soup", "Pie"])
    finally:
        context.close()


def test_each_item_fills_its_zone_as_its_fit_says(browser, console, screen, live_url) -> None:
    screen_id, jwt = screen
    red, green, blue = colours(console, "Red", "Green", "Blue")
    template = api(console, "POST", "/api/admin/templates", {"name": "Side", "zones": SIDE})
    items = [
        {"mediaId": red, "zoneId": "main", "duration": 1},
        {"mediaId": green, "zoneId": "main", "duration": 1, "fit": "cover"},
        {"mediaId": blue, "zoneId": "main", "duration": 1, "fit": "fill"},
    ]
    body = {"name": "Fits", "templateId": template["id"], "items": items}
    playlist = api(console, "POST", "/api/admin/playlists", body)
    schedule_everywhere(console, screen_id, playlist["id"])
    context, page = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        fits: dict[str, str] = {}
        deadline = time.monotonic() + 20
        while len(fits) < 3 and time.monotonic() < deadline:
            shown = page.evaluate(
                """() => [...document.querySelectorAll('[data-zone=main] .layer > img')]
                    .map(img => [img.src, getComputedStyle(img).objectFit])"""
            )
            for src, fit in shown:
                fits[src.rsplit("/", 1)[-1]] = fit
            time.sleep(0.2)
        assert sorted(fits.values()) == ["contain", "cover", "fill"], fits
    finally:
        context.close()
