"""/api/admin/datasources (roles, bad input, masked headers, 409 naming the media, refresh),
the player's GET /api/player/{screenId}/datasource/{id} (403/200/304) and the console pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from signage.datasources.secrets import opened_headers
from signage.extensions import db
from signage.models import DataSource, Schedule, ScheduleTarget, Screen
from tests.content_support import make_media, make_playlist, make_template
from tests.datasource_support import RSS, FeedServer, allow_private, feed_server
from tests.support import api_login, make_screen, make_user


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with feed_server() as server:
        yield server


def signed_in(app, role: str = "ADMIN"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    make_user(app, f"{role.lower()}@example.com", role)
    return client, {"X-CSRFToken": api_login(client, f"{role.lower()}@example.com")}


def error_of(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()["error"]


def count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(DataSource)) or 0


BODY = {
    "name": "News",
    "type": "RSS",
    "config": {"url": "https://news.example/feed.xml", "headers": {"Authorization": "Bearer s3cret"}},
    "refreshInterval": 600,
}


def test_crud_round_trip_masks_the_headers(app, clean_db) -> None:
    client, headers = signed_in(app)
    created = client.post("/api/admin/datasources", headers=headers, json=BODY)
    assert created.status_code == 201, created.get_json()
    source = created.get_json()
    assert source["name"] == "News" and source["type"] == "RSS" and source["refreshInterval"] == 600
    assert source["config"] == {
        "url": "https://news.example/feed.xml",
        "headers": {"Authorization": "********"},
    }
    assert source["lastFetched"] is None and source["lastError"] is None
    assert "s3cret" not in created.get_data(as_text=True)

    listed = client.get("/api/admin/datasources?q=new").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == source["id"]
    assert "s3cret" not in client.get(f"/api/admin/datasources/{source['id']}").get_data(as_text=True)

    # Sending the mask back keeps the secret; a new name and interval apply.
    changed = client.put(
        f"/api/admin/datasources/{source['id']}",
        headers=headers,
        json={"name": " Headlines ", "config": {**BODY["config"], "headers": {"Authorization": "********"}}},
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["name"] == "Headlines"
    with app.app_context():
        row = db.session.get(DataSource, int(source["id"]))
        assert opened_headers(row.config["headers"]) == {"Authorization": "Bearer s3cret"}

    assert client.delete(f"/api/admin/datasources/{source['id']}", headers=headers).status_code == 204
    assert count(app) == 0
    assert client.get(f"/api/admin/datasources/{source['id']}").status_code == 404


def test_a_hidden_secret_never_follows_the_url_to_another_server(app, clean_db) -> None:
    client, headers = signed_in(app)
    source = client.post("/api/admin/datasources", headers=headers, json=BODY).get_json()
    url = f"/api/admin/datasources/{source['id']}"
    for elsewhere in (
        "https://attacker.example/collect",
        "http://news.example/feed.xml",
        "https://news.example:8443/x",
    ):
        moved = client.put(
            url,
            headers=headers,
            json={"config": {"url": elsewhere, "headers": {"Authorization": "********"}}},
        )
        assert moved.status_code == 422, (elsewhere, moved.get_json())
        assert "type it again" in moved.get_json()["error"]["fields"]["config.headers"]
    with app.app_context():
        row = db.session.get(DataSource, int(source["id"]))
        assert row.config["url"] == BODY["config"]["url"]  # nothing changed
        assert opened_headers(row.config["headers"]) == BODY["config"]["headers"]
    # Same server, another path: the hidden value still stands for the stored one.
    same = client.put(
        url,
        headers=headers,
        json={
            "config": {"url": "https://NEWS.example:443/other.xml", "headers": {"Authorization": "********"}}
        },
    )
    assert same.status_code == 200, same.get_json()
    # Elsewhere with the value typed again: accepted, and stored as typed.
    retyped = client.put(
        url,
        headers=headers,
        json={
            "config": {"url": "https://mirror.example/feed.xml", "headers": {"Authorization": "Bearer other"}}
        },
    )
    assert retyped.status_code == 200, retyped.get_json()
    with app.app_context():
        stored = db.session.get(DataSource, int(source["id"])).config["headers"]
        assert opened_headers(stored) == {"Authorization": "Bearer other"}
    # The mask is never stored literally for a header that has no stored value.
    added = client.put(
        url,
        headers=headers,
        json={
            "config": {
                "url": "https://mirror.example/feed.xml",
                "headers": {"Authorization": "********", "X-Key": "********"},
            }
        },
    )
    assert added.status_code == 422 and "X-Key" in added.get_json()["error"]["fields"]["config.headers"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name", "type", "config"}),
        ({**BODY, "name": "  "}, {"name"}),
        ({**BODY, "type": "XML"}, {"type"}),
        ({**BODY, "refreshInterval": 59}, {"refreshInterval"}),
        ({**BODY, "refreshInterval": 86401}, {"refreshInterval"}),
        ({**BODY, "refreshInterval": "600"}, {"refreshInterval"}),
        ({**BODY, "config": {"url": "javascript:alert(1)"}}, {"config.url"}),
        ({**BODY, "config": {"url": "https://u:p@x.example/"}}, {"config.url"}),
        ({**BODY, "config": {}}, {"config.url"}),
        ({**BODY, "config": {"url": "https://x.example/", "path": "a"}}, {"config.path"}),  # RSS has no path
        ({**BODY, "config": {"url": "https://x.example/", "headers": {"X": "a\nb"}}}, {"config.headers"}),
        ({**BODY, "config": {"url": "https://x.example/", "proxy": "x"}}, {"config.proxy"}),
        ({**BODY, "lastData": {}}, {"lastData"}),
    ],
)
def test_bad_input_is_a_422_naming_each_field_and_changes_nothing(app, clean_db, body, fields) -> None:
    client, headers = signed_in(app)
    error = error_of(client.post("/api/admin/datasources", headers=headers, json=body), 422)
    assert set(error["fields"]) == fields
    assert count(app) == 0


def test_a_bad_update_changes_nothing(app, clean_db) -> None:
    client, headers = signed_in(app)
    source = client.post("/api/admin/datasources", headers=headers, json=BODY).get_json()
    response = client.put(
        f"/api/admin/datasources/{source['id']}",
        headers=headers,
        json={"name": "Renamed", "type": "CSV", "config": {"url": "https://x.example/", "path": "a"}},
    )
    assert set(error_of(response, 422)["fields"]) == {"config.path"}
    assert client.get(f"/api/admin/datasources/{source['id']}").get_json()["name"] == "News"
    # A JSON source keeps its path; turning it into CSV re-checks the stored config.
    json_source = client.post(
        "/api/admin/datasources",
        headers=headers,
        json={"name": "J", "type": "JSON_URL", "config": {"url": "https://x.example/", "path": "data"}},
    ).get_json()
    response = client.put(
        f"/api/admin/datasources/{json_source['id']}", headers=headers, json={"type": "CSV"}
    )
    assert set(error_of(response, 422)["fields"]) == {"config.path"}


def test_roles_read_for_all_write_for_admin_and_editor(app, clean_db) -> None:
    admin, admin_headers = signed_in(app)
    source = admin.post("/api/admin/datasources", headers=admin_headers, json=BODY).get_json()
    viewer, viewer_headers = signed_in(app, "VIEWER")
    assert viewer.get("/api/admin/datasources").status_code == 200
    assert viewer.get(f"/api/admin/datasources/{source['id']}").status_code == 200
    for method, path, body in (
        ("POST", "/api/admin/datasources", BODY),
        ("PUT", f"/api/admin/datasources/{source['id']}", {"name": "X"}),
        ("DELETE", f"/api/admin/datasources/{source['id']}", None),
        ("POST", f"/api/admin/datasources/{source['id']}/refresh", None),
    ):
        assert error_of(viewer.open(path, method=method, headers=viewer_headers, json=body), 403)["code"] == (
            "forbidden"
        )
    editor, editor_headers = signed_in(app, "EDITOR")
    response = editor.put(
        f"/api/admin/datasources/{source['id']}", headers=editor_headers, json={"name": "E"}
    )
    assert response.status_code == 200
    assert count(app) == 1
    assert app.test_client().get("/api/admin/datasources").status_code == 401


def test_delete_is_refused_while_media_read_the_source(app, clean_db) -> None:
    client, headers = signed_in(app)
    source = client.post("/api/admin/datasources", headers=headers, json=BODY).get_json()
    make_media(app, "Lobby ticker", "RSS", data_source_id=int(source["id"]))
    make_media(app, "Bar ticker", "RSS", data_source_id=int(source["id"]))
    error = error_of(client.delete(f"/api/admin/datasources/{source['id']}", headers=headers), 409)
    assert error["code"] == "datasource_in_use"
    assert "Bar ticker, Lobby ticker" in error["message"]
    assert count(app) == 1


def test_refresh_fetches_now_and_returns_a_preview(app, clean_db, feeds, monkeypatch) -> None:
    allow_private(app, monkeypatch)
    client, headers = signed_in(app)
    feeds.route("/feed", RSS)
    source = client.post(
        "/api/admin/datasources",
        headers=headers,
        json={**BODY, "config": {"url": f"{feeds.base}/feed", "headers": {"X-Api-Key": "k1"}}},
    ).get_json()
    refreshed = client.post(f"/api/admin/datasources/{source['id']}/refresh", headers=headers)
    assert refreshed.status_code == 200, refreshed.get_json()
    body = refreshed.get_json()
    assert body["lastError"] is None and body["lastFetched"] and body["hasData"]
    assert [item["title"] for item in body["preview"]["items"]] == ["One", "Two"]
    assert feeds.requests[-1][1]["X-Api-Key"] == "k1"

    feeds.route("/feed", status=503)
    failed = client.post(f"/api/admin/datasources/{source['id']}/refresh", headers=headers).get_json()
    assert failed["lastError"] == "The server answered HTTP 503."
    assert [item["title"] for item in failed["preview"]["items"]] == ["One", "Two"]  # kept
    missing = client.post("/api/admin/datasources/999999/refresh", headers=headers)
    assert error_of(missing, 404)["code"] == "not_found"


# The player's route


def activated(app, screen_id: int) -> str:  # type: ignore[no-untyped-def]
    from signage.fleet.identity import activate, new_activation_token

    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        token = new_activation_token(screen, datetime.now(UTC))
        return activate(token, app.config["SIGNAGE"].player_jwt_secret, datetime.now(UTC)).jwt


def test_a_screen_reads_only_the_sources_its_playlists_use(app, clean_db) -> None:
    data = {"items": [{"title": "Hello", "link": None, "published": None}]}
    with app.app_context():
        used = DataSource(name="Used", type="RSS", config={"url": "https://a.example/"}, last_data=data)
        other = DataSource(name="Other", type="RSS", config={"url": "https://b.example/"}, last_data=data)
        empty = DataSource(name="Empty", type="CSV", config={"url": "https://c.example/"})
        db.session.add_all([used, other, empty])
        db.session.commit()
        used_id, other_id, empty_id = used.id, other.id, empty.id
    template = make_template(app)
    mine = make_playlist(
        app,
        template,
        [
            make_media(app, "T", "RSS", data_source_id=used_id),
            make_media(app, "D", "DATASET", data_source_id=empty_id),
        ],
    )
    theirs = make_playlist(
        app, template, [make_media(app, "O", "RSS", data_source_id=other_id)], name="Theirs"
    )
    screen = make_screen(app)
    elsewhere = make_screen(app, "Elsewhere")
    with app.app_context():
        db.session.add_all(
            [
                Schedule(name="Mine", target_type=ScheduleTarget.SCREEN, target_id=screen, playlist_id=mine),
                Schedule(
                    name="Theirs", target_type=ScheduleTarget.SCREEN, target_id=elsewhere, playlist_id=theirs
                ),
            ]
        )
        db.session.commit()
    player = app.test_client()
    auth = {"Authorization": f"Bearer {activated(app, screen)}"}

    got = player.get(f"/api/player/{screen}/datasource/{used_id}", headers=auth)
    assert got.status_code == 200 and got.get_json() == data
    again = player.get(
        f"/api/player/{screen}/datasource/{used_id}", headers={**auth, "If-None-Match": got.headers["ETag"]}
    )
    assert again.status_code == 304 and again.get_data() == b""
    assert error_of(player.get(f"/api/player/{screen}/datasource/{other_id}", headers=auth), 403)["code"] == (
        "forbidden"
    )
    not_yet = player.get(f"/api/player/{screen}/datasource/{empty_id}", headers=auth)
    assert error_of(not_yet, 503)["code"] == "datasource_not_ready"
    assert error_of(player.get(f"/api/player/{screen}/datasource/424242", headers=auth), 404)
    assert player.get(f"/api/player/{elsewhere}/datasource/{used_id}", headers=auth).status_code == 403
    assert player.get(f"/api/player/{screen}/datasource/{used_id}").status_code == 401

    # New data, new ETag: the player's next poll gets the body.
    with app.app_context():
        db.session.get(DataSource, used_id).last_data = {"items": []}
        db.session.commit()
    changed = player.get(
        f"/api/player/{screen}/datasource/{used_id}", headers={**auth, "If-None-Match": got.headers["ETag"]}
    )
    assert changed.status_code == 200 and changed.get_json() == {"items": []}


# Console pages


def form_post(client, path: str, **data):  # type: ignore[no-untyped-def]
    token = client.get("/api/auth/me").get_json()["csrfToken"]
    return client.post(path, data={"csrf_token": token, **data})


def test_console_create_edit_refresh_and_a_refused_delete(app, clean_db, feeds, monkeypatch) -> None:
    allow_private(app, monkeypatch)
    client, _ = signed_in(app)
    page = client.get("/admin/datasources")
    assert page.status_code == 200 and b"Data sources" in page.data and b"datasource-create" in page.data
    feeds.route("/table.csv", "City,Temp\nParis,12\n")
    bad = form_post(client, "/admin/datasources", name="", type="CSV", url="ftp://x", refresh_interval="5")
    assert bad.status_code == 422
    assert b"Must be an http:// or https:// URL." in bad.data and b"Between 60 seconds" in bad.data
    assert count(app) == 0
    created = form_post(
        client,
        "/admin/datasources",
        name="Weather table",
        type="CSV",
        url=f"{feeds.base}/table.csv",
        headers="X-Token: abc",
        refresh_interval="300",
    )
    assert created.status_code == 302
    location = created.headers["Location"]
    detail = client.get(location)
    assert (
        b"Weather table" in detail.data and b"X-Token: ********" in detail.data and b"abc" not in detail.data
    )

    refreshed = form_post(client, f"{location}/refresh")
    assert refreshed.status_code == 302
    shown = client.get(location)
    assert b"Fetched just now." in shown.data and b"Paris" in shown.data

    saved = form_post(
        client,
        location,
        name="Weather",
        type="CSV",
        url=f"{feeds.base}/table.csv",
        headers="X-Token: ********",
        refresh_interval="600",
    )
    assert saved.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(DataSource))
        assert (
            row.name == "Weather"
            and row.refresh_interval == 600
            and opened_headers(row.config["headers"]) == {"X-Token": "abc"}
        )
        source_id = row.id
    make_media(app, "Board", "DATASET", data_source_id=source_id)
    blocked = form_post(client, f"{location}/delete", confirm="y")
    assert blocked.status_code == 409 and b"delete-blocked" in blocked.data and b"Board" in blocked.data
    assert count(app) == 1

    viewer, _ = signed_in(app, "VIEWER")
    listing = viewer.get("/admin/datasources")
    assert (
        listing.status_code == 200 and b"Weather" in listing.data and b"datasource-create" not in listing.data
    )
    assert b"datasource-edit" not in viewer.get(location).data
    assert form_post(viewer, f"{location}/refresh").status_code == 403


def test_header_values_are_sealed_at_rest_and_opened_for_the_fetch(app, clean_db) -> None:
    client, headers = signed_in(app)
    source = client.post("/api/admin/datasources", headers=headers, json=BODY).get_json()
    with app.app_context():
        stored = db.session.get(DataSource, int(source["id"])).config["headers"]["Authorization"]
        # A copy of the database does not carry the credential.
        assert stored.startswith("enc:v1:") and "s3cret" not in stored
        assert opened_headers({"Authorization": stored}) == {"Authorization": "Bearer s3cret"}
        # A value stored before sealing existed still reads as itself.
        assert opened_headers({"X-Old": "plain"}) == {"X-Old": "plain"}
