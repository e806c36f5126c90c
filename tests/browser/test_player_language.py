"""The player speaks its site's language (CONTRACT §14): the site's `locale` reaches it in the
schedule, and its on-screen texts (from the gettext catalogues) and clock follow, switching
when the site changes."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.player_support import FAST, api, kiosk_scripts, schedule_everywhere, wait_until
from tests.content_support import make_media
from tests.support import make_screen

ZONES = [
    {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 75, "height": 100},
    {"id": "clock", "type": "CLOCK", "x": 75, "y": 0, "width": 25, "height": 40},
]


@pytest.fixture
def silent_https() -> Iterator[str]:
    """An https:// address that accepts connections and never answers: a page that never loads."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    server.close()


def set_site_locale(app, screen_id: int, locale: str) -> int:  # type: ignore[no-untyped-def]
    from signage.extensions import db
    from signage.models import Screen

    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        screen.site.locale = locale
        db.session.commit()
        return screen.site_id


UNAVAILABLE = "() => [...document.querySelectorAll('#zones .unavailable')].map(e => e.textContent).pop()"
CLOCK_DATE = "() => document.querySelector('.clock-date')?.textContent"
EXPECTED_DATE = (
    "locale => new Intl.DateTimeFormat(locale, {weekday: 'long', day: 'numeric', month: 'long', "
    "timeZone: 'Europe/Paris'}).format(new Date())"
)


def test_the_player_speaks_its_sites_language_and_follows_a_change(
    app, browser, console, live_url, silent_https
) -> None:
    screen_id = make_screen(app, "Hall", site_name="Lyon", timezone="Europe/Paris")
    site_id = set_site_locale(app, screen_id, "fr")
    jwt = console.activate_screen(screen_id)
    page_media = str(make_media(app, "Menu", kind="WEBPAGE", url=silent_https))
    template = api(console, "POST", "/api/admin/templates", {"name": "Side", "zones": ZONES})
    playlist = api(
        console,
        "POST",
        "/api/admin/playlists",
        {"name": "Pages", "templateId": template["id"], "items": [{"mediaId": page_media, "zoneId": "main"}]},
    )
    schedule_everywhere(console, screen_id, playlist["id"])

    # The kiosk browser is English: the site's French must win once the schedule names it.
    context = browser.new_context(viewport={"width": 1280, "height": 720}, base_url=live_url, locale="en-US")
    kiosk_scripts(context, screen_id, jwt, {**FAST, "iframeLoadMs": 1000, "unavailableMs": 2000})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"/player/{screen_id}")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        assert wait_until(page, f"() => ({UNAVAILABLE})() === 'Contenu indisponible'")
        assert page.evaluate(CLOCK_DATE) == page.evaluate(EXPECTED_DATE, "fr")

        # The site turns English: the server tells the screen, which fetches its schedule.
        api(console, "PUT", f"/api/admin/sites/{site_id}", {"locale": "en"})
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert wait_until(page, f"() => ({UNAVAILABLE})() === 'Content unavailable'")
        wait_until(page, f"() => ({CLOCK_DATE})() === ({EXPECTED_DATE})('en')")
    finally:
        context.close()
