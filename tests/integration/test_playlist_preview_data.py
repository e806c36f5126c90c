"""What the console's playlist preview reads for its tickers, tables and weather
(/admin/playlists/{id}/preview/datasource/{sourceId} and /preview/weather): the player routes'
answers, for a console reader, and only what the playlist itself reads (else 404). Weather comes
from a loopback stand-in for OpenWeatherMap (tests/integration/test_player_weather.py)."""

from __future__ import annotations

from signage.access.matrix import Permission, Role, can
from signage.extensions import db
from signage.factory import create_app
from signage.models import DataSource, Schedule, ScheduleTarget, User
from signage.web.guard import declared_permission
from tests.content_support import make_media, make_playlist, make_template
from tests.integration.test_admin_pages import sign_in
from tests.integration.test_datasources_api import activated
from tests.integration.test_player_weather import CALLS, owm  # noqa: F401  (the stand-in's fixture)
from tests.support import make_screen, make_user, settings_for

DATA = {"items": [{"title": "Hello", "link": None, "published": None}]}
WEATHER = [
    {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 70, "height": 100},
    {"id": "sky", "type": "WEATHER", "x": 70, "y": 0, "width": 30, "height": 50,
     "styleJson": {"city": " Lyon ", "units": "metric"}},
    {"id": "usa", "type": "WEATHER", "x": 70, "y": 50, "width": 30, "height": 50,
     "styleJson": {"city": "Boston", "units": "imperial"}},
]  # fmt: skip


def sources(app) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        used = DataSource(name="Used", type="RSS", config={"url": "https://a.example/"}, last_data=DATA)
        other = DataSource(name="Other", type="RSS", config={"url": "https://b.example/"}, last_data=DATA)
        empty = DataSource(name="Empty", type="CSV", config={"url": "https://c.example/"})
        db.session.add_all([used, other, empty])
        db.session.commit()
        return used.id, other.id, empty.id


def scheduled_screen(app, playlist_id: int) -> tuple[int, dict[str, str]]:  # type: ignore[no-untyped-def]
    screen = make_screen(app)
    with app.app_context():
        db.session.add(
            Schedule(name="On", target_type=ScheduleTarget.SCREEN, target_id=screen, playlist_id=playlist_id)
        )
        db.session.commit()
    return screen, {"Authorization": f"Bearer {activated(app, screen)}"}


def test_a_reader_gets_the_players_answer_for_the_playlists_own_sources_only(app, client) -> None:
    used, other, empty = sources(app)
    template = make_template(app)
    mine = make_playlist(
        app,
        template,
        [
            make_media(app, "T", "RSS", data_source_id=used),
            make_media(app, "D", "DATASET", data_source_id=empty),
        ],
    )
    theirs = make_playlist(app, template, [make_media(app, "O", "RSS", data_source_id=other)], name="Theirs")
    screen, auth = scheduled_screen(app, mine)
    player = app.test_client()
    make_user(app, "viewer@example.com", "VIEWER")
    sign_in(client, "viewer@example.com")
    json = {"Accept": "application/json"}
    base = f"/admin/playlists/{mine}/preview/datasource"

    got = client.get(f"{base}/{used}", headers=json)
    from_player = player.get(f"/api/player/{screen}/datasource/{used}", headers=auth)
    assert got.status_code == from_player.status_code == 200
    assert got.get_data() == from_player.get_data() and got.get_json() == DATA
    assert got.headers["ETag"] == from_player.headers["ETag"]
    assert got.headers["Cache-Control"] == "private, no-cache"
    again = client.get(f"{base}/{used}", headers={**json, "If-None-Match": got.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""

    # Not fetched yet: the player's 503, which leaves a ticker on its fixed text.
    not_yet = client.get(f"{base}/{empty}", headers=json)
    from_player = player.get(f"/api/player/{screen}/datasource/{empty}", headers=auth)
    assert not_yet.status_code == from_player.status_code == 503
    assert not_yet.get_json() == from_player.get_json()
    assert not_yet.get_json()["error"]["code"] == "datasource_not_ready"
    assert not_yet.headers["Retry-After"] == "60"

    # Another playlist's source, through this playlist or a wrong one, and ids naming nothing.
    refused = client.get(f"{base}/{other}", headers=json)
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "not_found"
    assert "Hello" not in refused.get_data(as_text=True)
    assert client.get(f"/admin/playlists/{theirs}/preview/datasource/{used}", headers=json).status_code == 404
    assert (
        client.get(f"/admin/playlists/{theirs}/preview/datasource/{other}", headers=json).status_code == 200
    )
    for path in (
        f"{base}/424242",
        f"{base}/abc",
        f"{base}/-1",
        f"/admin/playlists/999999/preview/datasource/{used}",
    ):
        assert client.get(path, headers=json).status_code == 404, path

    # Once the media leaves the playlist, so does the right to read its source.
    with app.app_context():
        from signage.models import Playlist

        playlist = db.session.get(Playlist, mine)
        playlist.items = [item for item in playlist.items if item.media.data_source_id != used]
        db.session.commit()
    assert client.get(f"{base}/{used}", headers=json).status_code == 404


def test_the_routes_ask_for_reading_playlists_and_a_session(app, client) -> None:
    used, _other, _empty = sources(app)
    playlist = make_playlist(app, make_template(app), [make_media(app, "T", "RSS", data_source_id=used)])
    for endpoint in ("admin.preview_datasource", "admin.preview_weather"):
        assert declared_permission(app.view_functions[endpoint]) == Permission.PLAYLISTS_READ
    # Every role reads playlists (the guard's 403 for the others: tests/integration/test_permissions.py).
    assert all(can(role, Permission.PLAYLISTS_READ) for role in Role)
    for path in (f"datasource/{used}", "weather?city=Lyon&units=metric"):
        anonymous = client.get(
            f"/admin/playlists/{playlist}/preview/{path}", headers={"Accept": "application/json"}
        )
        assert anonymous.status_code == 302 and "/admin/login" in anonymous.headers["Location"]
        assert "Hello" not in anonymous.get_data(as_text=True)


def test_weather_goes_through_the_players_cache_for_the_layouts_cities_only(
    app,
    clean_db,
    database_url,
    owm,  # noqa: F811
) -> None:
    with_key = create_app(settings_for(database_url, OPENWEATHER_API_KEY="secret-key", OPENWEATHER_URL=owm))
    playlist = make_playlist(with_key, make_template(with_key, WEATHER), [make_media(with_key)])
    screen, auth = scheduled_screen(with_key, playlist)  # its site speaks French (the default)
    make_user(with_key, "fr@example.com", "VIEWER")
    make_user(with_key, "en@example.com", "EDITOR")
    with with_key.app_context():
        for user in db.session.query(User):
            user.locale = user.email[:2]
        db.session.commit()
    french, english = with_key.test_client(), with_key.test_client()
    sign_in(french, "fr@example.com")
    sign_in(english, "en@example.com")
    json = {"Accept": "application/json"}
    lyon = f"/admin/playlists/{playlist}/preview/weather?city=Lyon&units=metric"

    from_player = with_key.test_client().get(f"/api/player/{screen}/weather?city=Lyon", headers=auth)
    assert from_player.status_code == 200 and len(CALLS) == 1
    for _ in range(3):  # a preview refreshing: the server's cache answers, as for the screens
        got = french.get(lyon, headers=json)
        assert got.status_code == 200 and got.get_json() == from_player.get_json()
        assert got.headers["Cache-Control"] == "private, max-age=600"
        assert "secret-key" not in got.get_data(as_text=True)
    assert len(CALLS) == 1
    # No site for a playlist: the reader's language, its own cache entry.
    assert english.get(lyon, headers=json).status_code == 200
    assert len(CALLS) == 2 and CALLS[-1]["lang"] == ["en"] and CALLS[-1]["q"] == ["Lyon"]
    boston = french.get(
        f"/admin/playlists/{playlist}/preview/weather?city=Boston&units=imperial", headers=json
    )
    assert boston.status_code == 200 and CALLS[-1]["units"] == ["imperial"] and CALLS[-1]["lang"] == ["fr"]
    calls = len(CALLS)

    # Only what the layout's zones ask: no quota spent on any other city or units.
    for query in ("city=Paris&units=metric", "city=Lyon&units=imperial", "city=Boston&units=metric"):
        refused = french.get(f"/admin/playlists/{playlist}/preview/weather?{query}", headers=json)
        assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "not_found", query
    other = make_playlist(with_key, make_template(with_key), [make_media(with_key)], name="No weather")
    assert french.get(f"/admin/playlists/{other}/preview/weather?city=Lyon&units=metric").status_code == 404
    for query in ("", "?city=Lyon&units=kelvin", f"?city={'x' * 101}"):
        bad = french.get(f"/admin/playlists/{playlist}/preview/weather{query}", headers=json)
        assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "validation_failed", query
    assert french.get("/admin/playlists/999999/preview/weather?city=Lyon", headers=json).status_code == 404
    assert len(CALLS) == calls


def test_without_a_key_the_preview_has_the_players_503(app, client, owm) -> None:  # noqa: F811
    playlist = make_playlist(app, make_template(app, WEATHER), [make_media(app)])
    make_user(app, "viewer@example.com", "VIEWER")
    sign_in(client, "viewer@example.com")
    response = client.get(
        f"/admin/playlists/{playlist}/preview/weather?city=Lyon&units=metric",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "weather_unavailable"
    assert CALLS == []


def test_the_preview_page_names_its_routes(app, client) -> None:
    playlist = make_playlist(app, make_template(app), [make_media(app)])
    make_user(app, "viewer@example.com", "VIEWER")
    sign_in(client, "viewer@example.com")
    page = client.get(f"/admin/playlists/{playlist}/preview").get_data(as_text=True)
    assert f'data-reads="/admin/playlists/{playlist}/preview"' in page
