"""A data source's field mapping (issue 16): which field of a JSON or CSV source's records is
the title, the text and the image. The API and the console check it against the last fetch,
a playlist's screens get it with the media (and a new version when it changes)."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

import pytest

from signage.extensions import db
from signage.models import DataSource, Playlist, Schedule, ScheduleTarget
from tests.content_support import WITH_TICKER, make_media, make_playlist, make_template
from tests.datasource_support import RSS, FeedServer, allow_private, feed_server
from tests.integration.test_datasources_api import activated, error_of, form_post, signed_in
from tests.support import make_screen

MENU = [
    {"dish": "Lasagne", "about": "Fresh pasta", "photo": "https://img.example/l.jpg", "price": 9},
    {"dish": "Soup", "about": "Leeks", "photo": "https://img.example/s.jpg"},
]


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with feed_server() as server:
        yield server


def fetched_source(client, headers, feeds: FeedServer, kind: str = "JSON_URL", body=MENU) -> dict:  # type: ignore[no-untyped-def]
    path = "/menu.csv" if kind == "CSV" else "/menu.json"
    url = feeds.route(path, body)
    created = client.post(
        "/api/admin/datasources", headers=headers, json={"name": "Menu", "type": kind, "config": {"url": url}}
    )
    assert created.status_code == 201, created.get_json()
    source = created.get_json()
    assert source["fields"] is None
    refreshed = client.post(f"/api/admin/datasources/{source['id']}/refresh", headers=headers).get_json()
    assert refreshed["lastError"] is None, refreshed
    return refreshed


def stored(app, source_id: str) -> tuple[str | None, str | None, str | None]:  # type: ignore[no-untyped-def]
    with app.app_context():
        row = db.session.get(DataSource, int(source_id))
        return row.title_field, row.text_field, row.image_field


def test_map_a_json_source_and_refuse_fields_the_data_lacks(app, clean_db, feeds, monkeypatch) -> None:
    allow_private(app, monkeypatch)
    client, headers = signed_in(app)
    source = fetched_source(client, headers, feeds)
    assert source["availableFields"] == ["dish", "about", "photo", "price"]
    url = f"/api/admin/datasources/{source['id']}"

    mapped = client.put(
        url, headers=headers, json={"fields": {"title": "dish", "text": "about", "image": "photo"}}
    )
    assert mapped.status_code == 200, mapped.get_json()
    assert mapped.get_json()["fields"] == {"title": "dish", "text": "about", "image": "photo"}
    assert client.get(url).get_json()["fields"] == {"title": "dish", "text": "about", "image": "photo"}

    error = error_of(
        client.put(url, headers=headers, json={"fields": {"title": "headline", "text": "about"}}), 422
    )
    assert "headline" in error["fields"]["fields.title"] and "dish" in error["fields"]["fields.title"]
    assert set(error["fields"]) == {"fields.title"}
    error = error_of(client.put(url, headers=headers, json={"fields": {"title": "dish", "colour": "x"}}), 422)
    assert error["fields"] == {"fields.colour": "Unknown field."}
    error = error_of(client.put(url, headers=headers, json={"fields": {"title": 3}}), 422)
    assert error["fields"] == {"fields.title": "Must be a string."}
    error = error_of(client.put(url, headers=headers, json={"fields": "dish"}), 422)
    assert "fields" in error["fields"]
    # A feed maps nothing: a type change re-checks the stored mapping.
    error = error_of(client.put(url, headers=headers, json={"type": "RSS"}), 422)
    assert "fields" in error["fields"]
    assert stored(app, source["id"]) == ("dish", "about", "photo")  # every refusal changed nothing

    # A GET's body sent back unchanged is accepted (availableFields and preview are read-only).
    again = client.put(url, headers=headers, json=client.get(url).get_json())
    assert again.status_code == 200, again.get_json()
    cleared = client.put(url, headers=headers, json={"fields": None, "type": "RSS"})
    assert cleared.status_code == 200 and cleared.get_json()["fields"] is None
    assert stored(app, source["id"]) == (None, None, None)


def test_a_new_source_or_an_rss_one_cannot_be_mapped(app, clean_db, feeds, monkeypatch) -> None:
    allow_private(app, monkeypatch)
    client, headers = signed_in(app)
    body = {"name": "J", "type": "JSON_URL", "config": {"url": "https://x.example/a.json"}}
    error = error_of(
        client.post("/api/admin/datasources", headers=headers, json={**body, "fields": {"title": "dish"}}),
        422,
    )
    assert "Nothing fetched yet" in error["fields"]["fields"]
    assert (
        client.post("/api/admin/datasources", headers=headers, json={**body, "fields": None}).status_code
        == 201
    )
    feed = fetched_source(client, headers, feeds, "RSS", RSS)
    assert feed["availableFields"] == []
    error = error_of(
        client.put(
            f"/api/admin/datasources/{feed['id']}", headers=headers, json={"fields": {"title": "title"}}
        ),
        422,
    )
    assert error["fields"] == {"fields": "Only a JSON_URL or CSV source maps its fields."}


def test_a_csv_source_maps_its_columns(app, clean_db, feeds, monkeypatch) -> None:
    allow_private(app, monkeypatch)
    client, headers = signed_in(app)
    source = fetched_source(client, headers, feeds, "CSV", "Train;Time;Platform\nTGV;10:05;3\n")
    assert source["availableFields"] == ["Train", "Time", "Platform"]
    url = f"/api/admin/datasources/{source['id']}"
    assert (
        client.put(url, headers=headers, json={"fields": {"title": "Train", "text": "Time"}}).status_code
        == 200
    )
    error = error_of(client.put(url, headers=headers, json={"fields": {"image": "Picture"}}), 422)
    assert "Picture" in error["fields"]["fields.image"]


def test_the_screen_gets_the_mapping_with_the_media_and_a_new_version(
    app, clean_db, feeds, monkeypatch
) -> None:
    allow_private(app, monkeypatch)
    client, headers = signed_in(app)
    source = fetched_source(client, headers, feeds)
    template = make_template(app, WITH_TICKER)
    dataset = make_media(app, "Menu", "DATASET", data_source_id=int(source["id"]))
    playlist = make_playlist(app, template, [dataset], zone="ticker")  # a ticker plays a DATASET
    screen = make_screen(app)
    with app.app_context():
        db.session.add(
            Schedule(name="S", target_type=ScheduleTarget.SCREEN, target_id=screen, playlist_id=playlist)
        )
        db.session.commit()
        version = db.session.get(Playlist, playlist).version
    player = app.test_client()
    auth = {"Authorization": f"Bearer {activated(app, screen)}"}
    items = player.get(f"/api/player/{screen}/playlist/{playlist}", headers=auth).get_json()["items"]
    assert items[0]["media"]["dataFields"] is None

    url = f"/api/admin/datasources/{source['id']}"
    assert (
        client.put(url, headers=headers, json={"fields": {"title": "dish", "text": "about"}}).status_code
        == 200
    )
    body = player.get(f"/api/player/{screen}/playlist/{playlist}", headers=auth).get_json()
    assert body["version"] == version + 1
    assert body["items"][0]["media"]["dataFields"] == {"title": "dish", "text": "about", "image": None}
    # The same mapping again is no change: no new version.
    assert (
        client.put(url, headers=headers, json={"fields": {"title": "dish", "text": "about"}}).status_code
        == 200
    )
    assert (
        player.get(f"/api/player/{screen}/playlist/{playlist}", headers=auth).get_json()["version"]
        == version + 1
    )
    # The playlist API accepts a DATASET in a ticker zone, and still refuses a picture there.
    picture = make_media(app, "Poster")
    items = [{"mediaId": str(dataset), "zoneId": "ticker", "order": 0}]
    put = client.put(f"/api/admin/playlists/{playlist}", headers=headers, json={"items": items})
    assert put.status_code == 200, put.get_json()
    refused = client.put(
        f"/api/admin/playlists/{playlist}",
        headers=headers,
        json={"items": [*items, {"mediaId": str(picture), "zoneId": "ticker", "order": 1}]},
    )
    assert refused.status_code == 422


def test_console_maps_fields_beside_the_preview(app, clean_db, feeds, monkeypatch) -> None:
    allow_private(app, monkeypatch)
    client, headers = signed_in(app)
    source = fetched_source(client, headers, feeds)
    page = client.get(f"/admin/datasources/{source['id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-testid="datasource-fields"' in html and "dish, about, photo, price" in html
    assert '<option value="photo">photo</option>' in html

    path = f"/admin/datasources/{source['id']}/fields"
    refused = form_post(client, path, title="nope", text="about", image="")
    assert refused.status_code == 422 and 'No field "nope" in the data' in unescape(
        refused.get_data(as_text=True)
    )
    assert stored(app, source["id"]) == (None, None, None)
    saved = form_post(client, path, title="dish", text="", image="photo")
    assert saved.status_code == 302
    assert stored(app, source["id"]) == ("dish", None, "photo")
    assert '<option selected value="dish">' in client.get(f"/admin/datasources/{source['id']}").get_data(
        as_text=True
    )
    assert (
        'data-testid="datasource-stale-fields"'
        not in client.get(f"/admin/datasources/{source['id']}").data.decode()
    )
    # The document changes under the mapping: the page says which mapped field is gone.
    with app.app_context():
        db.session.get(DataSource, int(source["id"])).last_data = [{"name": "Soup", "photo": "x"}]
        db.session.commit()
    stale = unescape(client.get(f"/admin/datasources/{source['id']}").get_data(as_text=True))
    assert 'data-testid="datasource-stale-fields"' in stale and "Not in the last fetch: dish." in stale
    assert form_post(client, path, title="", text="", image="").status_code == 302
    assert stored(app, source["id"]) == (None, None, None)

    viewer, _ = signed_in(app, "VIEWER")
    assert form_post(viewer, path, title="dish").status_code == 403
    feed = fetched_source(client, headers, feeds, "RSS", RSS)
    assert 'data-testid="datasource-fields"' not in client.get(f"/admin/datasources/{feed['id']}").get_data(
        as_text=True
    )
