"""The player's schedule, cached per screen in the process (issue 14): a repeated poll is
answered without a single SQL statement, and every event that changes the answer changes it
at once (schedules, playlists, templates, media, groups, screens, sites, alerts, revocation,
the passing of time)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from signage.content import versions
from signage.extensions import db
from signage.models import Alert, AlertTarget, Screen
from signage.scheduling.cache import schedule_cache
from tests.content_support import FULL, make_media, make_template
from tests.content_support import make_playlist as make_content_playlist
from tests.scheduling_support import make_fleet, make_playlist, player_jwt
from tests.support import api_login, make_user, statements


@pytest.fixture
def headers(app, client) -> dict[str, str]:
    make_user(app, "root@example.com", "ADMIN")
    return {"X-CSRFToken": api_login(client, "root@example.com")}


class Player:
    def __init__(self, app, screen_id: int) -> None:  # type: ignore[no-untyped-def]
        self.app, self.screen_id = app, screen_id
        self.jwt = player_jwt(app, screen_id)
        self.http = app.test_client()

    def get(self):  # type: ignore[no-untyped-def]
        return self.http.get(
            f"/api/player/{self.screen_id}/schedule", headers={"Authorization": f"Bearer {self.jwt}"}
        )

    def body(self) -> dict:
        response = self.get()
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def cached(self) -> dict:
        """Polled twice: the second answer comes from the cache, without SQL, and is the same."""
        first = self.body()
        with statements(self.app) as seen:
            again = self.get()
        assert again.status_code == 200 and seen == []
        got = again.get_json()
        assert {k: v for k, v in got.items() if k != "serverTime"} == {
            k: v for k, v in first.items() if k != "serverTime"
        }
        return got


def schedule(client, headers, playlist: int, target: int, kind: str = "SCREEN", **extra) -> dict:  # type: ignore[no-untyped-def]
    body = {"name": "S", "targetType": kind, "targetId": str(target), "playlistId": str(playlist), **extra}
    response = client.post("/api/admin/schedules", headers=headers, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def playing(body: dict) -> str | None:
    return None if body["playlist"] is None else body["playlist"]["id"]


def test_a_repeated_poll_reads_nothing_and_keeps_its_etag(app, client, headers) -> None:
    fleet = make_fleet(app)
    base = make_playlist(app, "Base")
    schedule(client, headers, base, fleet["group"], "GROUP")
    player = Player(app, fleet["first"])
    first = player.get()
    hits = schedule_cache(app).hits
    body = player.cached()
    assert schedule_cache(app).hits == hits + 2  # both polls of cached()
    assert playing(body) == str(base) and body["screenId"] == str(fleet["first"])
    assert body["serverTime"].endswith("Z")
    etag = first.headers["ETag"]
    with statements(app) as seen:
        unchanged = player.http.get(
            f"/api/player/{fleet['first']}/schedule",
            headers={"Authorization": f"Bearer {player.jwt}", "If-None-Match": etag},
        )
    assert unchanged.status_code == 304 and seen == []
    # Another screen's token, a forged one, no token: refused as before, cache or not.
    other = Player(app, fleet["second"])
    url = f"/api/player/{fleet['first']}/schedule"
    assert app.test_client().get(url, headers={"Authorization": f"Bearer {other.jwt}"}).status_code == 403
    assert app.test_client().get(url, headers={"Authorization": "Bearer x.y.z"}).status_code == 401
    assert app.test_client().get(url).status_code == 401


def test_schedule_playlist_template_and_media_changes_show_at_once(app, client, headers) -> None:
    fleet = make_fleet(app)
    template = make_template(app)
    media = make_media(app)
    base = make_content_playlist(app, template, [media], name="Base")
    other = make_playlist(app, "Other")
    player = Player(app, fleet["first"])
    assert player.cached()["playlist"] is None

    made = schedule(client, headers, base, fleet["first"])  # a schedule created
    body = player.cached()
    assert playing(body) == str(base)
    version = body["playlist"]["version"]

    # A template change that moves the layout bumps the playlist's version.
    moved = [{**FULL[0], "width": 90}]
    assert (
        client.put(f"/api/admin/templates/{template}", headers=headers, json={"zones": moved}).status_code
        == 200
    )
    body = player.cached()
    assert body["playlist"]["version"] == version + 1

    # A media change (what a finished encoding or a deleted media bumps).
    with app.app_context():
        versions.bump(versions.playlists_using_media([media]))
        db.session.commit()
    assert player.cached()["playlist"]["version"] == version + 2

    # A playlist edited through the API.
    url = f"/api/admin/playlists/{base}"
    assert client.put(url, headers=headers, json={"defaultDuration": 20}).status_code == 200
    assert player.cached()["playlist"]["version"] == version + 3

    # The schedule updated, then deleted.
    update = client.put(
        f"/api/admin/schedules/{made['id']}", headers=headers, json={"playlistId": str(other)}
    )
    assert update.status_code == 200
    assert playing(player.cached()) == str(other)
    assert client.delete(f"/api/admin/schedules/{made['id']}", headers=headers).status_code == 204
    assert player.cached()["playlist"] is None


def test_group_screen_and_site_changes_show_at_once(app, client, headers) -> None:
    fleet = make_fleet(app, "Europe/Paris")
    lobby = make_playlist(app, "Lobby")
    schedule(client, headers, lobby, fleet["group"], "GROUP")
    player = Player(app, fleet["alone"])
    assert player.cached()["playlist"] is None

    # The screen joins the group, then leaves it.
    url = f"/api/admin/screens/{fleet['alone']}"
    assert client.put(url, headers=headers, json={"groupId": str(fleet["group"])}).status_code == 200
    assert playing(player.cached()) == str(lobby)
    assert client.put(url, headers=headers, json={"groupId": None}).status_code == 200
    assert player.cached()["playlist"] is None

    # The site's timezone.
    site = f"/api/admin/sites/{fleet['site']}"
    assert player.cached()["timezone"] == "Europe/Paris"
    assert client.put(site, headers=headers, json={"timezone": "Asia/Tokyo"}).status_code == 200
    assert player.cached()["timezone"] == "Asia/Tokyo"

    # The group deleted: its screens fall back to nothing.
    member = Player(app, fleet["first"])
    assert playing(member.cached()) == str(lobby)
    assert client.delete(f"/api/admin/groups/{fleet['group']}", headers=headers).status_code in (204, 409)
    if client.get(f"/api/admin/groups/{fleet['group']}").status_code == 404:
        assert member.cached()["playlist"] is None


def test_alerts_starting_and_ending_show_at_once(app, client, headers) -> None:
    fleet = make_fleet(app)
    player = Player(app, fleet["first"])
    assert player.cached()["alerts"] == []
    created = client.post(
        "/api/admin/alerts",
        headers=headers,
        json={"title": "Fire", "content": "Leave", "targetType": "ALL", "isActive": True},
    )
    assert created.status_code == 201, created.get_json()
    alert_id = created.get_json()["id"]
    assert [a["title"] for a in player.cached()["alerts"]] == ["Fire"]
    assert (
        client.put(f"/api/admin/alerts/{alert_id}", headers=headers, json={"title": "Flood"}).status_code
        == 200
    )
    assert [a["title"] for a in player.cached()["alerts"]] == ["Flood"]
    assert client.put(f"/api/admin/alerts/{alert_id}/deactivate", headers=headers).status_code == 200
    assert player.cached()["alerts"] == []


def test_time_boundaries_end_a_cached_answer(app, client, headers) -> None:
    """An alert that starts (or ends) in a moment: the answer cached before it is not served after."""
    fleet = make_fleet(app)
    now = datetime.now(UTC)
    with app.app_context():
        db.session.add_all(
            [
                Alert(
                    title="Soon",
                    is_active=True,
                    target_type=AlertTarget.ALL,
                    start_at=now + timedelta(seconds=2),
                ),
                Alert(
                    title="Ending",
                    is_active=True,
                    target_type=AlertTarget.ALL,
                    end_at=now + timedelta(seconds=2),
                ),
            ]
        )
        db.session.commit()
    player = Player(app, fleet["first"])
    assert [a["title"] for a in player.cached()["alerts"]] == ["Ending"]
    # The route reads the clock in whole seconds.
    time.sleep(max(0.0, (now + timedelta(seconds=3.05) - datetime.now(UTC)).total_seconds()))
    assert [a["title"] for a in player.body()["alerts"]] == ["Soon"]


def test_revoking_a_screen_refuses_its_cached_poll_at_once(app, client, headers) -> None:
    fleet = make_fleet(app)
    player = Player(app, fleet["first"])
    player.cached()
    from signage.fleet.identity import revoke

    with app.app_context():
        revoke(db.session.get(Screen, fleet["first"]))
    assert player.get().status_code == 401
    # A new activation: the old token stays refused, the new one is answered.
    fresh = Player(app, fleet["first"])
    assert fresh.cached()["screenId"] == str(fleet["first"])
    assert player.get().status_code == 401


def test_heartbeats_and_presence_do_not_invalidate(app, client, headers) -> None:
    fleet = make_fleet(app)
    player = Player(app, fleet["first"])
    player.cached()
    generation = schedule_cache(app).generation.current()
    with app.app_context():
        screen = db.session.get(Screen, fleet["first"])
        screen.last_seen = datetime.now(UTC)
        screen.current_media_name = "poster.png"
        db.session.commit()
    assert schedule_cache(app).generation.current() == generation


def test_screens_with_the_same_answer_share_one_copy(app, client, headers) -> None:
    fleet = make_fleet(app)
    schedule(client, headers, make_playlist(app, "Base"), fleet["group"], "GROUP")
    cache = schedule_cache(app)
    cache.clear()
    first, second, alone = (Player(app, fleet[name]) for name in ("first", "second", "alone"))
    bodies = [player.cached() for player in (first, second)]
    assert cache.answers() == 1  # the group's two screens: one answer kept
    assert [body["screenId"] for body in bodies] == [str(fleet["first"]), str(fleet["second"])]
    assert playing(alone.cached()) is None
    assert cache.answers() == 2


def test_answers_no_screen_uses_are_let_go() -> None:
    from signage.scheduling.cache import ScheduleCache

    cache = ScheduleCache(None)
    until = datetime.now(UTC) + timedelta(hours=1)
    one = cache.store(1, (0, 0), until, "hash-1", {"playlist": {"id": "7"}})
    two = cache.store(2, (0, 0), until, "hash-2", {"playlist": {"id": "7"}})
    assert one.body is two.body and one.etag is two.etag
    for version in range(1000):  # screen 1's answer changing again and again
        cache.store(1, (0, version), until, "hash-1", {"playlist": {"id": str(version)}})
    assert cache.answers() <= 2 * 2 + 64
    assert cache.store(3, (0, 0), until, "hash-3", {"playlist": {"id": "7"}}).body is two.body
