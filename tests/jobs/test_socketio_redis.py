"""Several processes, one fleet: with REDIS_URL, Socket.IO events and disconnects reach
sockets held by another server process, and a worker process can emit to screens."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.realtime_support import Console, Recorder, wait_for
from tests.support import ROOT, live_server, make_screen, make_user

EMIT_FROM_A_WORKER = """
from signage.factory import create_app
from signage.jobs.context import job_context, use_app
from signage.push import to_screen
use_app(create_app())  # what signage.jobs.worker.Worker does before its first job
with job_context():
    to_screen({screen_id}, "playlist:reload", {{"playlistId": "7", "version": 3}})
"""


@pytest.fixture
def two_servers(app, clean_db, database_url: str, redis_url: str) -> Iterator[tuple[str, str]]:
    with (
        live_server(database_url, REDIS_URL=redis_url) as first,
        live_server(database_url, REDIS_URL=redis_url) as second,
    ):
        yield first, second


@pytest.fixture
def recorders() -> Iterator[list[Recorder]]:
    opened: list[Recorder] = []
    yield opened
    for recorder in opened:
        recorder.close()


def open_client(opened: list[Recorder], url: str, **kwargs) -> Recorder:  # type: ignore[no-untyped-def]
    recorder = Recorder().connect(url, **kwargs)
    opened.append(recorder)
    return recorder


def test_events_and_disconnects_cross_processes(app, two_servers, recorders, database_url, redis_url) -> None:
    server_a, server_b = two_servers
    make_user(app, "root@example.com", "ADMIN")
    console_a = Console(server_a, "root@example.com")
    try:
        first, second = make_screen(app, "First"), make_screen(app, "Second")
        first_jwt, second_jwt = console_a.activate_screen(first), console_a.activate_screen(second)

        # An admin on B hears about a player that connects to A.
        admin_b = open_client(recorders, server_b, headers={"Cookie": console_a.cookie})
        player_a = open_client(recorders, server_a, auth={"token": first_jwt})
        assert wait_for(
            lambda: any(e["screenId"] == str(first) for e in admin_b.named("admin:screen_status"))
        )

        # A worker process (no socket of its own) reaches the player on A, and only it.
        player_b = open_client(recorders, server_b, auth={"token": second_jwt})
        env = {**os.environ, "SIGNAGE_ENV": "testing", "DATABASE_URL": database_url, "REDIS_URL": redis_url}
        subprocess.run(
            [sys.executable, "-c", EMIT_FROM_A_WORKER.format(screen_id=first)],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=60,
        )
        assert wait_for(lambda: player_a.named("playlist:reload") == [{"playlistId": "7", "version": 3}])
        time.sleep(0.3)
        assert player_b.events == [] and admin_b.named("playlist:reload") == []

        # An alert to every screen, posted on B: both players get it, whichever process holds
        # them (the commands go out as one published batch, signage.push.to_screens).
        console_b = Console(server_b, "root@example.com")
        try:
            alert = console_b.post(
                "/api/admin/alerts", json={"title": "Fire", "content": "Out", "isActive": True}
            )
            assert alert.status_code == 201, alert.text
        finally:
            console_b.http.close()
        for player in (player_a, player_b):
            assert wait_for(lambda p=player: [e["id"] for e in p.named("alert:show")] == [alert.json()["id"]])
        # Their acks are written by the process each is on; the console on B hears both
        # (a flush's `admin:command_status` events cross as one batch, push.to_console_many).
        for player in (player_a, player_b):
            (shown,) = player.named("alert:show")
            player.client.emit("screen:command_ack", {"commandId": shown["commandId"], "status": "DELIVERED"})
        assert wait_for(
            lambda: (
                {(e["screenId"], e["status"]) for e in admin_b.named("admin:command_status")}
                >= {(str(first), "DELIVERED"), (str(second), "DELIVERED")}
            )
        )

        # Revoking through A closes the player's socket held by B within a second.
        started = time.monotonic()
        assert console_a.post(f"/api/admin/screens/{second}/revoke").status_code == 204
        assert player_b.disconnected.wait(1.0), "the player on the other server is still connected"
        assert time.monotonic() - started < 1.0
        assert player_a.client.connected  # the other screen is untouched
    finally:
        console_a.http.close()
