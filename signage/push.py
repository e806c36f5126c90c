"""Room names and the one way to reach screens and the console, from anywhere.

Works in a web handler, a socket handler and an RQ worker alike: with REDIS_URL every call
goes through the Socket.IO message queue, so it reaches sockets held by any process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import socketio as socketio_lib
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from signage.extensions import socketio

# Console sockets (every signed-in role, not only ADMINs) join this room; CONTRACT §6 names it.
CONSOLE_ROOM = "admin"
NAMESPACE = "/"
log = logging.getLogger(__name__)

# Travel on the message queue as 'emit's that no client ever receives (see below).
_DISCONNECT_ROOM = "signage:disconnect-room"
_EMIT_MANY = "signage:emit-many"


def screen_room(screen_id: int | str) -> str:
    return f"screen:{screen_id}"


def to_screen(screen_id: int | str, event: str, data: Any = None) -> None:
    socketio.emit(event, data, to=screen_room(screen_id), namespace=NAMESPACE)


def to_screens(emits: list[tuple[int | str, str, Any]]) -> None:
    """`to_screen` for many (screen id, event, data): with the message queue, one round trip
    to Redis for all of them (an alert to a fleet of 5,000 screens published one by one held
    its request ~17 s)."""
    _emit_many([(event, data, screen_room(screen_id)) for screen_id, event, data in emits])


def to_console(event: str, data: Any = None) -> None:
    socketio.emit(event, data, to=CONSOLE_ROOM, namespace=NAMESPACE)


def to_console_many(event: str, payloads: list[Any]) -> None:
    """`to_console(event, data)` for each of the payloads, in order, in one round trip to
    Redis. An alert to 5,000 screens comes back as 5,000 `admin:command_status`: published
    one by one, they were 5,000 round trips on the event loop while the alert still went out."""
    _emit_many([(event, data, CONSOLE_ROOM) for data in payloads])


def _emit_many(emits: list[tuple[str, Any, str]]) -> None:
    """(event, data, room) emits, in order: through the message queue as one message."""
    if not emits:
        return
    manager = getattr(socketio.server, "manager", None)
    if isinstance(manager, RoomDisconnectRedisManager):
        manager.emit_many(emits, NAMESPACE)
        return
    for event, data, room in emits:
        socketio.emit(event, data, to=room, namespace=NAMESPACE)


def _disconnect_local(server: Any, room: str, namespace: str) -> int:
    members = list(server.manager.get_participants(namespace, room))
    for sid, eio_sid in members:
        server.disconnect(sid, namespace=namespace, ignore_queue=True)
        # Leaving the namespace keeps the transport open, and a client could ask to join
        # again on it; closing the transport ends the connection itself.
        _close_transport(server.eio, eio_sid)
    return len(members)


def _close_transport(eio: Any, eio_sid: str) -> None:
    """engineio's Server.disconnect() waits for the socket's writer to send what is queued.
    A client that hangs up on the namespace disconnect above can take that writer down first,
    and the wait then never returns (the revoking request hung until the worker was killed):
    close without waiting; the writer sends the CLOSE packet if it is still there."""
    socket = eio.sockets.pop(eio_sid, None)
    if socket is not None:
        socket.close(wait=False, reason=eio.reason.SERVER_DISCONNECT)


def close_all_local() -> int:
    """Close every Socket.IO connection of this process (its shutdown: gunicorn.conf.py).
    Left open, they kept a stopping worker alive for the whole graceful timeout while the
    fleet waited; closed by the server, players reconnect after their jittered delay (1-30 s),
    which spreads the restart's reconnection storm. Returns how many were closed."""
    eio = socketio.server.eio
    sids = list(eio.sockets)
    for eio_sid in sids:
        _close_transport(eio, eio_sid)
    return len(sids)


def disconnect_screen(screen_id: int | str) -> None:
    """Close every live socket of the screen, in every process."""
    server = socketio.server
    manager = server.manager
    room = screen_room(screen_id)
    _disconnect_local(server, room, NAMESPACE)
    if isinstance(manager, RoomDisconnectRedisManager):
        manager.publish_disconnect_room(room, NAMESPACE)


@dataclass(frozen=True)
class QueueHealth:
    """The Socket.IO message queue as this process sees it (for /healthz)."""

    publishing: bool  # the last publish reached Redis
    # Subscribed, so events from the other processes arrive. python-socketio subscribes on
    # the first Socket.IO request: until then the process has no socket to deliver to.
    listening: bool
    lost: int  # publishes that never reached Redis, since the process started
    down_since: datetime | None  # when the current outage began (None: no outage)

    @property
    def ok(self) -> bool:
        return self.publishing and self.listening

    def describe(self) -> str:
        if self.ok:
            return "ok"
        parts = []
        if not self.publishing:
            parts.append("cannot publish")
        if not self.listening:
            parts.append("not subscribed")
        since = f" since {self.down_since.isoformat(timespec='seconds')}" if self.down_since else ""
        return f"{' and '.join(parts)}{since}; {self.lost} events lost"


def queue_health() -> QueueHealth | None:
    """None when there is no message queue (one process, no REDIS_URL)."""
    manager = getattr(socketio.server, "manager", None)
    return manager.health() if isinstance(manager, RoomDisconnectRedisManager) else None


# A publish waits at most this long for Redis (an unreachable host must not hold the caller);
# during an outage, one publish in this many seconds tries Redis, the others fail at once.
PUBLISH_TIMEOUT = 2.0
RETRY_SECONDS = 1.0
# Emits per published message (emit_many): an alert to 5,000 screens in one round trip, since
# each round trip waits its turn on a busy event loop (~1.5 MB; Redis takes up to 512 MB).
PUBLISH_BATCH = 5000
# The listener tries to subscribe again this often (python-socketio's doubles up to 60 s:
# after an outage a process would miss the other processes' events for up to a minute).
LISTEN_RETRY_SECONDS = 1.0


class RoomDisconnectRedisManager(socketio_lib.RedisManager):
    """python-socketio can disconnect one sid across processes, but no process knows the
    sids another holds. This manager adds 'disconnect a room': published as an emit of a
    reserved event, which each process turns into local disconnects instead of a send.

    It also makes a Redis outage loud. python-socketio logs every failed publish and drops it
    (thousands of lines a second under a fleet), shares one connection between the publisher
    and the listener, and retries the subscription ever more slowly. Here publishes go
    through their own client with a timeout; a failure is counted, logged once per outage
    (and its end once, with the count), and shown by /healthz (`queue_health`); the listener
    subscribes again every second, so recovery needs no restart. The emit still reaches this
    process's own sockets (python-socketio delivers locally before it publishes): what an
    outage loses is only what other processes should have received.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._publisher: Redis | None = None
        self._state_lock = threading.Lock()
        self._publishing = True
        self._listening: bool | None = None  # None: not subscribed yet, nor needed
        self._lost = 0
        self._down_since: datetime | None = None
        self._next_try = 0.0

    def health(self) -> QueueHealth:
        """The queue's state; while publishing fails, first a PING at most every
        RETRY_SECONDS, so a quiet process also sees the end of an outage."""
        if not self._publishing and time.monotonic() >= self._next_try:
            try:
                self._publisher_client().ping()
            except Exception as exc:
                self._failed(exc, lost=0)
            else:
                self._recovered()
        return QueueHealth(self._publishing, self._listening is not False, self._lost, self._down_since)

    def _publisher_client(self) -> Redis:
        if self._publisher is None:
            self._publisher = Redis.from_url(
                self.redis_url,
                **{
                    **self.redis_options,
                    "socket_connect_timeout": PUBLISH_TIMEOUT,
                    "socket_timeout": PUBLISH_TIMEOUT,
                    # redis-py retries three times with back-off by default: seconds per
                    # publish while Redis is down. The outage logic below decides instead.
                    "retry": Retry(NoBackoff(), 0),
                },
            )
        return self._publisher

    def _publish(self, data: Any) -> None:
        self._publish_batch([data])

    def emit_many(self, emits: list[tuple[str, Any, str]], namespace: str) -> None:
        """Many `emit(event, data, room=...)` (JSON data, no callback): each delivered here at
        once, then published to the other processes as one message of up to PUBLISH_BATCH
        emits, which each of them unpacks (`_handle_emit`). 5,000 messages in a pipeline cost
        the publisher 0.4 s of packing and answers, and every listener 5,000 decodes."""
        messages = []
        for event, data, room in emits:
            message = {
                "method": "emit",
                "event": event,
                "data": [data],
                "binary": False,
                "namespace": namespace,
                "room": room,
                "skip_sid": None,
                "callback": None,
            }
            self._handle_emit(message)  # this process's own sockets
            messages.append([event, data, room])
        for start in range(0, len(messages), PUBLISH_BATCH):
            batch = messages[start : start + PUBLISH_BATCH]
            self._publish_batch(
                [
                    {
                        "method": "emit",
                        "event": _EMIT_MANY,
                        # A process of an older release reads this as an emit to a room no
                        # socket is in: it delivers nothing rather than broadcasting the batch.
                        "room": _EMIT_MANY,
                        "data": batch,
                        "namespace": namespace,
                        "host_id": self.host_id,
                    }
                ],
                emits=len(batch),
            )

    def _publish_batch(self, messages: list[dict[str, Any]], emits: int | None = None) -> None:
        """Publish in one round trip; `emits`: how many events the messages carry, counted
        as lost if they cannot be published (one per message unless said)."""
        lost = len(messages) if emits is None else emits
        if not self._publishing and time.monotonic() < self._next_try:
            self._failed(None, lost=lost)
            return
        try:
            pipeline = self._publisher_client().pipeline(transaction=False)
            for message in messages:
                pipeline.publish(self.channel, self.json.dumps(message))
            pipeline.execute()
        except Exception as exc:
            self._failed(exc, lost=lost)
        else:
            if not self._publishing:
                self._recovered()

    def _failed(self, exc: Exception | None, lost: int = 1) -> None:
        with self._state_lock:
            self._lost += lost
            self._next_try = time.monotonic() + RETRY_SECONDS
            if self._publishing or self._down_since is None:
                self._publishing = False
                self._down_since = self._down_since or datetime.now(UTC)
                log.error(
                    "Socket.IO message queue: cannot publish to Redis (%s); events for other "
                    "processes are lost until it is back (/healthz fails meanwhile)",
                    exc,
                )

    def _recovered(self) -> None:
        with self._state_lock:
            self._publishing = True
            since, lost = self._down_since, self._lost
            if self._listening is not False:
                self._down_since = None
        log.warning(
            "Socket.IO message queue: publishing to Redis again (down since %s; %d events lost in all)",
            since and since.isoformat(timespec="seconds"),
            lost,
        )

    def _redis_listen_with_retries(self) -> Iterator[Any]:
        logged = False
        while True:
            try:
                self._close_listener()
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                with self._state_lock:
                    self._listening = True
                    if self._publishing:
                        self._down_since = None
                if logged:
                    log.warning("Socket.IO message queue: subscribed to Redis again")
                    logged = False
                self._next_try = 0.0  # the next publish tries Redis at once
                yield from self.pubsub.listen()
            except Exception as exc:
                with self._state_lock:
                    self._listening = False
                    self._down_since = self._down_since or datetime.now(UTC)
                if not logged:
                    log.error(
                        "Socket.IO message queue: not subscribed to Redis (%s); trying again every %s s",
                        exc,
                        LISTEN_RETRY_SECONDS,
                    )
                    logged = True
                time.sleep(LISTEN_RETRY_SECONDS)

    def _close_listener(self) -> None:
        """The broken connection of the previous attempt (each attempt opens a new one)."""
        if self.pubsub is not None:
            try:
                self.pubsub.close()
            except Exception:
                pass
            self.pubsub = None

    def publish_disconnect_room(self, room: str, namespace: str) -> None:
        self._publish(
            {
                "method": "emit",
                "event": _DISCONNECT_ROOM,
                "data": None,
                "namespace": namespace,
                "room": room,
                "host_id": self.host_id,
            }
        )

    def _handle_emit(self, message: dict[str, Any]) -> None:
        if message.get("event") == _EMIT_MANY:
            namespace = message.get("namespace") or NAMESPACE
            for event, data, room in message.get("data") or ():
                super()._handle_emit({"event": event, "data": [data], "namespace": namespace, "room": room})
            return
        if message.get("event") == _DISCONNECT_ROOM:
            _disconnect_local(self.server, message["room"], message.get("namespace") or NAMESPACE)
            return
        super()._handle_emit(message)
