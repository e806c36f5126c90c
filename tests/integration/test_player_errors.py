"""Playback errors are stored and counted (issue 17): the same error in a loop is one row with
a count per hour, a flood of invented ones is capped, the console reads them with filters and
learns how many screens a media failed on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from signage.extensions import db
from signage.models import PlayerError
from signage.monitoring import player_errors
from tests.content_support import make_media
from tests.scheduling_support import player_jwt
from tests.support import api_login, make_screen, make_user


def _report(app, screen_id: int, jwt_token: str, body: dict):  # type: ignore[no-untyped-def,type-arg]
    return app.test_client().post(
        f"/api/player/{screen_id}/error", json=body, headers={"Authorization": f"Bearer {jwt_token}"}
    )


def test_the_same_error_is_counted_not_repeated_and_spread_is_reported(app, clean_db) -> None:
    video = make_media(app, "Promo", "VIDEO")
    screens = [make_screen(app, f"Screen {n}") for n in range(3)]
    for screen_id in screens:
        token = player_jwt(app, screen_id)
        for _ in range(4):
            assert (
                _report(
                    app, screen_id, token, {"type": "MEDIA_LOAD", "message": "404", "mediaId": str(video)}
                ).status_code
                == 204
            )
    _report(app, screens[0], player_jwt(app, screens[0]), {"type": "NETWORK", "message": "offline"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlayerError)) == 4
    make_user(app, "viewer@example.com", "VIEWER")
    console = app.test_client()
    api_login(console, "viewer@example.com")
    failed = console.get("/api/admin/player-errors", query_string={"mediaId": video}).get_json()
    assert (failed["screens"], failed["reports"], failed["total"]) == (3, 12, 3)
    assert {item["count"] for item in failed["items"]} == {4}
    assert failed["items"][0]["screenName"].startswith("Screen") and failed["items"][0]["mediaId"] == str(
        video
    )
    one = console.get("/api/admin/player-errors", query_string={"screenId": screens[0]}).get_json()
    assert one["total"] == 2 and one["screens"] == 1
    assert (
        console.get("/api/admin/player-errors", query_string={"type": "NETWORK"}).get_json()["reports"] == 1
    )
    assert console.get("/api/admin/player-errors", query_string={"screenId": "nope"}).get_json()["total"] == 0
    bad = console.get("/api/admin/player-errors", query_string={"from": "soon", "type": "x" * 65})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"from", "type"}


def test_a_flood_of_invented_errors_is_capped_per_hour(app, clean_db) -> None:
    screen_id = make_screen(app)
    hour = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    with app.app_context():
        for n in range(player_errors.DISTINCT_PER_HOUR + 50):
            player_errors.record_error(
                screen_id, {"type": "X", "message": f"made up {n}"}, now=hour + timedelta(seconds=n)
            )
        rows = db.session.scalars(select(PlayerError)).all()
        assert len(rows) == player_errors.DISTINCT_PER_HOUR + 1
        [overflow] = [r for r in rows if r.type == player_errors.OVERFLOW_TYPE]
        assert overflow.count == 50
        # The next hour starts afresh.
        player_errors.record_error(
            screen_id, {"type": "X", "message": "made up 0"}, now=hour + timedelta(hours=1)
        )
        assert (
            db.session.scalar(select(func.count()).select_from(PlayerError))
            == player_errors.DISTINCT_PER_HOUR + 2
        )


def test_an_unknown_media_id_is_not_stored_as_a_reference(app, clean_db) -> None:
    screen_id = make_screen(app)
    with app.app_context():
        player_errors.record_error(screen_id, {"type": "MEDIA_LOAD", "mediaId": "999999"})
        assert db.session.scalar(select(PlayerError.media_id)) is None


def test_the_console_lists_errors_and_the_media_page_counts_its_screens(app, client) -> None:
    from tests.integration.test_admin_pages import sign_in

    video = make_media(app, "Promo", "VIDEO")
    screens = [make_screen(app, f"Vitrine {n}") for n in range(2)]
    for screen_id in screens:
        _report(
            app,
            screen_id,
            player_jwt(app, screen_id),
            {"type": "MEDIA_LOAD", "message": "HTTP 404", "mediaId": str(video)},
        )
    make_user(app, "viewer@example.com", "VIEWER")
    sign_in(client, "viewer@example.com")
    detail = client.get(f"/admin/media/{video}").get_data(as_text=True)
    assert "This media failed to play on 2 screens" in detail and "2 reports in the last 7 days" in detail
    listed = client.get(f"/admin/player-errors?mediaId={video}").get_data(as_text=True)
    assert listed.count("HTTP 404") == 2 and "Vitrine 0" in listed and "Vitrine 1" in listed
    one = client.get(f"/admin/player-errors?screenId={screens[0]}").get_data(as_text=True)
    assert one.count("HTTP 404") == 1
    assert "Erreurs de lecture" in client.get("/admin/player-errors?lang=fr").get_data(as_text=True)
    assert "/admin/player-errors" in client.get("/admin/monitoring").get_data(as_text=True)
