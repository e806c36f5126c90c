"""Many emits to the other processes travel as one Redis message (an alert to 5,000 screens
was 5,000 publishes: 0.4 s of the request packing them, and 5,000 decodes in every listener),
and each process unpacks it into the same emits it would have received one by one."""

from __future__ import annotations

import json
import time

import socketio
from redis import Redis

from signage.push import RoomDisconnectRedisManager


def test_a_batch_of_emits_is_one_message_that_each_process_unpacks(redis_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    delivered: list[tuple[object, str, object, str]] = []

    def record(self, event, data, namespace=None, room=None, **kwargs):  # type: ignore[no-untyped-def]
        delivered.append((self, event, data, room))

    monkeypatch.setattr(socketio.Manager, "emit", record)
    sender = RoomDisconnectRedisManager(redis_url, channel="batch-test")
    receiver = RoomDisconnectRedisManager(redis_url, channel="batch-test")
    listener = Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    listener.subscribe("batch-test")
    emits = [("alert:show", {"id": "7", "commandId": str(n)}, f"screen:{n}") for n in range(3)]

    sender.emit_many(emits, "/")

    # This process's own sockets got each emit at once...
    assert [(e, d, r) for who, e, d, r in delivered if who is sender] == emits
    messages = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not messages:
        message = listener.get_message(timeout=0.2)
        if message:
            messages.append(json.loads(message["data"]))
    assert listener.get_message(timeout=0.5) is None  # ...and Redis carried one message
    assert len(messages) == 1
    # A process of an older release would emit it to a room no socket joins.
    assert messages[0]["room"] == messages[0]["event"] == "signage:emit-many"

    receiver._handle_emit(messages[0])
    assert [(e, d, r) for who, e, d, r in delivered if who is receiver] == emits
    assert sender.health().ok and sender.health().lost == 0
    listener.close()
