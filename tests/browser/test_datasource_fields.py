"""A JSON data source's fields mapped in the console (issue 16): the ticker of a player page
then scrolls each record's mapped title and text, with its image."""

from __future__ import annotations

from playwright.sync_api import expect

from signage.datasources.sources import refresh_source
from tests.browser.player_support import api, open_kiosk, schedule_everywhere
from tests.browser.test_console import sign_in
from tests.datasource_support import allow_private, feed_server
from tests.support import make_screen, make_user


def test_map_fields_on_a_json_source_and_see_the_title_on_a_player(
    app, page, browser, console, live_url, monkeypatch
) -> None:
    allow_private(app, monkeypatch)
    icon = f"{live_url}/static/favicon.svg"
    menu = [
        {"dish": "Lasagne", "about": "Fresh pasta", "photo": icon, "price": 9},
        {"dish": "Soup", "about": "Leeks", "photo": icon},
    ]
    make_user(app, "ed@example.com", "EDITOR")
    sign_in(page, "ed@example.com")
    with feed_server() as feeds:
        url = feeds.route("/menu.json", menu, Content_Type="application/json")
        page.goto("/admin/datasources")
        form = page.get_by_test_id("datasource-create")
        form.get_by_label("Name", exact=True).fill("Menu")
        form.get_by_label("Type", exact=True).select_option("JSON_URL")
        form.get_by_label("URL", exact=True).fill(url)
        form.get_by_role("button", name="Create data source").click()
        expect(page.get_by_role("button", name="Refresh now")).to_be_visible()
        source_id = page.url.rstrip("/").rsplit("/", 1)[1]
        # Fetched in this process: the live server refuses loopback feeds (no
        # DATASOURCE_ALLOW_PRIVATE there).
        with app.app_context():
            assert refresh_source(int(source_id)).last_error is None
        page.reload()
        expect(page.get_by_test_id("datasource-field-names")).to_have_text("dish, about, photo, price")

    mapping = page.get_by_test_id("datasource-fields")
    mapping.get_by_label("Title", exact=True).select_option("dish")
    mapping.get_by_label("Text", exact=True).select_option("about")
    mapping.get_by_label("Image (URL)").select_option("photo")
    mapping.get_by_role("button", name="Save the mapping").click()
    expect(page.get_by_role("status")).to_contain_text("Field mapping saved")
    expect(page.get_by_test_id("datasource-fields").get_by_label("Title", exact=True)).to_have_value("dish")

    dataset = api(
        console, "POST", "/api/admin/medias", {"type": "DATASET", "name": "Menu", "dataSourceId": source_id}
    )
    zones = [{"id": "ticker", "type": "TICKER", "x": 0, "y": 80, "width": 100, "height": 20}]
    template = api(console, "POST", "/api/admin/templates", {"name": "Ticker", "zones": zones})
    items = [{"mediaId": dataset["id"], "zoneId": "ticker"}]
    playlist = api(
        console, "POST", "/api/admin/playlists", {"name": "T", "templateId": template["id"], "items": items}
    )
    screen_id = make_screen(app, "Canteen")
    jwt = console.activate_screen(screen_id)
    schedule_everywhere(console, screen_id, playlist["id"])
    context, kiosk = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        track = kiosk.locator("[data-zone=ticker] .ticker-track")
        expect(track).to_have_text("Lasagne — Fresh pasta   •   Soup — Leeks")
        expect(track.locator(".ticker-title")).to_have_text(["Lasagne", "Soup"])
        expect(track.locator("img.ticker-image")).to_have_count(2)
        assert track.locator("img.ticker-image").first.get_attribute("src") == icon
    finally:
        context.close()
