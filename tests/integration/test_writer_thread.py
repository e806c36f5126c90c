"""Under gevent, the batched writers' transactions run on a native thread of their own, beside
the event loop: a slow flush leaves every greenlet running, what it wrote is committed, its
callers get their answers, and the console hears of the screens and commands it changed."""

from __future__ import annotations

import json

from signage.extensions import db
from signage.models import CommandType, Media, MediaType, ScreenCommand
from tests.gevent_support import run_under_gevent
from tests.support import make_screen

SCRIPT = """
import json, time, uuid
from datetime import UTC, datetime, timedelta

import gevent
from gevent import monkey
from sqlalchemy import func, select

from signage.extensions import db
from signage.factory import create_app
from signage.models import CommandStatus, ProofOfPlay, ScreenCommand, ScreenHeartbeat
from signage.monitoring import command_acks, heartbeats, presence, proof_of_play
from tests.support import settings_for

native_id = monkey.get_original("threading", "get_ident")
loop = native_id()
threads = {"plays": set(), "heartbeats": set(), "presence": set(), "acks": set()}
told = []
acks_told = []

def spin(seconds):  # CPU held, the GIL with it: what a long flush is to the loop
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass

def watched(name, func, slow=0.0):
    def run(*args, **kwargs):
        threads[name].add(native_id())
        spin(slow)
        return func(*args, **kwargs)
    return run

proof_of_play.write_submissions = watched("plays", proof_of_play.write_submissions, slow=0.3)
heartbeats._write = watched("heartbeats", heartbeats._write)
presence._apply = watched("presence", presence._apply)
command_acks.write_acks = watched("acks", command_acks.write_acks)
command_acks.announce = lambda payloads: acks_told.extend(payloads)
heartbeats.tell_console = lambda payloads: told.extend(payloads)
presence.tell_console = lambda payloads: told.extend(payloads)

app = create_app(settings_for(@URL@))
ticks = []
def tick():
    while True:
        ticks.append(1)
        gevent.sleep(0.01)
ticker = gevent.spawn(tick)
gevent.sleep(0.05)

def play():
    return {"id": str(uuid.uuid4()), "mediaId": "@MEDIA@", "durationSeconds": 5,
             "playedAt": (datetime.now(UTC) - timedelta(minutes=1)).isoformat()}

def send():  # a socket handler: its own greenlet, its own app context
    with app.app_context():
        return proof_of_play.submit_plays(@SCREEN@, [play(), play()])

with app.app_context():
    before = len(ticks)
    results = gevent.joinall([gevent.spawn(send) for _ in range(3)])
    beside = len(ticks) - before
    accepted = sum(job.get().accepted for job in results)

    presence.presence_writer(app).connected(@SCREEN@, datetime.now(UTC), "10.0.0.9", None)
    presence.presence_writer(app).flush()
    heartbeats.record_heartbeat(@SCREEN@, {"uptime": 42}, via_socket=True, ip="10.0.0.9")
    heartbeats.heartbeat_writer(app).flush()
    command_acks.queue_ack(@SCREEN@, "@COMMAND@", "DELIVERED")
    command_acks.ack_writer(app).flush()

    before = len(ticks)
    spin(0.3)  # the control: the same CPU on the loop's own thread
    inline = len(ticks) - before

    stored = db.session.scalar(select(func.count()).select_from(ProofOfPlay))
    beats = db.session.scalar(select(func.count()).select_from(ScreenHeartbeat))
    command = db.session.get(ScreenCommand, @COMMAND@).status.value
print(json.dumps({
    "loop": loop, "threads": {name: sorted(ids) for name, ids in threads.items()},
    "accepted": accepted, "stored": stored, "beats": beats, "beside": beside, "inline": inline,
    "told": [payload["screenId"] for payload in told], "command": command, "acks_told": acks_told,
}))
"""


def test_under_gevent_the_writers_write_beside_the_event_loop(app, clean_db, database_url) -> None:  # type: ignore[no-untyped-def]
    screen = make_screen(app, "Beside")
    with app.app_context():
        media = Media(name="Poster", type=MediaType.IMAGE)
        command = ScreenCommand(screen_id=screen, command=CommandType.RELOAD)
        db.session.add_all([media, command])
        db.session.commit()
        media_id, command_id = media.id, command.id
    out = json.loads(
        run_under_gevent(
            SCRIPT.replace("@URL@", repr(database_url))
            .replace("@SCREEN@", str(screen))
            .replace("@MEDIA@", str(media_id))
            .replace("@COMMAND@", str(command_id))
        )
    )

    for name in ("plays", "heartbeats", "presence", "acks"):
        assert out["threads"][name], f"the {name} writer never wrote"
        assert out["loop"] not in out["threads"][name], f"the {name} writer wrote on the event loop's thread"
    # Six plays from three callers, one slow flush: each caller answered after the commit.
    assert out["accepted"] == out["stored"] == 6
    assert out["beats"] == 1
    # The ticker ran on through the slow flush, and not once through the same CPU on the loop.
    assert out["inline"] == 0
    assert out["beside"] >= 5
    # The console heard of the screen from both writers that change screens.
    assert str(screen) in [str(screen_id) for screen_id in out["told"]]
    assert len(out["told"]) == 2
    # The acked command is DELIVERED, and the console heard it from the loop's side.
    assert out["command"] == "DELIVERED"
    assert [payload["status"] for payload in out["acks_told"]] == ["DELIVERED"]
