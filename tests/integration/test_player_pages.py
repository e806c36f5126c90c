"""The kiosk's pages and its Service Worker script (CONTRACT §13)."""

from __future__ import annotations


def test_the_service_worker_is_served_from_the_player_scope(client) -> None:
    response = client.get("/player/sw.js")
    assert response.status_code == 200, "build the assets first (npm run build)"
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/player/"
    # A kiosk must see a new worker at its next start: never cached without revalidation.
    assert response.headers["Cache-Control"] == "no-cache"
    assert "connect-src 'self' https:" in response.headers["Content-Security-Policy"]
    assert b"signage-shell-" in response.get_data()


def test_the_screen_page_names_no_version_of_its_own(client) -> None:
    # The bundle reports the version it was built with; the page could be newer or older.
    html = client.get("/player/12").get_data(as_text=True)
    assert "data-player-version" not in html and 'data-screen-id="12"' in html
