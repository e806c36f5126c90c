"""The templates and playlists pages, through their forms."""

from __future__ import annotations

import io
import json

from signage.extensions import db
from signage.models import Playlist, Template
from tests.content_support import FULL, WITH_TICKER, make_media, make_playlist, make_template
from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.support import make_user


def login(app, client, role: str = "EDITOR") -> str:  # type: ignore[no-untyped-def]
    make_user(app, f"{role.lower()}@example.com", role)
    sign_in(client, f"{role.lower()}@example.com")
    return csrf_from(client.get("/admin/templates").get_data(as_text=True))


def playlist_row(app, playlist_id: int) -> Playlist:  # type: ignore[no-untyped-def]
    with app.app_context():
        row = db.session.get(Playlist, playlist_id)
        _ = [(i.media_id, i.zone_id, i.order, i.duration) for i in row.items], row.version
        db.session.expunge_all()
        return row


def test_template_form_validates_and_previews(app, client) -> None:
    token = login(app, client)
    page = client.get("/admin/templates").get_data(as_text=True)
    assert "data-zones-input" in page and "data-zones-preview" in page and "zones-preview.js" in page
    broken = client.post("/admin/templates", data={"csrf_token": token, "name": "T", "zones": "[{"})
    assert broken.status_code == 422 and "Not valid JSON" in broken.get_data(as_text=True)
    outside = [{"id": "m", "type": "CONTENT", "x": 50, "y": 0, "width": 60, "height": 100}]
    refused = client.post(
        "/admin/templates", data={"csrf_token": token, "name": "T", "zones": json.dumps(outside)}
    )
    assert refused.status_code == 422
    assert "zones[0].width: The zone goes past the right edge" in refused.get_data(as_text=True)
    created = client.post(
        "/admin/templates", data={"csrf_token": token, "name": "Split", "zones": json.dumps(WITH_TICKER)}
    )
    assert created.status_code == 302
    with app.app_context():
        template = db.session.query(Template).filter_by(name="Split").one()
        assert [z["id"] for z in template.zones] == ["main", "ticker", "clock"]
    html = client.get(created.headers["Location"]).get_data(as_text=True)
    # The designer over the saved zones, which the form still posts as JSON.
    assert "data-layout-designer" in html and "layout-designer.js" in html and "&#34;ticker&#34;" in html


def test_templates_get_a_drawn_thumbnail_and_can_be_duplicated(app, client) -> None:
    from PIL import Image

    token = login(app, client)
    template_id = make_template(app, WITH_TICKER)
    left_half = {"x": 0, "width": 50, "height": 50}
    edited = [{**zone, **left_half} if zone["id"] == "clock" else zone for zone in WITH_TICKER]
    client.post(
        f"/admin/templates/{template_id}",
        data={"csrf_token": token, "name": "Split", "zones": json.dumps(edited)},
    )
    with app.app_context():
        key = db.session.get(Template, template_id).thumbnail_s3_key
    assert key and key.endswith(".png")
    listing = client.get("/admin/templates").get_data(as_text=True)
    assert f"/media/{key}" in listing and 'data-testid="template-thumbnail"' in listing
    image = client.get(f"/media/{key}")
    assert image.status_code == 200 and image.mimetype == "image/png"
    with Image.open(io.BytesIO(image.data)) as png:
        assert png.size == (320, 180)
        # The clock zone (violet) now covers the left half, over the main zone.
        assert png.getpixel((40, 40))[0] > png.getpixel((280, 40))[0] + 40
    api = client.get(f"/api/admin/templates/{template_id}").get_json()
    assert api["thumbnailUrl"].endswith(f"/media/{key}")

    copied = client.post(f"/admin/templates/{template_id}/duplicate", data={"csrf_token": token})
    assert copied.status_code == 302
    with app.app_context():
        copy = db.session.query(Template).filter(Template.id != template_id).one()
        assert copy.name.endswith("(copy)") and copy.zones == db.session.get(Template, template_id).zones
        assert copy.thumbnail_s3_key and copy.thumbnail_s3_key != key
    no_token = client.post(f"/admin/templates/{template_id}/duplicate", data={})
    assert no_token.status_code == 400
    client.post(f"/admin/templates/{copy.id}/delete", data={"csrf_token": token, "confirm": "y"})
    assert client.get(f"/media/{copy.thumbnail_s3_key}").status_code == 404


def test_template_delete_explains_the_conflict(app, client) -> None:
    token = login(app, client)
    template_id = make_template(app)
    make_playlist(app, template_id, [make_media(app)], name="Lobby loop")
    response = client.post(
        f"/admin/templates/{template_id}/delete", data={"csrf_token": token, "confirm": "y"}
    )
    assert response.status_code == 409 and "Lobby loop" in response.get_data(as_text=True)


def test_playlist_created_filled_reordered_and_cleaned(app, client) -> None:
    token = login(app, client)
    template_id = make_template(app, WITH_TICKER)
    first, second, feed = make_media(app, "First"), make_media(app, "Second"), make_media(app, "Feed", "RSS")
    created = client.post(
        "/admin/playlists",
        data={
            "csrf_token": token,
            "name": "Hall",
            "template_id": str(template_id),
            "default_duration": "8",
            "transition": "SLIDE",
        },
    )
    assert created.status_code == 302
    url = created.headers["Location"]
    playlist_id = int(url.rsplit("/", 1)[1])
    # The picker adds rows in the page; one save keeps them all.
    picked = {"r0": (first, "main"), "r1": (second, "main"), "r2": (feed, "ticker")}
    filled = client.post(
        f"{url}/items",
        data={"csrf_token": token, "row": list(picked)}
        | {f"{key}-media": str(media) for key, (media, _) in picked.items()}
        | {f"{key}-zone": zone for key, (_, zone) in picked.items()},
    )
    assert filled.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert page.index(">First<") < page.index(">Second<") and "playlist-editor.js" in page
    assert 'data-open-picker="ticker" data-accepts="DATASET RSS"' in page and "data-media-picker" in page
    # An RSS feed is not played by the main zone: refused, the row named.
    forced = client.post(
        f"{url}/items",
        data={"csrf_token": token, "row": ["r0"], "r0-media": str(feed), "r0-zone": "main"},
    )
    assert forced.status_code == 422 and "Row 1" in forced.get_data(as_text=True)
    before = playlist_row(app, playlist_id).version

    # The rows come back in the order the page holds them after a drag: Second, First.
    rows = {"r0": (second, "main"), "r1": (first, "main"), "r2": (feed, "ticker")}
    data = {"csrf_token": token, "row": list(rows)}
    for key, (media, zone) in rows.items():
        data |= {
            f"{key}-media": str(media),
            f"{key}-zone": zone,
            f"{key}-duration": "",
            f"{key}-in": "",
            f"{key}-out": "",
        }
    data |= {"r1-duration": "25", "r1-in": "FADE", "r1-fit": "cover", "r2-remove": "1"}
    saved = client.post(f"{url}/items", data=data)
    assert saved.status_code == 302
    playlist = playlist_row(app, playlist_id)
    assert sorted((i.order, i.media_id, i.duration, i.fit) for i in playlist.items) == [
        (0, second, None, None),
        (1, first, 25, "cover"),
    ]
    assert playlist.version == before + 1

    data |= {"r0-duration": "0", "r2-remove": ""}
    refused = client.post(f"{url}/items", data=data)
    assert refused.status_code == 422 and "Row 1" in refused.get_data(as_text=True)
    assert playlist_row(app, playlist_id).version == before + 1  # nothing changed


def test_viewers_see_no_editor_controls(app, client) -> None:
    template_id = make_template(app, FULL)
    playlist_id = make_playlist(app, template_id, [make_media(app)])
    login(app, client, "VIEWER")
    page = client.get(f"/admin/playlists/{playlist_id}").get_data(as_text=True)
    assert "Save items" not in page and "playlist-editor.js" not in page and 'data-testid="item-row"' in page
    assert "template-create" not in client.get("/admin/templates").get_data(as_text=True)
    assert client.post(f"/admin/playlists/{playlist_id}/delete", data={"confirm": "y"}).status_code in (
        400,
        403,
    )
