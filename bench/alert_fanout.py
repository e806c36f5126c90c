"""The server's own cost of an alert to a whole fleet: N screens in the database, no sockets
connected, `create_alert(..., activate=True)` timed (the command rows written, the events
published to the Socket.IO message queue when `--redis-url` is given). What the POST of an
alert costs before any socket is written to; `bench.fleet` measures the delivery under load.

    .venv/bin/python -m bench.alert_fanout --screens 5000
    .venv/bin/python -m bench.alert_fanout --screens 5000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        --redis-url redis://127.0.0.1:6379/13

Prints one JSON line: each round's milliseconds and their median. `--profile` prints the last
round's cProfile, sorted by cumulative time.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--screens", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--redis-url", help="publish through the Socket.IO message queue")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    database_url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/alert-fanout.db"

    from sqlalchemy import insert

    from bench.fleet import prepare_database
    from signage import gc_tuning
    from signage.alerts.lifecycle import create_alert
    from signage.extensions import db
    from signage.factory import create_app
    from signage.models import Screen, ScreenStatus, Site
    from tests.support import settings_for

    prepare_database(database_url)
    app = create_app(settings_for(database_url, **({"REDIS_URL": args.redis_url} if args.redis_url else {})))
    with app.app_context():
        site = Site(name="Fleet", timezone="Europe/Paris")
        db.session.add(site)
        db.session.commit()
        # One in ten offline: its command waits for its reconnect instead of going out.
        db.session.execute(
            insert(Screen),
            [
                {"name": f"Fleet {n:05d}", "site_id": site.id,
                 "status": ScreenStatus.OFFLINE if n % 10 == 0 else ScreenStatus.ONLINE}
                for n in range(args.screens)
            ],
        )  # fmt: skip
        db.session.commit()
    gc_tuning.tune_for_serving()  # as wsgi.py does

    timings, profile = [], cProfile.Profile()
    for _ in range(args.rounds):
        with app.app_context():
            start = time.perf_counter()
            if args.profile:
                profile = cProfile.Profile()
                profile.enable()
            create_alert(title="Fire drill", content="Leave by the nearest exit", activate=True)
            profile.disable()
            timings.append(round((time.perf_counter() - start) * 1000, 1))
            db.session.remove()
    print(
        json.dumps(
            {
                "screens": args.screens,
                "database": database_url.split(":", 1)[0],
                "messageQueue": bool(args.redis_url),
                "alertMs": timings,
                "medianMs": statistics.median(timings),
            }
        )
    )
    if args.profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
