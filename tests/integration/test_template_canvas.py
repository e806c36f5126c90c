"""A template's canvas (issue 16): the resolution its layout is drawn for, stored and checked,
in the API and the console, and the aspect of its thumbnail and of the playlist's previews."""

from __future__ import annotations

import io
import json
from html import unescape

from PIL import Image

from signage.extensions import db
from signage.models import Playlist, Template
from tests.content_support import FULL, make_playlist, make_template
from tests.integration.test_content_pages import login
from tests.integration.test_datasources_api import error_of, signed_in


def thumbnail_size(app, client, template_id: int | str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        key = db.session.get(Template, int(template_id)).thumbnail_s3_key
    image = client.get(f"/media/{key}")
    assert image.status_code == 200
    with Image.open(io.BytesIO(image.data)) as png:
        return png.size


def test_api_stores_the_canvas_and_checks_its_bounds(app, clean_db) -> None:
    client, headers = signed_in(app, "EDITOR")
    plain = client.post("/api/admin/templates", headers=headers, json={"name": "Wide", "zones": FULL})
    assert plain.status_code == 201, plain.get_json()
    assert (plain.get_json()["canvasWidth"], plain.get_json()["canvasHeight"]) == (1920, 1080)
    assert thumbnail_size(app, client, plain.get_json()["id"]) == (320, 180)

    body = {"name": "Tall", "zones": FULL, "canvasWidth": 1080, "canvasHeight": 1920}
    tall = client.post("/api/admin/templates", headers=headers, json=body).get_json()
    assert (tall["canvasWidth"], tall["canvasHeight"]) == (1080, 1920)
    assert thumbnail_size(app, client, tall["id"]) == (180, 320)

    url = f"/api/admin/templates/{tall['id']}"
    error = error_of(client.put(url, headers=headers, json={"canvasWidth": 50, "canvasHeight": 20000}), 422)
    assert set(error["fields"]) == {"canvasWidth", "canvasHeight"}
    assert "between 100 and 16384" in error["fields"]["canvasWidth"]
    error = error_of(client.put(url, headers=headers, json={"canvasWidth": "1080"}), 422)
    assert "canvasWidth" in error["fields"]
    assert client.get(url).get_json()["canvasWidth"] == 1080  # refusals changed nothing

    with app.app_context():
        version = db.session.get(Playlist, make_playlist(app, int(tall["id"]), [])).version
    square = client.put(url, headers=headers, json={"canvasWidth": 1000, "canvasHeight": 1000})
    assert square.status_code == 200 and square.get_json()["canvasHeight"] == 1000
    assert thumbnail_size(app, client, tall["id"]) == (320, 320)
    with app.app_context():  # the same percentages on every screen: no new version
        assert db.session.query(Playlist).one().version == version
    echoed = client.put(url, headers=headers, json=client.get(url).get_json())
    assert echoed.status_code == 200, echoed.get_json()


def test_console_saves_the_designers_canvas(app, client, clean_db) -> None:
    token = login(app, client)
    template_id = make_template(app, FULL)
    page = client.get(f"/admin/templates/{template_id}").get_data(as_text=True)
    assert 'name="canvas_width" type="hidden" value="1920"' in page
    post = {"csrf_token": token, "name": "Tall", "zones": json.dumps(FULL)}

    saved = client.post(
        f"/admin/templates/{template_id}", data={**post, "canvas_width": "1080", "canvas_height": "1920"}
    )
    assert saved.status_code == 302
    with app.app_context():
        row = db.session.get(Template, template_id)
        assert (row.canvas_width, row.canvas_height) == (1080, 1920)
    assert thumbnail_size(app, client, template_id) == (180, 320)
    page = client.get(f"/admin/templates/{template_id}").get_data(as_text=True)
    assert 'name="canvas_width" type="hidden" value="1080"' in page
    listing = client.get("/admin/templates").get_data(as_text=True)
    assert 'width="180" height="320"' in listing and "1080 × 1920" in listing

    # A form without the canvas (an older page) keeps it; a bad one is refused above the form.
    assert client.post(f"/admin/templates/{template_id}", data=post).status_code == 302
    refused = client.post(
        f"/admin/templates/{template_id}", data={**post, "canvas_width": "12x", "canvas_height": "9"}
    )
    assert refused.status_code == 422
    assert "Whole pixels between 100 and 16384" in unescape(refused.get_data(as_text=True))
    with app.app_context():
        row = db.session.get(Template, template_id)
        assert (row.canvas_width, row.canvas_height) == (1080, 1920)

    # A copy keeps the canvas; the playlist page draws the layout at its aspect.
    assert (
        client.post(f"/admin/templates/{template_id}/duplicate", data={"csrf_token": token}).status_code
        == 302
    )
    with app.app_context():
        copy = db.session.query(Template).filter(Template.id != template_id).one()
        assert (copy.canvas_width, copy.canvas_height) == (1080, 1920)
    playlist = make_playlist(app, template_id, [])
    page = client.get(f"/admin/playlists/{playlist}").get_data(as_text=True)
    assert 'viewBox="0 0 160 284.44"' in page and 'data-canvas-aspect="1080x1920"' in page
