"""/admin/playlists/{id}/preview: what a screen would play now, for any console reader, under
the player's policy framed by the console only."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta

from tests.content_support import make_media, make_playlist, make_template
from tests.integration.test_admin_pages import sign_in
from tests.support import make_user


def preview_body(page: str) -> dict:
    match = re.search(r'data-playlist="([^"]*)"', page)
    assert match, page
    return json.loads(html.unescape(match.group(1)))


def test_a_viewer_previews_what_a_screen_may_show_now(app, client) -> None:
    make_user(app, "viewer@example.com", "VIEWER")
    sign_in(client, "viewer@example.com")
    gone = datetime.now(UTC) - timedelta(days=1)
    media = [
        make_media(app, 'Quote " <b>&'),
        make_media(app, "Expired", valid_until=gone),
        make_media(app, "Still encoding", "VIDEO", status="PROCESSING"),
    ]
    playlist_id = make_playlist(app, make_template(app), media)

    response = client.get(f"/admin/playlists/{playlist_id}/preview")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    body = preview_body(page)
    assert body["id"] == str(playlist_id) and body["version"] == 1
    assert [item["media"]["name"] for item in body["items"]] == ['Quote " <b>&']
    assert body["template"]["zones"][0]["id"] == "main"
    assert "<b>" not in page  # the name travels escaped in the attribute
    assert "dist/player/preview.js" in page and "<script>" not in page
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'self'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"

    editor = client.get(f"/admin/playlists/{playlist_id}").get_data(as_text=True)
    assert f'data-src="/admin/playlists/{playlist_id}/preview"' in editor
    assert 'sandbox="allow-scripts allow-same-origin"' in editor and "playlist-preview.js" in editor


def test_the_preview_is_refused_to_strangers_and_unknown_ids(app, client) -> None:
    playlist_id = make_playlist(app, make_template(app), [make_media(app)])
    anonymous = client.get(f"/admin/playlists/{playlist_id}/preview")
    assert anonymous.status_code == 302 and "/admin/login" in anonymous.headers["Location"]
    make_user(app, "viewer@example.com", "VIEWER")
    sign_in(client, "viewer@example.com")
    assert client.get("/admin/playlists/999999/preview").status_code == 404
    assert client.get("/admin/playlists/abc/preview").status_code == 404
