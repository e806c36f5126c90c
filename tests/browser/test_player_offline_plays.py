"""72 hours offline, counted in the database: every play the player made reaches the server
exactly once, and sending them all again stores nothing twice.

The server refuses plays in its own future, so the 72 hours are the past ones: the player is
set up by a server living 72 h ago (tests/timeshift_wsgi.py moves only that process's wall
clock), Playwright's clock then runs the page from there to two hours ago with the server
down, and the real server (today) receives the outbox.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import requests
from playwright.sync_api import expect
from sqlalchemy import select

from signage.extensions import db
from signage.models import ProofOfPlay
from tests.browser.player_support import FAST, api, kiosk_scripts, schedule_everywhere, upload
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import free_port, live_server, make_screen, make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]
HOUR_MS = 3_600_000
IN_FLIGHT = "() => Boolean(window.signagePlayer.outbox.sending || window.signagePlayer.memoryOutbox.sending)"
STEP_MS = 10 * 60_000

# Every play the player hands its outbox, seen from inside the page.
SPY = """() => {
  window.__plays = [];
  const root = window.signagePlayer;
  for (const box of [root.outbox, root.memoryOutbox]) {
    const record = box.record.bind(box);
    box.record = (play) => { window.__plays.push(play); return record(play); };
  }
}"""


def _playlist(console: Console, name: str, colours: list[str], template_id: str, seconds: int) -> dict:
    media = [upload(console, c, png(160, 90, c.lower()), f"{c}.png") for c in colours]
    items = [{"mediaId": m, "zoneId": "main", "duration": seconds} for m in media]
    body = {"name": name, "templateId": template_id, "items": items}
    return api(console, "POST", "/api/admin/playlists", body)


def _stored(app, screen_id: int) -> list[tuple[str, datetime]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        query = select(ProofOfPlay.client_id, ProofOfPlay.played_at).where(ProofOfPlay.screen_id == screen_id)
        return [(row.client_id, row.played_at) for row in db.session.execute(query)]


def test_72_hours_offline_every_play_reaches_the_database_once(app, clean_db, browser, database_url) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Clockwork")
    port = free_port()
    today = datetime.now(UTC)
    past = today - timedelta(hours=72)
    end = today - timedelta(hours=2)  # the page stops here; the reconnection takes a little more
    with live_server(database_url, port=port) as base:
        # The content, set up today (a console session made 72 h ago would have expired).
        console = Console(base, "root@example.com")
        token = console.post(f"/api/admin/screens/{screen_id}/activation-token").json()["token"]
        template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
        # Items of an hour: 72 hours make about a hundred plays, each one counted.
        day = _playlist(console, "Day", ["Red", "Orange"], template["id"], 3600)
        lunch = _playlist(console, "Lunch", ["Green"], template["id"], 3600)
        evening = _playlist(console, "Evening", ["Blue"], template["id"], 3600)
        schedule_everywhere(console, screen_id, day["id"])
        for name, plist, hours in (("Lunch", lunch, 2), ("Evening", evening, 7)):
            start = (past + timedelta(hours=hours)).replace(second=0, microsecond=0)
            api(console, "POST", "/api/admin/schedules", {
                "name": name, "targetType": "SCREEN", "targetId": str(screen_id), "playlistId": plist["id"],
                "priority": 60, "startTime": start.strftime("%H:%M"),
                "endTime": (start + timedelta(hours=1)).strftime("%H:%M"),
            })  # fmt: skip
        console.http.close()
    shifted = {"app_module": "tests.timeshift_wsgi:app", "SIGNAGE_TEST_NOW": past.isoformat()}
    with live_server(database_url, port=port, **shifted) as base:
        # 72 hours ago: the kiosk is activated and plays, storing what the next 72 h need.
        activated = requests.post(f"{base}/api/player/activate", json={"token": token}, timeout=10)
        assert activated.status_code == 200, activated.text
        jwt = activated.json()["jwt"]
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 720})
        loops = ("heartbeatMs", "popFlushMs", "precacheMs", "restScheduleMs", "retryMaxMs", "fallbackAfterMs")
        kiosk_scripts(context, screen_id, jwt, {**FAST, **dict.fromkeys(loops, HOUR_MS)})
        context.clock.install(time=past)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"/player/{screen_id}")
        expect(page.locator("body")).to_have_attribute("data-playlist-id", day["id"])
        page.wait_for_function(
            "() => Date.parse(document.body.dataset.cachedUntil) > Date.now() + 71 * 3600e3", timeout=30_000
        )
        page.evaluate(SPY)
    try:
        # Server down: 70 hours go by on the page, ten minutes at a time.
        expect(page.locator("body")).to_have_attribute("data-connection", "disconnected")
        shown = set()
        while page.evaluate("() => window.signagePlayer.now()") < end.timestamp() * 1000:
            page.clock.run_for(STEP_MS)
            page.wait_for_timeout(20)  # the item changes that came due finish (image decode)
            shown.add(page.locator("body").get_attribute("data-playlist-id"))
        assert shown == {day["id"], lunch["id"], evening["id"]}, shown
        offline = {play["id"]: play for play in page.evaluate("() => window.__plays")}
        assert page.evaluate("() => window.signagePlayer.outbox.pending()") == len(offline)
        assert _stored(app, screen_id) == []

        # The real server is back (today): the outbox reaches it.
        with live_server(database_url, port=port) as base:
            deadline = time.monotonic() + 90
            while page.evaluate("() => window.signagePlayer.outbox.pending()"):
                assert time.monotonic() < deadline, "the outbox never emptied"
                # The back-off's timers run on the page's clock, and so does the timeout of a
                # batch's acknowledgement: the clock stands still while a batch is in flight,
                # and moves less than that timeout once connected. Otherwise the timeouts fire
                # before the server can answer, the outbox drains hours late on the page's
                # clock, and the plays made meanwhile are ahead of the server's: refused.
                if not page.evaluate(IN_FLIGHT):
                    connected = page.locator("body").get_attribute("data-connection") == "connected"
                    page.clock.run_for(5_000 if connected else 60_000)
                page.wait_for_timeout(100)
            # Nothing refused: every play is either stored or still in the outbox.
            assert page.evaluate("() => window.signagePlayer.outbox.store.getDropped()") == 0
            made = {play["id"]: play for play in page.evaluate("() => window.__plays")}
            stored = _stored(app, screen_id)
            ids = [client_id for client_id, _ in stored]
            # No duplicate, no loss: exactly the plays the player made, each at its time.
            assert len(ids) == len(set(ids)) == len(made), (len(ids), len(set(ids)), len(made))
            assert set(ids) == set(made)
            for client_id, played_at in stored:
                assert (
                    abs(
                        played_at.timestamp() * 1000
                        - datetime.fromisoformat(made[client_id]["playedAt"]).timestamp() * 1000
                    )
                    < 1
                )
            times = sorted(datetime.fromisoformat(play["playedAt"]) for play in offline.values())
            assert (
                len(offline) >= 60
                and times[0] < past + timedelta(hours=2)
                and times[-1] > end - timedelta(hours=2)
            )
            print(f"72 h offline: {len(offline)} plays made offline, {len(ids)} stored once each")

            # Everything sent again, as a player whose acknowledgement got lost would: all
            # duplicates, nothing stored twice.
            plays = list(made.values())
            for first in range(0, len(plays), 1000):
                batch = plays[first : first + 1000]
                again = requests.post(
                    f"{base}/api/player/{screen_id}/proof_of_play",
                    json=batch,
                    headers={"Authorization": f"Bearer {jwt}"},
                    timeout=30,
                )
                assert again.status_code == 200, again.text
                assert again.json() == {"accepted": 0, "duplicates": len(batch), "rejected": []}
            assert sorted(_stored(app, screen_id)) == sorted(stored)
    finally:
        context.close()
