"""A site's new language (or timezone) reaches its players at once (CONTRACT §14): they are
told to fetch their schedule again, which carries the site's `locale` and `timezone`."""

from __future__ import annotations

import time

from signage.extensions import db
from signage.models import Screen
from tests.realtime_support import connect, wait_for
from tests.support import make_screen


def test_changing_a_sites_language_or_zone_tells_its_players(app, console, clients, live_url) -> None:
    screen_id = make_screen(app, "Hall", "Lyon", timezone="Europe/Paris")
    elsewhere = make_screen(app, "Desk", "Bordeaux")
    with app.app_context():
        site_id = db.session.get(Screen, screen_id).site_id
    player = connect(clients, live_url, auth={"token": console.activate_screen(screen_id)})
    other = connect(clients, live_url, auth={"token": console.activate_screen(elsewhere)})
    url = f"/api/admin/sites/{site_id}"

    def put(body: dict) -> None:
        response = console.http.put(f"{live_url}{url}", json=body, timeout=10)
        assert response.status_code == 200, response.text

    put({"locale": "en"})
    assert wait_for(lambda: player.named("playlist:reload") == [{}])
    put({"timezone": "America/New_York"})
    assert wait_for(lambda: len(player.named("playlist:reload")) == 2)
    # The same values again, or another field: nothing to tell.
    put({"locale": "en", "name": "Lyon centre"})
    time.sleep(0.5)
    assert len(player.named("playlist:reload")) == 2
    assert other.named("playlist:reload") == []

    schedule = console.http.get(
        f"{live_url}/api/player/{screen_id}/schedule",
        headers={"Authorization": f"Bearer {console.activate_screen(screen_id)}"},
        timeout=10,
    )
    assert (schedule.json()["locale"], schedule.json()["timezone"]) == ("en", "America/New_York")
