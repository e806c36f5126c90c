"""The schedule cache with several processes (issue 14): a change committed by one process (a
console process, an RQ worker) ends the answers every other process cached, through the
generation counter in Redis; with Redis unreachable the cache steps aside and the database
answers."""

from __future__ import annotations

from signage.extensions import db
from signage.factory import create_app
from signage.models import Alert, AlertTarget
from signage.scheduling.cache import schedule_cache
from tests.scheduling_support import make_fleet, player_jwt
from tests.support import settings_for


def poll(app, screen_id: int, jwt: str) -> dict:  # type: ignore[no-untyped-def]
    response = app.test_client().get(
        f"/api/player/{screen_id}/schedule", headers={"Authorization": f"Bearer {jwt}"}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_change_in_another_process_reaches_this_ones_cache(app, clean_db, database_url, redis_url) -> None:
    web = create_app(settings_for(database_url, REDIS_URL=redis_url))
    worker = create_app(settings_for(database_url, REDIS_URL=redis_url))
    fleet = make_fleet(app)
    jwt = player_jwt(app, fleet["first"])
    assert poll(web, fleet["first"], jwt)["alerts"] == []
    hits = schedule_cache(web).hits
    assert poll(web, fleet["first"], jwt)["alerts"] == []
    assert schedule_cache(web).hits == hits + 1

    with worker.app_context():  # another process commits an alert
        db.session.add(Alert(title="Everyone", is_active=True, target_type=AlertTarget.ALL))
        db.session.commit()
    assert [a["title"] for a in poll(web, fleet["first"], jwt)["alerts"]] == ["Everyone"]


def test_redis_unreachable_means_no_cache_not_an_error(app, clean_db, database_url) -> None:
    web = create_app(settings_for(database_url, REDIS_URL="redis://127.0.0.1:1/0"))
    fleet = make_fleet(app)
    jwt = player_jwt(app, fleet["first"])
    poll(web, fleet["first"], jwt)
    assert poll(web, fleet["first"], jwt)["screenId"] == str(fleet["first"])
    assert schedule_cache(web).hits == 0
