"""A web page that refuses frames (X-Frame-Options: DENY, from a loopback server): the server
flags it, and the player shows «Contenu indisponible» for 5 s, then the next item."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.browser.player_support import api, open_kiosk, schedule_everywhere, upload
from tests.datasource_support import feed_server
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import live_server, make_screen, make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]
PAGE = b"<!doctype html><title>Board</title><p>Hello"


def _refused(console: Console, media_id: str) -> dict:
    deadline = time.monotonic() + 20
    while True:
        framing = api(console, "GET", f"/api/admin/medias/{media_id}")["framing"]
        if framing is not None:
            return framing
        assert time.monotonic() < deadline, "the page was never checked"
        time.sleep(0.2)


def _plays(app, media_id: int) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from signage.extensions import db
    from signage.models import ProofOfPlay

    with app.app_context():
        return db.session.scalar(select(func.count()).where(ProofOfPlay.media_id == media_id)) or 0


def test_a_page_refusing_frames_shows_unavailable_then_moves_on(app, clean_db, browser, database_url) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Wall")
    with feed_server() as pages:
        url = pages.route("/board", PAGE, X_Frame_Options="DENY", Content_Type="text/html")
        env = {"DATASOURCE_ALLOW_PRIVATE": "true", "ALLOW_HTTP_WEBPAGES": "true"}
        with live_server(database_url, **env) as base:
            console = Console(base, "root@example.com")
            jwt = console.activate_screen(screen_id)
            link = {"type": "WEBPAGE", "name": "Board", "url": url}
            board = api(console, "POST", "/api/admin/medias", link)
            framing = _refused(console, board["id"])
            assert framing["status"] == "REFUSED" and framing["reason"] == "X-Frame-Options: DENY"
            red = upload(console, "Red", png(160, 90, "red"), "red.png")
            template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
            items = [
                # The page's own slot is 30 s: the player must not hold a blank zone that long.
                {"mediaId": board["id"], "zoneId": "main", "duration": 30},
                {"mediaId": red, "zoneId": "main", "duration": 2},
            ]
            body = {"name": "P", "templateId": template["id"], "transition": "NONE", "items": items}
            playlist = api(console, "POST", "/api/admin/playlists", body)
            schedule_everywhere(console, screen_id, playlist["id"])
            context, page = open_kiosk(browser, base, screen_id, jwt)
            try:
                page.set_default_timeout(30_000)
                unavailable = page.locator(".layer.unavailable")
                expect(unavailable).to_have_text("Contenu indisponible")
                expect(page.locator("iframe")).to_have_count(0)  # never framed
                page.wait_for_function(
                    "() => window.__seenMedia.map((m) => m.name).join().includes('Board,Red,Board')"
                )
                seen = page.evaluate("() => window.__seenMedia")
                names = [m["name"] for m in seen]
                first = names.index("Board")
                shown_ms = seen[first + 1]["at"] - seen[first]["at"]
                assert 4500 <= shown_ms <= 7000, (shown_ms, seen)
                # Red's plays reach the server; the page's «Contenu indisponible» is no play.
                deadline = time.monotonic() + 20
                while not _plays(app, int(red)):
                    assert time.monotonic() < deadline, "no play of Red reached the server"
                    time.sleep(0.2)
                assert _plays(app, int(board["id"])) == 0
            finally:
                context.close()
            # The player said why.
            errors = api(console, "GET", f"/api/admin/player-errors?mediaId={board['id']}")["items"]
            assert errors and errors[0]["type"] == "IFRAME_BLOCKED", errors


def test_a_plain_http_page_plays_when_allowed(app, clean_db, browser, database_url) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Wall")
    with feed_server() as pages:
        url = pages.route("/dash", b"<!doctype html><p id=hi>Intranet dashboard", Content_Type="text/html")
        env = {"DATASOURCE_ALLOW_PRIVATE": "true", "ALLOW_HTTP_WEBPAGES": "true"}
        with live_server(database_url, **env) as base:
            console = Console(base, "root@example.com")
            jwt = console.activate_screen(screen_id)
            link = {"type": "WEBPAGE", "name": "Dash", "url": url}
            dash = api(console, "POST", "/api/admin/medias", link)
            assert _refused(console, dash["id"])["status"] == "ALLOWED"
            template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
            items = [{"mediaId": dash["id"], "zoneId": "main", "duration": 30}]
            playlist = api(
                console,
                "POST",
                "/api/admin/playlists",
                {"name": "D", "templateId": template["id"], "items": items},
            )
            schedule_everywhere(console, screen_id, playlist["id"])
            context, page = open_kiosk(browser, base, screen_id, jwt)
            errors: list[str] = []
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            try:
                expect(page.locator("iframe")).to_have_attribute("src", url)
                expect(page.frame_locator("iframe").locator("#hi")).to_have_text("Intranet dashboard")
                expect(page.locator(".layer.unavailable")).to_have_count(0)
                assert not [e for e in errors if "Content Security Policy" in e], errors
            finally:
                context.close()
