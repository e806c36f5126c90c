"""The screen's page and Monitoring show the same live "now playing" (issue 13): a player's
heartbeats over a real socket change both pages, without a reload."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_console import sign_in
from tests.realtime_support import Console, connect
from tests.scheduling_support import make_playlist
from tests.support import make_screen, make_user

BEAT = {"uptime": 60, "isVisible": True, "connectionType": "ethernet", "resolution": "1920x1080"}


def test_the_screen_page_follows_what_the_screen_plays_as_monitoring_does(
    app, page: Page, live_url: str, clients
) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    screen_id = make_screen(app, "Hall screen", "HQ")
    morning, lunch = make_playlist(app, "Morning"), make_playlist(app, "Lunch")
    console = Console(live_url, "ada@example.com")
    player = connect(clients, live_url, auth={"token": console.activate_screen(screen_id)})
    other_id = make_screen(app, "Back office screen", "HQ")
    other_jwt = console.activate_screen(other_id)
    console.http.close()
    player.client.emit(
        "screen:heartbeat", {**BEAT, "currentPlaylistId": str(morning), "currentMediaName": "Croissant.png"}
    )

    sign_in(page, "ada@example.com")
    monitoring = page.context.new_page()
    monitoring.goto("/admin/monitoring")
    row = monitoring.locator(f"[data-screen-row='{screen_id}']")
    expect(row.locator("[data-field=playlist]")).to_have_text("Morning", timeout=10_000)
    expect(monitoring.locator("[data-monitoring]")).to_have_attribute("data-live", "true")

    page.goto(f"/admin/screens/{screen_id}")
    now_playing = page.get_by_test_id("now-playing")
    playlist = now_playing.locator("[data-live-field=playlist]")
    media = now_playing.locator("[data-live-field=media]")
    # Rendered by name, linked, as Monitoring names it.
    expect(playlist).to_have_text("Morning")
    expect(playlist.get_by_role("link", name="Morning")).to_have_attribute(
        "href", f"/admin/playlists/{morning}"
    )
    expect(media).to_have_text("Croissant.png")
    expect(now_playing).to_have_attribute("data-live", "true")

    # The screen moves on: both pages follow, no reload.
    player.client.emit(
        "screen:heartbeat", {**BEAT, "currentPlaylistId": str(lunch), "currentMediaName": "Soup.mp4"}
    )
    expect(playlist).to_have_text("Lunch", timeout=10_000)
    expect(playlist.get_by_role("link", name="Lunch")).to_have_attribute("href", f"/admin/playlists/{lunch}")
    expect(media).to_have_text("Soup.mp4")
    expect(row.locator("[data-field=playlist]")).to_have_text("Lunch")
    expect(row.locator("[data-field=media]")).to_have_text("Soup.mp4")

    # Nothing scheduled any more: both say nothing plays, neither keeps the old names.
    player.client.emit("screen:heartbeat", {**BEAT, "currentPlaylistId": None, "currentMediaName": None})
    expect(playlist).to_have_text("—", timeout=10_000)
    expect(media).to_have_text("—")
    expect(row.locator("[data-field=playlist]")).to_have_text("—")
    expect(row.locator("[data-field=media]")).to_have_text("—")

    # Another screen's news does not touch this page.
    other = connect(clients, live_url, auth={"token": other_jwt})
    other.client.emit(
        "screen:heartbeat", {**BEAT, "currentPlaylistId": str(morning), "currentMediaName": "Other.png"}
    )
    other_row = monitoring.locator(f"[data-screen-row='{other_id}'] [data-field=media]")
    expect(other_row).to_have_text("Other.png", timeout=10_000)
    expect(media).to_have_text("—")
    expect(playlist).to_have_text("—")
    monitoring.close()
