"""The schedule cache with several processes (issue 14): a change committed by one process (a
console process, an RQ worker) ends the answers every other process cached, through the
generation counter in Redis; with Redis unreachable the cache steps aside and the database
answers."""

from __future__ import annotations

from redis import Redis

from signage.extensions import db
from signage.factory import create_app
from signage.models import Alert, AlertTarget
from signage.scheduling.cache import REDIS_KEY, schedule_cache
from tests.realtime_support import wait_for
from tests.scheduling_support import make_fleet, player_jwt
from tests.support import settings_for, statements


def poll(app, screen_id: int, jwt: str) -> dict:  # type: ignore[no-untyped-def]
    response = app.test_client().get(
        f"/api/player/{screen_id}/schedule", headers={"Authorization": f"Bearer {jwt}"}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def listening_web(app, database_url: str, redis_url: str):  # type: ignore[no-untyped-def]
    """A web process's app whose listener is subscribed, a screen, its token, and an answer
    in the cache: (web, screen id, jwt)."""
    web = create_app(settings_for(database_url, REDIS_URL=redis_url))
    screen = make_fleet(app)["first"]
    jwt = player_jwt(app, screen)
    poll(web, screen, jwt)  # starts the listener
    assert wait_for(lambda: schedule_cache(web).generation.current() is not None)
    poll(web, screen, jwt)  # resolved, and kept under the shared generation
    return web, screen, jwt


def test_a_change_in_another_process_reaches_this_ones_cache(app, clean_db, database_url, redis_url) -> None:
    web, screen, jwt = listening_web(app, database_url, redis_url)
    worker = create_app(settings_for(database_url, REDIS_URL=redis_url))
    generation = schedule_cache(web).generation
    hits = schedule_cache(web).hits
    with statements(web) as seen:
        assert poll(web, screen, jwt)["alerts"] == []
    assert schedule_cache(web).hits == hits + 1 and seen == []
    before = generation.current()

    with worker.app_context():  # another process commits an alert
        db.session.add(Alert(title="Everyone", is_active=True, target_type=AlertTarget.ALL))
        db.session.commit()
    # Published by the worker's commit, heard by the web process's listener.
    assert wait_for(lambda: generation.current() != before, timeout=2.0)
    assert [a["title"] for a in poll(web, screen, jwt)["alerts"]] == ["Everyone"]


def test_a_lookup_reads_nothing_from_redis(app, clean_db, database_url, redis_url, monkeypatch) -> None:
    """The shared counter comes from the listener: a poll the cache answers costs no round
    trip to Redis (each was a wait for the event loop on a busy server)."""
    web, screen, jwt = listening_web(app, database_url, redis_url)
    commands: list[tuple] = []  # type: ignore[type-arg]
    original = Redis.execute_command

    def count(self, *args, **options):  # type: ignore[no-untyped-def]
        commands.append(args)
        return original(self, *args, **options)

    monkeypatch.setattr(Redis, "execute_command", count)
    hits = schedule_cache(web).hits
    for _ in range(5):
        poll(web, screen, jwt)
    assert schedule_cache(web).hits == hits + 5
    assert commands == []


def test_the_listener_catches_up_after_losing_redis(app, clean_db, database_url, redis_url) -> None:
    """A dropped subscription: no hits until it is back, then the counter is read again and
    nothing cached before the loss is trusted (a bump may have been missed meanwhile)."""
    web, screen, jwt = listening_web(app, database_url, redis_url)
    generation = schedule_cache(web).generation
    before = generation.current()
    assert before is not None
    # Redis drops the listener's connection (as a restart would), and a bump goes unheard.
    Redis.from_url(redis_url).client_kill_filter(_type="pubsub")
    Redis.from_url(redis_url).incr(REDIS_KEY)
    assert wait_for(lambda: generation.current() not in (None, before), timeout=5.0)
    local, shared = generation.current()  # type: ignore[misc]
    assert local > before[0] and shared == before[1] + 1
    hits = schedule_cache(web).hits
    poll(web, screen, jwt)
    assert schedule_cache(web).hits == hits  # resolved again


def test_redis_unreachable_means_no_cache_not_an_error(app, clean_db, database_url) -> None:
    web = create_app(settings_for(database_url, REDIS_URL="redis://127.0.0.1:1/0"))
    fleet = make_fleet(app)
    jwt = player_jwt(app, fleet["first"])
    poll(web, fleet["first"], jwt)
    assert poll(web, fleet["first"], jwt)["screenId"] == str(fleet["first"])
    assert schedule_cache(web).hits == 0
