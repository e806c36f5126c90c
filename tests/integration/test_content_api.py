"""/api/admin/templates and /api/admin/playlists: validation, versions, conflicts, roles."""

from __future__ import annotations

import pytest

from signage.extensions import db
from signage.models import Playlist, Screen, Template
from tests.content_support import FULL, WITH_TICKER, make_media, make_playlist, make_template
from tests.support import api_login, make_screen, make_user


@pytest.fixture
def editor(app, client) -> dict[str, str]:
    make_user(app, "ed@example.com", "EDITOR")
    return {"X-CSRFToken": api_login(client, "ed@example.com")}


def version(app, playlist_id) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(Playlist, int(playlist_id)).version


def test_template_crud_and_zone_validation(app, client, editor) -> None:
    created = client.post(
        "/api/admin/templates", headers=editor, json={"name": " Ticker ", "zones": WITH_TICKER}
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["name"] == "Ticker" and body["playlistCount"] == 0
    assert body["zones"][0] == {
        "id": "main", "name": "", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 90,
        "zIndex": 0, "backgroundColor": None, "padding": 0, "styleJson": {},
    }  # fmt: skip
    bad = client.post(
        "/api/admin/templates",
        headers=editor,
        json={
            "name": "Bad",
            "zones": [
                {"id": "a", "type": "CONTENT", "x": 60, "y": 0, "width": 50, "height": 100},
                {"id": "a", "type": "MARQUEE", "x": 0, "y": 0, "width": 10, "height": 10, "zIndex": 1.5},
                {"id": "c", "type": "CONTENT", "x": 0, "y": 0, "width": 10, "height": 10,
                 "backgroundColor": "red; background:url(//evil)"},
            ],
        },
    )  # fmt: skip
    assert bad.status_code == 422
    fields = bad.get_json()["error"]["fields"]
    assert set(fields) == {
        "zones[0].width", "zones[1].id", "zones[1].type", "zones[1].zIndex", "zones[2].backgroundColor"
    }  # fmt: skip
    for zones in ([], "x", [1], [{"id": "m", "type": "CONTENT", "x": "0", "y": 0, "width": 1, "height": 1}]):
        assert (
            client.post(
                "/api/admin/templates", headers=editor, json={"name": "Z", "zones": zones}
            ).status_code
            == 422
        )
    listing = client.get("/api/admin/templates?q=tick").get_json()
    assert listing["total"] == 1 and listing["items"][0]["playlistCount"] == 0
    assert client.delete(f"/api/admin/templates/{body['id']}", headers=editor).status_code == 204


def test_playlist_written_whole(app, client, editor) -> None:
    template_id = make_template(app, WITH_TICKER)
    image, video, rss = make_media(app), make_media(app, "Clip", "VIDEO"), make_media(app, "News", "RSS")
    items = [
        {"mediaId": str(video), "zoneId": "main", "order": 5, "duration": 30, "transitionIn": "SLIDE"},
        {"mediaId": image, "zoneId": "main", "order": 1, "fit": "cover"},
        {"mediaId": str(rss), "zoneId": "ticker"},
    ]
    created = client.post(
        "/api/admin/playlists",
        headers=editor,
        json={
            "name": "Morning",
            "templateId": str(template_id),
            "defaultDuration": 12,
            "transition": "NONE",
            "items": items,
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["version"] == 1 and body["transition"] == "NONE" and body["defaultDuration"] == 12
    assert [(i["mediaId"], i["zoneId"], i["order"]) for i in body["items"]] == [
        (str(image), "main", 0), (str(video), "main", 1), (str(rss), "ticker", 0)
    ]  # fmt: skip
    assert body["items"][1]["duration"] == 30 and body["items"][1]["transitionIn"] == "SLIDE"
    assert [i["fit"] for i in body["items"]] == ["cover", "contain", "contain"]
    assert client.get(f"/api/admin/playlists/{body['id']}").get_json() == body
    # The items as a GET gave them (fit "contain" spelt out; less their ids) change nothing.
    same = [{key: value for key, value in item.items() if key != "id"} for item in body["items"]]
    again = client.put(f"/api/admin/playlists/{body['id']}", headers=editor, json={"items": same})
    assert again.status_code == 200 and again.get_json()["version"] == 1
    listing = client.get(f"/api/admin/playlists?templateId={template_id}").get_json()
    assert (
        listing["total"] == 1 and "items" not in listing["items"][0] and listing["items"][0]["itemCount"] == 3
    )


def test_items_are_checked_against_zones_and_media(app, client, editor) -> None:
    template_id = make_template(app, WITH_TICKER)
    image = make_media(app)
    items = [
        {"mediaId": image, "zoneId": "nowhere"},
        {"mediaId": image, "zoneId": "clock"},
        {"mediaId": image, "zoneId": "ticker"},
        {"mediaId": 999999, "zoneId": "main"},
        {
            "mediaId": image,
            "zoneId": "main",
            "duration": 0,
            "transitionOut": "WIPE",
            "extra": 1,
            "fit": "zoom",
        },
        "nope",
    ]
    response = client.post(
        "/api/admin/playlists", headers=editor, json={"name": "X", "templateId": template_id, "items": items}
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {
        "items[0].zoneId", "items[1].zoneId", "items[2].mediaId", "items[3].mediaId",
        "items[4].duration", "items[4].transitionOut", "items[4].extra", "items[4].fit", "items[5]",
    }  # fmt: skip
    missing = client.post("/api/admin/playlists", headers=editor, json={"name": "X", "templateId": "0"})
    assert missing.status_code == 422 and "templateId" in missing.get_json()["error"]["fields"]
    with app.app_context():
        assert db.session.query(Playlist).count() == 0


def test_version_moves_only_when_what_shows_changes(app, client, editor) -> None:
    template_id = make_template(app)
    first, second = make_media(app), make_media(app, "B")
    playlist_id = make_playlist(app, template_id, [first, second])
    url = f"/api/admin/playlists/{playlist_id}"
    assert client.put(url, headers=editor, json={"name": "Renamed"}).get_json()["version"] == 1
    reordered = [{"mediaId": second, "zoneId": "main"}, {"mediaId": first, "zoneId": "main"}]
    assert client.put(url, headers=editor, json={"items": reordered}).get_json()["version"] == 2
    assert client.put(url, headers=editor, json={"items": reordered}).get_json()["version"] == 2
    assert client.put(url, headers=editor, json={"defaultDuration": 20}).get_json()["version"] == 3
    assert client.put(url, headers=editor, json={"transition": "SLIDE"}).get_json()["version"] == 4
    # A template edit that changes the layout moves its playlists too.
    moved = [{**FULL[0], "width": 90}]
    assert (
        client.put(f"/api/admin/templates/{template_id}", headers=editor, json={"zones": moved}).status_code
        == 200
    )
    assert version(app, playlist_id) == 5
    renamed = client.put(f"/api/admin/templates/{template_id}", headers=editor, json={"name": "Other name"})
    assert renamed.status_code == 200 and version(app, playlist_id) == 5


def test_changing_the_template_rechecks_the_items(app, client, editor) -> None:
    full = make_template(app)
    ticker_only = make_template(
        app, [{"id": "t", "type": "TICKER", "x": 0, "y": 0, "width": 100, "height": 100}]
    )
    playlist_id = make_playlist(app, full, [make_media(app)])
    response = client.put(
        f"/api/admin/playlists/{playlist_id}", headers=editor, json={"templateId": ticker_only}
    )
    assert response.status_code == 422 and "templateId" in response.get_json()["error"]["fields"]
    assert version(app, playlist_id) == 1


def test_conflicts(app, client, editor) -> None:
    template_id = make_template(app, WITH_TICKER)
    playlist_id = make_playlist(app, template_id, [make_media(app)])
    in_use = client.delete(f"/api/admin/templates/{template_id}", headers=editor)
    assert in_use.status_code == 409 and "Loop" in in_use.get_json()["error"]["message"]
    without_main = [z for z in WITH_TICKER if z["id"] != "main"]
    zone_gone = client.put(
        f"/api/admin/templates/{template_id}", headers=editor, json={"zones": without_main}
    )
    assert zone_gone.status_code == 409 and zone_gone.get_json()["error"]["code"] == "zone_in_use"
    with app.app_context():
        assert len(db.session.get(Template, template_id).zones) == 3
    assert client.delete(f"/api/admin/playlists/{playlist_id}", headers=editor).status_code == 204
    assert client.delete(f"/api/admin/templates/{template_id}", headers=editor).status_code == 204


def test_screens_playing_a_changed_playlist_are_told(app, client, editor, live_url) -> None:
    """Through the live server: a player whose current playlist changes gets playlist:reload."""
    from tests.realtime_support import Console, Recorder, wait_for

    template_id = make_template(app)
    media = make_media(app)
    playlist_id = make_playlist(app, template_id, [media])
    playing, idle = make_screen(app, "Playing"), make_screen(app, "Idle")
    with app.app_context():
        db.session.get(Screen, playing).current_playlist_id = playlist_id
        db.session.commit()
    make_user(app, "root@example.com", "ADMIN")
    console = Console(live_url, "root@example.com")
    players = [
        Recorder().connect(live_url, auth={"token": console.activate_screen(s)}) for s in (playing, idle)
    ]
    try:
        response = console.http.put(
            f"{live_url}/api/admin/playlists/{playlist_id}", json={"defaultDuration": 42}, timeout=10
        )
        assert response.status_code == 200 and response.json()["version"] == 2
        assert wait_for(
            lambda: players[0].named("playlist:reload") == [{"playlistId": str(playlist_id), "version": 2}]
        )
        assert players[1].named("playlist:reload") == []
    finally:
        for player in players:
            player.close()
        console.http.close()


def test_viewers_read_but_cannot_write(app, client) -> None:
    template_id = make_template(app)
    make_user(app, "vi@example.com", "VIEWER")
    headers = {"X-CSRFToken": api_login(client, "vi@example.com")}
    assert client.get("/api/admin/templates").status_code == 200
    assert client.get("/api/admin/playlists").status_code == 200
    assert (
        client.post("/api/admin/templates", headers=headers, json={"name": "T", "zones": FULL}).status_code
        == 403
    )
    assert (
        client.post(
            "/api/admin/playlists", headers=headers, json={"name": "P", "templateId": template_id}
        ).status_code
        == 403
    )


def test_seeded_templates_are_valid_and_seeded_once(app, clean_db) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["signage", "seed-templates"]).output
    assert "added Fullscreen" in first and "thumbnails drawn" not in first  # drawn as they were made
    assert "all present" in runner.invoke(args=["signage", "seed-templates"]).output
    with app.app_context():
        names = {t.name for t in db.session.query(Template)}
        assert all(t.thumbnail_s3_key for t in db.session.query(Template))
    assert names == {"Fullscreen", "Main + bottom ticker", "Main + side panel", "Two-way split"}
    older = make_template(app, name="Made before thumbnails")
    assert "Template thumbnails drawn: 1." in runner.invoke(args=["signage", "seed-templates"]).output
    with app.app_context():
        assert db.session.get(Template, older).thumbnail_s3_key
