"""Simulated players for bench.fleet: python-socketio clients as gevent greenlets (the caller
monkey-patches first), each behaving as static/player does on the wire.

- One socket per player with `auth: {token: jwt}`; on each connect a heartbeat and a
  `GET /api/player/{id}/schedule` (as root.js does: a server restart makes the whole fleet
  ask at once), then a heartbeat every 30 s; one play every 10 s as `screen:proof_of_play`
  [play] with a client id, acknowledged.
  Both timers start at a random phase, as a real fleet's do (no thundering herd).
- Every event carrying `commandId` is acknowledged with `screen:command_ack` DELIVERED, and
  its arrival time kept (the bench joins it to the POST that caused it).
- Reconnection as static/player/src/net/socket.js: after the server closed the socket the
  first retry waits uniformly 1–30 s, later ones min(60 s, 2^attempt s) × U(0.5, 1.5); a
  refused token (`Unauthorized`) stops the player for good.
"""

from __future__ import annotations

import http.client
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import gevent
import socketio

from bench.heartbeats import BEAT  # the same heartbeat as the ingest bench's
from signage.core.wire import iso

HEARTBEAT_SECONDS = 30.0
PLAY_SECONDS = 10.0
FIRST_RETRY = (1.0, 30.0)
RETRY_MAX = 60.0


@dataclass
class Tally:
    """What the whole fleet did and received; greenlets share it (no threads: no locks)."""

    heartbeats: int = 0
    plays_sent: int = 0
    plays_accepted: int = 0
    plays_duplicates: int = 0
    plays_rejected: int = 0
    # Error answers by their message (budget, a failed or late flush): not stored, resent.
    plays_errors: Counter[str] = field(default_factory=Counter)
    # Sent on a socket that closed before the answer came: the answer can never arrive
    # (the real player resends from its outbox; the client id makes that count once).
    plays_cut: int = 0
    acks_sent: int = 0
    # The schedule each connect asks for: answered 200, or not (an error status, a failure).
    schedules_on_connect: int = 0
    schedule_failures_on_connect: int = 0
    connects: int = 0
    disconnects: int = 0
    connect_failures: int = 0
    unauthorized: int = 0
    # (screen id, monotonic time) of every connect, for the restart storm's spread
    connect_log: list[tuple[str, float]] = field(default_factory=list)
    # commandId -> (event, screen id, monotonic arrival)
    received: dict[str, tuple[str, str, float]] = field(default_factory=dict)


class Player:
    def __init__(self, base: str, screen_id: str, jwt: str, tally: Tally, play_ids: tuple[Any, Any]) -> None:
        self.base, self.screen_id, self.jwt, self.tally = base, screen_id, jwt, tally
        self.media_id, self.playlist_id = play_ids
        self.running = True
        self.attempt = 0
        self.retrying = False
        self.ever_connected = False
        self.outstanding: dict[str, float] = {}  # play id -> monotonic time sent, unanswered
        self.client = socketio.Client(reconnection=False, handle_sigint=False)
        self.client.on("connect", self._on_connect)
        self.client.on("disconnect", self._on_disconnect)
        self.client.on("connect_error", self._on_connect_error)
        self.client.on("*", self._on_event)

    @property
    def connected(self) -> bool:
        return self.client.connected

    # --- connection -------------------------------------------------------------------

    def connect(self) -> bool:
        """One attempt; a failure schedules the next with the player's back-off."""
        try:
            self.client.connect(
                self.base, transports=["websocket"], auth={"token": self.jwt}, wait_timeout=30
            )
            return True
        except socketio.exceptions.ConnectionError:
            self.tally.connect_failures += 1
            self._retry(after_server_close=False)
            return False

    def _retry(self, after_server_close: bool) -> None:
        if not self.running or self.retrying:
            return
        if after_server_close:
            delay = random.uniform(*FIRST_RETRY)
        else:
            delay = min(RETRY_MAX, 2.0**self.attempt) * random.uniform(0.5, 1.5)
        self.attempt += 1
        self.retrying = True

        def later() -> None:
            gevent.sleep(delay)
            self.retrying = False
            if self.running and not self.client.connected:
                self.connect()

        gevent.spawn(later)

    def _on_connect(self) -> None:
        self.attempt = 0
        self.ever_connected = True
        self.tally.connects += 1
        self.tally.connect_log.append((self.screen_id, time.monotonic()))
        self._heartbeat()  # the real player beats on every connect
        gevent.spawn(self._fetch_schedule)  # and asks its schedule

    def _fetch_schedule(self) -> None:
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            headers = {"Authorization": f"Bearer {self.jwt}"}
            conn.request("GET", f"/api/player/{self.screen_id}/schedule", headers=headers)
            response = conn.getresponse()
            response.read()
            answered = response.status == 200
        except (OSError, http.client.HTTPException):
            answered = False
        finally:
            conn.close()
        if answered:
            self.tally.schedules_on_connect += 1
        else:
            self.tally.schedule_failures_on_connect += 1

    def _on_disconnect(self, *args: Any) -> None:
        self.tally.disconnects += 1
        self.tally.plays_cut += len(self.outstanding)
        self.outstanding.clear()
        if self.running:
            self._retry(after_server_close=self.attempt == 0)

    def _on_connect_error(self, data: Any = None) -> None:
        if isinstance(data, dict) and data.get("message") == "Unauthorized":
            self.tally.unauthorized += 1
            self.running = False

    # --- what a player sends -------------------------------------------------------------

    def _heartbeat(self) -> None:
        if self.client.connected:
            self.client.emit("screen:heartbeat", BEAT)
            self.tally.heartbeats += 1

    def _play(self) -> None:
        if not self.client.connected:
            return
        now = datetime.now(UTC)
        play = {
            "id": str(uuid.uuid4()),
            "mediaId": self.media_id,
            "playlistId": self.playlist_id,
            "playedAt": iso(now - timedelta(seconds=PLAY_SECONDS)),
            "durationSeconds": PLAY_SECONDS,
        }
        self.outstanding[play["id"]] = time.monotonic()
        self.client.emit(
            "screen:proof_of_play", [play], callback=lambda answer=None: self._on_play_ack(play["id"], answer)
        )
        self.tally.plays_sent += 1

    def _on_play_ack(self, play_id: str, answer: Any = None) -> None:
        if self.outstanding.pop(play_id, None) is None:
            return  # counted as cut already
        if not isinstance(answer, dict) or "accepted" not in answer:
            error = answer.get("error") if isinstance(answer, dict) else None
            self.tally.plays_errors[str(error or answer)[:80]] += 1
            return
        self.tally.plays_accepted += answer.get("accepted", 0)
        self.tally.plays_duplicates += answer.get("duplicates", 0)
        self.tally.plays_rejected += len(answer.get("rejected", []))

    def run_timers(self) -> None:
        """Heartbeats and plays until stopped, each timer at its own random phase."""

        def every(period: float, action: Any) -> None:
            next_at = time.monotonic() + random.uniform(0, period)
            while self.running:
                gevent.sleep(max(0.0, next_at - time.monotonic()))
                if not self.running:
                    return
                action()
                next_at += period

        gevent.joinall(
            [
                gevent.spawn(every, HEARTBEAT_SECONDS, self._heartbeat),
                gevent.spawn(every, PLAY_SECONDS, self._play),
            ]
        )

    # --- what a player receives ----------------------------------------------------------

    def _on_event(self, event: str, data: Any = None, *rest: Any) -> None:
        arrived = time.monotonic()
        command_id = data.get("commandId") if isinstance(data, dict) else None
        if not command_id:
            return
        self.tally.received.setdefault(str(command_id), (event, self.screen_id, arrived))
        self.client.emit("screen:command_ack", {"commandId": command_id, "status": "DELIVERED"})
        self.tally.acks_sent += 1

    def stop(self) -> None:
        self.running = False
        if self.client.connected:
            try:
                self.client.disconnect()
            except Exception:  # a socket already gone is what was wanted
                pass
