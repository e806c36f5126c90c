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


def test_the_player_pages_name_the_cdn_origin_for_media(database_url: str, clean_db) -> None:  # type: ignore[no-untyped-def]
    from signage.factory import create_app
    from tests.support import settings_for

    app = create_app(settings_for(database_url, CDN_BASE_URL="http://cdn.shop.lan:8080/media"))
    client = app.test_client()
    for path in ("/player/12", "/player", "/player/sw.js"):
        policy = client.get(path).headers["Content-Security-Policy"]
        connect = next(p for p in policy.split(";") if p.split()[0] == "connect-src")
        assert "http://cdn.shop.lan:8080" in connect.split(), (path, policy)
    page = client.get("/player/12").headers["Content-Security-Policy"]
    assert all(
        "http://cdn.shop.lan:8080" in next(p for p in page.split(";") if p.split()[0] == name).split()
        for name in ("img-src", "media-src")
    )
    assert "'unsafe-inline'" not in page
