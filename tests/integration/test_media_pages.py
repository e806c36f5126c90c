"""The media library page and a media's page, through their forms."""

from __future__ import annotations

from signage.extensions import db
from signage.models import Media, PlaylistItem
from tests.content_support import make_media, make_playlist, make_template
from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.support import make_user


def login(app, client, role: str = "EDITOR") -> str:  # type: ignore[no-untyped-def]
    make_user(app, f"{role.lower()}@example.com", role)
    sign_in(client, f"{role.lower()}@example.com")
    return csrf_from(client.get("/admin/media").get_data(as_text=True))


def test_library_filters_and_upload_panel(app, client) -> None:
    login(app, client)
    make_media(app, "Summer poster", tags=["promo", "Été"])
    make_media(app, "Winter clip", "VIDEO", "PROCESSING")
    make_media(app, "News", "RSS", url="https://example.com/rss")
    page = client.get("/admin/media").get_data(as_text=True)
    assert page.count('data-testid="media-card"') == 3
    assert 'data-upload-url="/api/admin/medias"' in page and "media-library.js" in page
    assert 'data-media-status="2">PROCESSING' in page.replace("\n", "")
    assert client.get("/admin/media?type=VIDEO").get_data(as_text=True).count('data-testid="media-card"') == 1
    assert client.get("/admin/media?tag=promo").get_data(as_text=True).count('data-testid="media-card"') == 1
    assert (
        client.get("/admin/media?tag=%C3%89t%C3%A9").get_data(as_text=True).count('data-testid="media-card"')
        == 1
    )
    assert client.get("/admin/media?q=clip").get_data(as_text=True).count('data-testid="media-card"') == 1
    assert client.get("/admin/media?type=BOGUS").status_code == 200  # an unknown filter shows everything


def test_add_a_link_and_edit_it(app, client) -> None:
    token = login(app, client)
    refused = client.post(
        "/admin/media/link",
        data={"csrf_token": token, "type": "WEBPAGE", "name": "", "url": "javascript:alert(1)"},
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "This field cannot be empty." in html and "Must be an http:// or https:// URL." in html
    created = client.post(
        "/admin/media/link",
        data={
            "csrf_token": token,
            "type": "WEBPAGE",
            "name": "Menu",
            "url": "https://example.com/menu",
            "tags": "food, Food",
        },
    )
    assert created.status_code == 302
    url = created.headers["Location"]
    with app.app_context():
        media = db.session.query(Media).filter_by(name="Menu").one()
        assert media.tags == ["food"] and media.url == "https://example.com/menu"
    bad = client.post(
        url,
        data={"csrf_token": token, "name": "Menu", "url": "https://example.com/menu", "tags": "",
              "duration": "-3", "valid_from": "2026-12-01T08:00:00Z", "valid_until": "2026-11-01 08h00"},
    )  # fmt: skip
    assert bad.status_code == 422 and "Must be an ISO 8601 date-time" in bad.get_data(as_text=True)
    good = client.post(
        url,
        data={"csrf_token": token, "name": "Lunch menu", "url": "https://example.com/menu", "tags": "",
              "duration": "20", "valid_from": "", "valid_until": "2027-01-01T00:00:00+01:00"},
    )  # fmt: skip
    assert good.status_code == 302
    with app.app_context():
        media = db.session.query(Media).filter_by(name="Lunch menu").one()
        assert media.duration == 20 and media.valid_until.isoformat() == "2026-12-31T23:00:00+00:00"


def test_delete_explains_the_playlists_then_forces(app, client) -> None:
    token = login(app, client)
    media_id = make_media(app, "Poster")
    make_playlist(app, make_template(app), [media_id], name="Lobby loop")
    url = f"/admin/media/{media_id}/delete"
    blocked = client.post(url, data={"csrf_token": token, "confirm": "y"})
    assert blocked.status_code == 409 and "Lobby loop" in blocked.get_data(as_text=True)
    assert "Also remove it from 1 playlist" in blocked.get_data(as_text=True)
    forced = client.post(url, data={"csrf_token": token, "confirm": "y", "force": "y"})
    assert forced.status_code == 302
    with app.app_context():
        assert db.session.get(Media, media_id) is None and db.session.query(PlaylistItem).count() == 0


def test_viewers_see_no_upload_nor_edit(app, client) -> None:
    media_id = make_media(app)
    login(app, client, "VIEWER")
    assert "data-upload-url" not in client.get("/admin/media").get_data(as_text=True)
    assert 'data-testid="media-edit"' not in client.get(f"/admin/media/{media_id}").get_data(as_text=True)
    assert client.post(f"/admin/media/{media_id}", data={"name": "x"}).status_code in (400, 403)
