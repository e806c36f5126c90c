"""A WEBPAGE that refuses frames is found out by the server (a real page on loopback), stored
on the media, shown in the API and the console, sent to players, and checked again daily."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from signage.content.payloads import player_media_json
from signage.datasources.framing import check_webpage, recheck_webpages, record
from signage.datasources.framing_rules import ALLOWED, Framing
from signage.extensions import db
from signage.models import Media, Playlist
from tests.content_support import make_media, make_playlist, make_template
from tests.datasource_support import FeedServer, allow_private, feed_server
from tests.support import api_login, make_user

PAGE = b"<!doctype html><title>Board</title><p>Hello"


def allow_http(app, monkeypatch, allowed: bool = True) -> None:  # type: ignore[no-untyped-def]
    settings = dataclasses.replace(app.config["SIGNAGE"], allow_http_webpages=allowed)
    monkeypatch.setitem(app.config, "SIGNAGE", settings)


@pytest.fixture
def pages(app, clean_db, monkeypatch) -> Iterator[FeedServer]:  # type: ignore[no-untyped-def]
    allow_private(app, monkeypatch)
    allow_http(app, monkeypatch)  # the loopback server speaks plain http
    with feed_server() as server:
        server.route("/deny", PAGE, X_Frame_Options="DENY", Content_Type="text/html")
        server.route("/ok", PAGE, Content_Type="text/html")
        server.route("/csp", PAGE, Content_Security_Policy="frame-ancestors 'self' https://partner.example")
        yield server


def _signed_in(app):  # type: ignore[no-untyped-def]
    make_user(app, "editor@example.com", "EDITOR")
    client = app.test_client()
    return client, {"X-CSRFToken": api_login(client, "editor@example.com")}


def _framing(client, media_id: str, timeout: float = 15) -> dict:  # type: ignore[no-untyped-def, type-arg]
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/api/admin/medias/{media_id}").get_json()
        if body["framing"] is not None:
            return body["framing"]
        assert time.monotonic() < deadline, body
        time.sleep(0.1)


def _version(app, playlist_id: int) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(Playlist, playlist_id).version


def test_a_page_refusing_frames_is_flagged_then_cleared_when_its_url_changes(app, pages) -> None:  # type: ignore[no-untyped-def]
    client, headers = _signed_in(app)
    link = {"type": "WEBPAGE", "name": "Board", "url": f"{pages.base}/deny"}
    created = client.post("/api/admin/medias", json=link, headers=headers)
    assert created.status_code == 201 and created.get_json()["framing"] is None  # checked in the background
    media_id = created.get_json()["id"]
    framing = _framing(client, media_id)
    assert framing["status"] == "REFUSED" and framing["reason"] == "X-Frame-Options: DENY"
    assert framing["checkedAt"].endswith("Z")
    # The check asked as a browser would, for headers only.
    path, sent = pages.requests[-1]
    assert path == "/deny" and "Mozilla/5.0" in sent["User-Agent"]
    with app.app_context():
        media = db.session.get(Media, int(media_id))
        assert player_media_json(media)["frameRefused"] is True
    # The console flags it, on the media's page and in the library.
    page = client.get(f"/admin/media/{media_id}").get_data(as_text=True)
    assert 'data-testid="framing-refused"' in page and "X-Frame-Options: DENY" in page
    assert 'data-testid="framing-refused"' in client.get("/admin/media").get_data(as_text=True)

    playlist_id = make_playlist(app, make_template(app), [int(media_id)])
    before = _version(app, playlist_id)
    changed = client.put(f"/api/admin/medias/{media_id}", json={"url": f"{pages.base}/ok"}, headers=headers)
    assert changed.status_code == 200 and changed.get_json()["framing"] is None  # the old verdict is gone
    assert _framing(client, media_id)["status"] == "ALLOWED"
    with app.app_context():
        media = db.session.get(Media, int(media_id))
        assert player_media_json(media)["frameRefused"] is False
    # The URL change bumped the playlist; the new page's ALLOWED after the reset changes nothing more.
    assert _version(app, playlist_id) == before + 1
    page = client.get(f"/admin/media/{media_id}").get_data(as_text=True)
    assert 'data-testid="framing-refused"' not in page


def test_turning_refused_bumps_the_playlists_and_a_stale_result_is_dropped(app, pages) -> None:  # type: ignore[no-untyped-def]
    media_id = make_media(app, "Board", "WEBPAGE", url=f"{pages.base}/ok")
    playlist_id = make_playlist(app, make_template(app), [media_id])
    assert check_webpage(media_id, f"{pages.base}/ok", "http://localhost") == ALLOWED
    before = _version(app, playlist_id)
    pages.route("/ok", PAGE, X_Frame_Options="SAMEORIGIN")
    assert check_webpage(media_id, f"{pages.base}/ok", "http://localhost") == "REFUSED"
    assert _version(app, playlist_id) == before + 1
    assert check_webpage(media_id, f"{pages.base}/ok", "http://localhost") == "REFUSED"
    assert _version(app, playlist_id) == before + 1  # no change, no bump
    # A result for a URL the media no longer shows is not stored.
    with app.app_context():
        assert record(media_id, f"{pages.base}/elsewhere", Framing(ALLOWED), datetime.now(UTC)) is False
        assert db.session.get(Media, media_id).framing_status == "REFUSED"


def test_csp_frame_ancestors_is_judged_against_our_origin(app, pages) -> None:  # type: ignore[no-untyped-def]
    media_id = make_media(app, "Partner", "WEBPAGE", url=f"{pages.base}/csp")
    assert check_webpage(media_id, f"{pages.base}/csp", "https://partner.example") == ALLOWED
    assert check_webpage(media_id, f"{pages.base}/csp", "https://signage.example") == "REFUSED"
    with app.app_context():
        reason = db.session.get(Media, media_id).framing_reason
    assert reason == "Content-Security-Policy: frame-ancestors 'self' https://partner.example"


def test_an_unreadable_page_is_unknown_and_the_guard_holds(app, clean_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with feed_server() as server:
        server.route("/gone", b"", status=404)
        guarded = make_media(app, "Inside", "WEBPAGE", url=f"{server.base}/gone")
        # Loopback without DATASOURCE_ALLOW_PRIVATE: refused before connecting.
        assert check_webpage(guarded, f"{server.base}/gone", None) == "UNKNOWN"
        assert server.requests == []
        with app.app_context():
            assert "loopback address: refused" in db.session.get(Media, guarded).framing_reason
        allow_private(app, monkeypatch)
        assert check_webpage(guarded, f"{server.base}/gone", None) == "UNKNOWN"
        with app.app_context():
            media = db.session.get(Media, guarded)
            assert media.framing_reason == "The server answered HTTP 404."
            assert player_media_json(media)["frameRefused"] is False  # unknown: the player tries


def test_recheck_webpages_looks_again_at_pages_not_checked_for_a_day(app, pages) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 30, 3, 41, tzinfo=UTC)
    never = make_media(app, "Never", "WEBPAGE", url=f"{pages.base}/deny")
    stale = make_media(
        app, "Stale", "WEBPAGE", url=f"{pages.base}/ok", framing_status="REFUSED",
        framing_checked_at=now - timedelta(hours=25),
    )  # fmt: skip
    fresh = make_media(
        app, "Fresh", "WEBPAGE", url=f"{pages.base}/deny", framing_status="ALLOWED",
        framing_checked_at=now - timedelta(hours=2),
    )  # fmt: skip
    make_media(app, "Feed", "RSS", url=f"{pages.base}/ok")
    assert sorted(recheck_webpages(now.isoformat())) == sorted([never, stale])
    with app.app_context():
        status = {m.id: m.framing_status for m in db.session.query(Media)}
    assert status[never] == "REFUSED" and status[stale] == "ALLOWED" and status[fresh] == "ALLOWED"


def test_plain_http_pages_are_refused_unless_allowed(app, clean_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, headers = _signed_in(app)
    link = {"type": "WEBPAGE", "name": "Dashboard", "url": "http://10.0.0.7/board"}
    refused = client.post("/api/admin/medias", json=link, headers=headers)
    assert refused.status_code == 422
    message = refused.get_json()["error"]["fields"]["url"]
    assert "https://" in message and "ALLOW_HTTP_WEBPAGES=true" in message
    french = client.post("/api/admin/medias", json=link, headers={**headers, "Accept-Language": "fr"})
    assert "ALLOW_HTTP_WEBPAGES=true" in french.get_json()["error"]["fields"]["url"]
    assert "Les écrans" in french.get_json()["error"]["fields"]["url"]
    # An RSS feed is read by the server, not framed: http:// stays fine for it.
    feed = {"type": "RSS", "url": "http://10.0.0.7/feed.xml"}
    assert client.post("/api/admin/medias", json=feed, headers=headers).status_code == 201
    # Changing an https:// page to http:// is refused the same way; nothing changes.
    page = client.post("/api/admin/medias", json={**link, "url": "https://dash.example/"}, headers=headers)
    media_id = page.get_json()["id"]
    moved = client.put(f"/api/admin/medias/{media_id}", json={"url": "http://dash.example/"}, headers=headers)
    assert moved.status_code == 422 and "ALLOW_HTTP_WEBPAGES" in moved.get_json()["error"]["fields"]["url"]
    assert client.get(f"/api/admin/medias/{media_id}").get_json()["url"] == "https://dash.example/"
    # The console's form says it before and after.
    library = client.get("/admin/media").get_data(as_text=True)
    assert 'data-testid="https-only"' in library
    # The player's page frames https: only.
    csp = client.get("/player/1").headers["Content-Security-Policy"]
    assert "frame-src 'self' https:;" in csp

    allow_http(app, monkeypatch)
    created = client.post("/api/admin/medias", json=link, headers=headers)
    assert created.status_code == 201 and created.get_json()["url"] == "http://10.0.0.7/board"
    assert 'data-testid="https-only"' not in client.get("/admin/media").get_data(as_text=True)
    csp = client.get("/player/1").headers["Content-Security-Policy"]
    assert "frame-src 'self' https: http:;" in csp


def test_the_console_form_says_why_an_http_page_is_refused(app, client) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_media_pages import login

    token = login(app, client)
    form = {"csrf_token": token, "type": "WEBPAGE", "name": "Dash", "url": "http://10.0.0.7/board"}
    refused = client.post("/admin/media/link", data=form)
    assert refused.status_code == 422
    assert "ALLOW_HTTP_WEBPAGES=true" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Media).count() == 0
