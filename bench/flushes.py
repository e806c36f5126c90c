"""What one flush of the batched writers costs, alone: the stretch it holds the event loop.

N screens, a media and a playlist in a fresh database; then rounds of the heartbeat writer's
flush (`--heartbeats` readings, one per screen in turn: 67 is what 2,000 screens beating every
30 s queue in one second) and of the play writer's (`--plays` plays of 10 s each, spread over
as many screens: 100 is what 2,000 screens send in its half second), and of the presence writer's
(`--connects` sockets connecting, then as many dropping: a restart storm's second). No sockets,
no console connected.

    .venv/bin/python -m bench.flushes
    .venv/bin/python -m bench.flushes --screens 5000 --heartbeats 167 --plays 250 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

Prints one JSON line: the best, median and 90th percentile milliseconds of each writer's flush
over `--rounds` rounds, and the best and median of this process's CPU time in it (on
PostgreSQL the flush waits on the server too: the CPU is what holds the event loop). The best
is the figure to compare between two versions on this noisy machine. `--profile heartbeats`
(or plays, presence) prints the cProfile of every round of that writer, `--sort tottime` by
own time.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import cProfile  # noqa: E402
import json  # noqa: E402
import pstats  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

from bench.heartbeats import BEAT as FLEET_BEAT  # noqa: E402

# The fleet's heartbeat (bench.heartbeats), with what an offline-ready player adds.
BEAT = {
    **FLEET_BEAT,
    "cachedUntil": "2026-12-01T08:00:00Z",
    "storageUsedMb": 120.5,
    "storageQuotaMb": 2048.0,
    "storagePersisted": True,
    "pendingProofOfPlay": 0,
    "online": "websocket",
}


def summary(timings: list[float], cpu: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {
        "bestMs": round(ordered[0], 2),
        "medianMs": round(statistics.median(ordered), 2),
        "p90Ms": round(ordered[int(len(ordered) * 0.9)], 2),
        "cpuBestMs": round(min(cpu), 2),
        "cpuMedianMs": round(statistics.median(cpu), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--screens", type=int, default=2000)
    parser.add_argument("--heartbeats", type=int, default=67)
    parser.add_argument("--plays", type=int, default=100)
    parser.add_argument("--connects", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--profile", choices=["heartbeats", "plays", "presence"])
    parser.add_argument("--sort", default="cumulative", help="the profile's order: cumulative, tottime...")
    args = parser.parse_args()
    database_url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/flushes.db"

    from sqlalchemy import insert, select

    from bench.fleet import prepare_database
    from signage import gc_tuning
    from signage.extensions import db
    from signage.factory import create_app
    from signage.models import Media, MediaType, Playlist, Screen, ScreenStatus, Site, Template
    from signage.monitoring.heartbeats import HeartbeatWriter, Reading, parse_heartbeat
    from signage.monitoring.presence import Change, PresenceWriter
    from signage.monitoring.proof_of_play import PlayWriter, check_plays
    from tests.support import settings_for

    prepare_database(database_url)
    app = create_app(settings_for(database_url))
    with app.app_context():
        site = Site(name="Fleet", timezone="Europe/Paris")
        media = Media(name="bench.mp4", type=MediaType.VIDEO, duration=10.0)
        playlist = Playlist(name="Fleet", template=Template(name="Full", zones=[{"id": "main"}]))
        db.session.add_all([site, media, playlist])
        db.session.commit()
        media_id, playlist_id = media.id, playlist.id
        db.session.execute(
            insert(Screen),
            [
                {
                    "name": f"Fleet {n:05d}",
                    "site_id": site.id,
                    "status": ScreenStatus.ONLINE,
                    "player_jwt_hash": f"digest-{n}",
                }
                for n in range(args.screens)
            ],
        )
        db.session.commit()
        screens = list(db.session.scalars(select(Screen.id).order_by(Screen.id)))
        digests = dict(db.session.execute(select(Screen.id, Screen.player_jwt_hash)).tuples().all())
    gc_tuning.tune_for_serving()  # as wsgi.py does

    beat = parse_heartbeat({**BEAT, "currentPlaylistId": playlist_id})
    heartbeats = HeartbeatWriter(app)
    plays = PlayWriter(app)
    presence = PresenceWriter(app)
    profiles = {name: cProfile.Profile() for name in ("heartbeats", "plays", "presence")}
    timings: dict[str, list[float]] = {name: [] for name in profiles}
    cpu: dict[str, list[float]] = {name: [] for name in profiles}
    next_screen = 0
    clock = datetime.now(UTC) - timedelta(hours=1)

    def timed(name: str, writer: HeartbeatWriter | PlayWriter | PresenceWriter) -> None:
        profile = profiles[name] if args.profile == name else None
        start, start_cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        writer.flush()
        if profile:
            profile.disable()
        timings[name].append((time.perf_counter() - start) * 1000)
        cpu[name].append((time.process_time() - start_cpu) * 1000)

    for _ in range(args.rounds):
        for _ in range(args.heartbeats):
            screen_id = screens[next_screen % len(screens)]
            next_screen += 1
            heartbeats._pending.append(Reading(screen_id, datetime.now(UTC), True, "10.0.0.1", beat))
        timed("heartbeats", heartbeats)

        # Queued as the writer's callers queue them (submit waits on the flush: not here).
        clock += timedelta(seconds=10)
        for n in range(args.plays):
            item = {
                "id": str(uuid.uuid4()),
                "mediaId": media_id,
                "playlistId": playlist_id,
                "playedAt": clock.isoformat(),
                "durationSeconds": 10,
            }
            submission = check_plays(screens[n % len(screens)], [item], datetime.now(UTC))
            plays._pending.append(submission)
            plays._queued_plays += len(submission.plays)
        timed("plays", plays)

        # Half the rounds a storm of connects, half as many drops (queued as sockets do).
        at = datetime.now(UTC)
        for n in range(args.connects):
            screen_id = screens[n % len(screens)]
            if len(timings["presence"]) % 2 == 0:
                presence._pending[screen_id] = Change(at, True, "10.0.0.1", digests[screen_id])
            else:
                presence._pending[screen_id] = Change(at, False, None, digests[screen_id])
        timed("presence", presence)

    print(
        json.dumps(
            {
                "screens": args.screens,
                "database": database_url.split(":", 1)[0],
                "rounds": args.rounds,
                "heartbeatsPerFlush": args.heartbeats,
                "heartbeatFlush": summary(timings["heartbeats"], cpu["heartbeats"]),
                "heartbeatsWritten": heartbeats.written,
                "playsPerFlush": args.plays,
                "playFlush": summary(timings["plays"], cpu["plays"]),
                "playsWritten": plays.written,
                "changesPerFlush": args.connects,
                "presenceFlush": summary(timings["presence"], cpu["presence"]),
            }
        )
    )
    if args.profile:
        pstats.Stats(profiles[args.profile]).sort_stats(args.sort).print_stats(35)


if __name__ == "__main__":
    main()
