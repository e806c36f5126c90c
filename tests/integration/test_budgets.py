"""Per-screen budgets (issue 14): one player token flooding heartbeats, plays or errors gets
the excess dropped and counted, its screen flagged for the console, and other screens served
as usual. Real sockets against the real server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import func, select

from signage.extensions import db
from signage.models import Media, MediaType, ProofOfPlay, Screen, ScreenHeartbeat
from signage.monitoring.budget_rules import BUDGETS, HEARTBEAT, PROOF_OF_PLAY
from tests.realtime_support import connect, wait_for
from tests.support import make_screen

BEAT = {"uptime": 60, "isVisible": True, "playerVersion": "1.2.0"}


def heartbeat_count(app, screen_id: int) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        query = (
            select(func.count()).select_from(ScreenHeartbeat).where(ScreenHeartbeat.screen_id == screen_id)
        )
        return db.session.scalar(query) or 0


def flag(app, screen_id: int) -> tuple[int, datetime | None]:  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        return screen.dropped_messages, screen.over_budget_at


def test_a_heartbeat_flood_is_cut_counted_and_flagged(app, console, clients, live_url) -> None:
    flooder, quiet = make_screen(app, "Flooder"), make_screen(app, "Quiet")
    player = connect(clients, live_url, auth={"token": console.activate_screen(flooder)})
    neighbour = connect(clients, live_url, auth={"token": console.activate_screen(quiet)})
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})
    for _ in range(200):
        player.client.emit("screen:heartbeat", BEAT)
    neighbour.client.emit("screen:heartbeat", BEAT)

    # Dropped beyond the budget (a burst, then a few a second), counted on the screen's row
    # and flagged to the console within the writer's interval.
    assert wait_for(lambda: flag(app, flooder)[0] > 0, timeout=15)
    written = heartbeat_count(app, flooder)
    budget = BUDGETS[HEARTBEAT]
    assert budget.burst <= written <= budget.burst + 10 * budget.per_second
    dropped, since = flag(app, flooder)
    assert dropped + written == 200 and since is not None
    assert wait_for(lambda: heartbeat_count(app, quiet) == 1)
    assert flag(app, quiet) == (0, None)

    def flagged() -> list[dict]:
        return [
            p
            for p in admin.named("admin:screen_status")
            if p["screenId"] == str(flooder) and p["droppedMessages"]
        ]

    assert wait_for(lambda: bool(flagged()), timeout=10)
    shown = console.http.get(f"{live_url}/api/admin/screens/{flooder}").json()
    assert shown["droppedMessages"] == dropped and shown["overBudgetAt"] is not None
    assert player.client.connected  # dropped, not disconnected: a broken player still plays


def test_a_proof_of_play_flood_is_refused_unacknowledged(app, console, clients, live_url) -> None:
    screen = make_screen(app)
    token = console.activate_screen(screen)
    with app.app_context():
        media = Media(name="Poster", type=MediaType.IMAGE)
        db.session.add(media)
        db.session.commit()
        media_id = media.id
    player = connect(clients, live_url, auth={"token": token})
    at = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    answers: list[dict] = []
    flood = int(BUDGETS[PROOF_OF_PLAY].burst) + 30
    for _ in range(flood):  # all at once, acknowledgements awaited afterwards
        player.client.emit(
            "screen:proof_of_play",
            {"id": str(uuid.uuid4()), "mediaId": str(media_id), "playedAt": at, "durationSeconds": 1},
            callback=answers.append,
        )
    assert wait_for(lambda: len(answers) == flood, timeout=20)
    refused = [a for a in answers if "error" in a]
    assert refused and all(a["accepted"] == 1 for a in answers if "error" not in a)
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(ProofOfPlay)) or 0
    assert stored == len(answers) - len(refused)  # what was refused was not stored

    # The REST fallback shares the budget: 429 while it is spent.
    def post() -> requests.Response:
        return requests.post(
            f"{live_url}/api/player/{screen}/proof_of_play",
            json=[],
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )

    refusals = [r for r in (post() for _ in range(5)) if r.status_code == 429]
    assert refusals and refusals[0].json()["error"]["code"] == "rate_limited"
