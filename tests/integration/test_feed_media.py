"""RSS media made by URL (API and console) read a data source made for them: the player's
datasource endpoint serves its items after a refresh; a new URL moves it; deleting frees it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from signage.datasources.sources import refresh_source
from signage.extensions import db
from signage.models import DataSource, Media, Schedule, ScheduleTarget
from tests.content_support import make_playlist, make_template
from tests.datasource_support import RSS, FeedServer, allow_private, feed_server
from tests.integration.test_datasources_api import activated, error_of, signed_in
from tests.integration.test_media_pages import login
from tests.support import make_screen


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with feed_server() as server:
        yield server


def sources(app) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(select(DataSource).order_by(DataSource.id)).all()
        return [(row.id, row.name, row.config["url"]) for row in rows]


def test_an_rss_media_by_url_is_served_to_the_player(app, clean_db, feeds, monkeypatch) -> None:
    allow_private(app, monkeypatch)
    url = feeds.route("/feed.xml", RSS, Content_Type="application/rss+xml")
    client, headers = signed_in(app, "EDITOR")
    created = client.post(
        "/api/admin/medias", headers=headers, json={"type": "RSS", "name": "News", "url": url}
    )
    assert created.status_code == 201, created.get_json()
    media = created.get_json()
    assert media["url"] == url and media["dataSourceId"] is not None
    assert sources(app) == [(int(media["dataSourceId"]), "News", url)]

    screen = make_screen(app)
    playlist = make_playlist(app, make_template(app), [int(media["id"])])
    with app.app_context():
        db.session.add(
            Schedule(name="S", target_type=ScheduleTarget.SCREEN, target_id=screen, playlist_id=playlist)
        )
        db.session.commit()
    player = app.test_client()
    auth = {"Authorization": f"Bearer {activated(app, screen)}"}
    endpoint = f"/api/player/{screen}/datasource/{media['dataSourceId']}"
    assert error_of(player.get(endpoint, headers=auth), 503)["code"] == "datasource_not_ready"
    with app.app_context():
        refresh_source(int(media["dataSourceId"]))
    served = player.get(endpoint, headers=auth)
    assert served.status_code == 200
    assert [item["title"] for item in served.get_json()["items"]] == ["One", "Two"]

    # A GET's body sent back changes nothing; a new URL moves the source (due again).
    same = client.put(f"/api/admin/medias/{media['id']}", headers=headers, json=media)
    assert same.status_code == 200, same.get_json()
    moved = client.put(f"/api/admin/medias/{media['id']}", headers=headers, json={"url": url + "?v=2"})
    assert moved.status_code == 200 and moved.get_json()["dataSourceId"] == media["dataSourceId"]
    assert sources(app) == [(int(media["dataSourceId"]), "News", url + "?v=2")]
    with app.app_context():
        assert db.session.get(DataSource, int(media["dataSourceId"])).last_fetched is None

    # Deleting the media deletes its source.
    assert client.delete(f"/api/admin/medias/{media['id']}?force=true", headers=headers).status_code == 204
    assert sources(app) == []


def test_by_url_refusals_leave_nothing_behind(app, clean_db) -> None:
    client, headers = signed_in(app, "EDITOR")
    with app.app_context():
        shared = DataSource(name="Shared", type="RSS", config={"url": "https://a.example/feed"})
        db.session.add(shared)
        db.session.commit()
        shared_id = shared.id
    both = client.post(
        "/api/admin/medias",
        headers=headers,
        json={"type": "RSS", "url": "https://b.example/feed", "dataSourceId": shared_id},
    )
    assert error_of(both, 422)["fields"] == {"url": "Give either url or dataSourceId, not both."}
    # The media's URL rule passes a credential; the source's refuses it, under the media's field.
    creds = client.post(
        "/api/admin/medias", headers=headers, json={"type": "RSS", "url": "https://u:p@b.example/feed"}
    )
    assert "url" in error_of(creds, 422)["fields"]
    assert [row[0] for row in sources(app)] == [shared_id]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Media)) == 0


def test_switching_to_a_shared_source_and_back(app, clean_db) -> None:
    client, headers = signed_in(app, "EDITOR")
    with app.app_context():
        shared = DataSource(name="Shared", type="RSS", config={"url": "https://a.example/feed"})
        db.session.add(shared)
        db.session.commit()
        shared_id = shared.id
    media = client.post(
        "/api/admin/medias", headers=headers, json={"type": "RSS", "name": "N", "url": "https://b.example/f"}
    ).get_json()
    own = int(media["dataSourceId"])
    switched = client.put(
        f"/api/admin/medias/{media['id']}", headers=headers, json={"url": None, "dataSourceId": shared_id}
    )
    assert switched.status_code == 200, switched.get_json()
    assert switched.get_json()["url"] is None and switched.get_json()["dataSourceId"] == str(shared_id)
    assert own != shared_id and [row[0] for row in sources(app)] == [shared_id]  # its own went
    back = client.put(
        f"/api/admin/medias/{media['id']}",
        headers=headers,
        json={"url": "https://c.example/f", "dataSourceId": None},
    )
    assert back.status_code == 200, back.get_json()
    assert sources(app)[-1][2] == "https://c.example/f" and len(sources(app)) == 2
    # A shared source outlives a media reading it.
    assert (
        client.put(
            f"/api/admin/medias/{media['id']}", headers=headers, json={"url": None, "dataSourceId": shared_id}
        ).status_code
        == 200
    )
    assert client.delete(f"/api/admin/medias/{media['id']}", headers=headers).status_code == 204
    assert [row[0] for row in sources(app)] == [shared_id]


def test_console_link_form_makes_the_source(app, client) -> None:
    token = login(app, client)
    created = client.post(
        "/admin/media/link",
        data={"csrf_token": token, "type": "RSS", "name": "Headlines", "url": "https://news.example/rss"},
    )
    assert created.status_code == 302, created.get_data(as_text=True)
    with app.app_context():
        media = db.session.query(Media).filter_by(name="Headlines").one()
        source_id, media_url = media.data_source_id, media.id
    assert sources(app) == [(source_id, "Headlines", "https://news.example/rss")]
    edited = client.post(
        f"/admin/media/{media_url}",
        data={"csrf_token": token, "name": "Headlines", "url": "https://news.example/v2", "tags": "",
              "duration": "", "valid_from": "", "valid_until": ""},
    )  # fmt: skip
    assert edited.status_code == 302
    assert sources(app) == [(source_id, "Headlines", "https://news.example/v2")]
    deleted = client.post(f"/admin/media/{media_url}/delete", data={"csrf_token": token, "confirm": "y"})
    assert deleted.status_code == 302
    assert sources(app) == []


def test_console_link_form_reads_a_data_source(app, client) -> None:
    token = login(app, client)
    with app.app_context():
        feed = DataSource(name="Wire", type="RSS", config={"url": "https://a.example/feed"})
        table = DataSource(name="Prices", type="CSV", config={"url": "https://a.example/p.csv"})
        db.session.add_all([feed, table])
        db.session.commit()
        feed_id, table_id = feed.id, table.id
    page = client.get("/admin/media").get_data(as_text=True)
    assert f'<option value="{table_id}" >Prices (CSV)</option>' in page and "Table (dataset)" in page

    def post(**fields: str):  # type: ignore[no-untyped-def]
        return client.post("/admin/media/link", data={"csrf_token": token, "name": "", **fields})

    assert "Pick a data source." in post(type="DATASET").get_data(as_text=True)
    wrong = post(type="DATASET", data_source=str(feed_id))
    assert wrong.status_code == 422
    assert "This data source cannot feed this type of media." in wrong.get_data(as_text=True)
    assert "No data source with this id." in post(type="RSS", data_source="999999").get_data(as_text=True)
    both = post(type="RSS", data_source=str(feed_id), url="https://b.example/f")
    assert "Give a URL or pick a data source, not both." in both.get_data(as_text=True)
    assert "Give a URL or pick a data source." in post(type="RSS").get_data(as_text=True)

    assert post(type="DATASET", data_source=str(table_id)).status_code == 302
    assert post(type="RSS", data_source=str(feed_id), name="Ticker").status_code == 302
    with app.app_context():
        made = {m.name: (m.type.value, m.url, m.data_source_id) for m in db.session.scalars(select(Media))}
    assert made == {"Prices": ("DATASET", None, table_id), "Ticker": ("RSS", None, feed_id)}
    assert len(sources(app)) == 2  # no source made for these
    with app.app_context():
        ticker = db.session.scalars(select(Media).where(Media.name == "Ticker")).one().id
    detail = client.get(f"/admin/media/{ticker}").get_data(as_text=True)
    assert 'data-testid="media-source">Wire</a>' in detail and 'name="url"' not in detail
    # Its page saves without a URL (it has none of its own).
    saved = client.post(
        f"/admin/media/{ticker}",
        data={"csrf_token": token, "name": "Ticker 2", "tags": "", "duration": "",
              "valid_from": "", "valid_until": ""},
    )  # fmt: skip
    assert saved.status_code == 302
