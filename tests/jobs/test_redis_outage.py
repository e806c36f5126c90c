"""A Redis outage under several processes (issue 14): emits that cannot cross processes fail
loudly (logged once per outage, counted), /healthz fails and says why, and everything works
again once Redis is back, without restarting anything. The Redis here is a server of the
test's own on a free port, stopped and started again for real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from redis import Redis

from tests.realtime_support import Console, Recorder, wait_for
from tests.support import free_port, live_server, make_screen, make_user, require

TOKEN = "outage-health-token"


class OwnRedis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.proc: subprocess.Popen | None = None  # type: ignore[type-arg]

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: _pings(Redis.from_url(self.url, socket_connect_timeout=0.5)), timeout=10)

    def stop(self) -> None:
        assert self.proc is not None
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc = None


def _pings(conn) -> bool:  # type: ignore[no-untyped-def]
    try:
        return bool(conn.ping())
    except Exception:
        return False


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    redis = OwnRedis(free_port())
    redis.start()
    try:
        yield redis
    finally:
        if redis.proc is not None:
            redis.stop()


def _health(base: str, token: str | None = TOKEN) -> tuple[int, dict]:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.get(f"{base}/healthz", headers=headers, timeout=10)
    return response.status_code, response.json()


def _log(base: str) -> str:
    port = base.rsplit(":", 1)[1]
    return (Path(os.environ.get("TMPDIR", "/tmp")) / f"signage-live-{port}.log").read_text()


def test_a_redis_outage_is_loud_and_heals_itself(app, clean_db, database_url, own_redis) -> None:  # type: ignore[no-untyped-def]
    env = {"REDIS_URL": own_redis.url, "HEALTH_TOKEN": TOKEN}
    make_user(app, "root@example.com", "ADMIN")
    screen = make_screen(app, "Lobby")
    with live_server(database_url, **env) as server_a, live_server(database_url, **env) as server_b:
        console = Console(server_b, "root@example.com")
        player = Recorder().connect(server_a, auth={"token": console.activate_screen(screen)})
        try:

            def command(n: int) -> None:
                response = console.post(
                    f"/api/admin/screens/{screen}/command",
                    json={"command": "VOLUME_SET", "payload": {"level": n}},
                )
                assert response.status_code in (200, 201, 202), response.text

            def volumes() -> list[int]:
                return [event["level"] for event in player.named("volume:set")]

            # Before: a command sent through B reaches the player held by A.
            assert _health(server_b)[0] == 200
            command(1)
            assert wait_for(lambda: volumes() == [1])

            own_redis.stop()
            for n in (2, 3, 4):
                command(n)
            status, body = _health(server_b)
            assert status == 503
            assert body["redis"] == "unreachable"
            assert "cannot publish" in body["messageQueue"], body
            assert int(re.search(r"(\d+) events lost", body["messageQueue"]).group(1)) >= 3, body
            assert _health(server_b, token=None) == (503, {"status": "error"})
            # A publishes nothing, but is no longer subscribed: it hears nothing from B either.
            assert wait_for(
                lambda: "not subscribed" in _health(server_a)[1].get("messageQueue", ""), timeout=10
            )
            time.sleep(0.5)
            assert volumes() == [1], "an event crossed processes with Redis down?"
            # Loud, not noisy: one line for the outage however many events it loses.
            assert _log(server_b).count("cannot publish to Redis") == 1

            own_redis.start()
            for base in (server_a, server_b):
                assert wait_for(lambda base=base: _health(base)[0] == 200, timeout=10), _health(base)
                assert _health(base)[1]["messageQueue"] == "ok"
            # Back without a restart: commands cross processes again.
            command(5)
            assert wait_for(lambda: volumes() == [1, 5]), volumes()
            assert "publishing to Redis again" in _log(server_b)
            assert "subscribed to Redis again" in _log(server_a)
        finally:
            player.close()
            console.http.close()
