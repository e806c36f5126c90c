"""Heartbeat ingest rate: N simulated players (python-socketio clients over WebSocket) beat
against a live server; reports the heartbeats stored per second (rows in screen_heartbeats).

    .venv/bin/python -m bench.heartbeats                       # 500 players, 30 s, SQLite
    .venv/bin/python -m bench.heartbeats --players 500 --interval 1 --seconds 30 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

It builds a fresh database (migrations), creates and activates the screens, starts the real
server (gunicorn, one gevent worker, wsgi:app), connects the players, lets them beat every
`--interval` seconds (players beat every 30 s; 1 s makes 500 players weigh what 15,000 would),
and counts the rows written during the measured window. The clients run as greenlets in this
process, so on a small machine they compete with the server for the CPU: the figure is a floor.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

import gevent  # noqa: E402
import socketio  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

BEAT = {
    "uptime": 3600,
    "memoryUsageMb": 180.0,
    "connectionType": "ethernet",
    "browserVersion": "Chromium 126",
    "resolution": "1920x1080",
    "isVisible": True,
    "errorMessage": None,
    "currentPlaylistId": None,
    "currentMediaName": "bench.mp4",
    "playerVersion": "1.0.0",
}


def prepare(database_url: str, players: int) -> list[tuple[int, str]]:
    """A migrated database with `players` activated screens; returns (screen id, JWT) pairs."""
    import flask_migrate

    from signage.extensions import db
    from signage.factory import create_app
    from signage.fleet.identity import activate, new_activation_token
    from signage.models import Screen, Site
    from tests.support import reset_database, settings_for

    reset_database(database_url)
    app = create_app(settings_for(database_url))
    with app.app_context():
        flask_migrate.upgrade()
        site = Site(name="Bench")
        db.session.add_all(Screen(name=f"Bench {n:04d}", site=site) for n in range(players))
        db.session.commit()
        now = datetime.now(UTC)
        secret = app.config["SIGNAGE"].player_jwt_secret
        pairs = []
        for screen in db.session.scalars(select(Screen).order_by(Screen.id)).all():
            pairs.append((screen.id, activate(new_activation_token(screen, now), secret, now).jwt))
        db.engine.dispose()
    return pairs


def run(
    base_url: str, database_url: str, pairs: list[tuple[int, str]], seconds: float, interval: float
) -> dict:
    clients: list[socketio.Client] = []
    started = time.monotonic()
    for _screen_id, jwt in pairs:
        client = socketio.Client(reconnection=False)
        client.connect(base_url, transports=["websocket"], auth={"token": jwt}, wait_timeout=30)
        clients.append(client)
    connect_seconds = time.monotonic() - started
    sent = 0
    stop = False

    def beat(client: socketio.Client, offset: float) -> None:
        nonlocal sent
        gevent.sleep(offset)  # spread the fleet over the interval, as real players are
        while not stop:
            client.emit("screen:heartbeat", BEAT)
            sent += 1
            gevent.sleep(interval)

    engine = create_engine(database_url)

    def stored() -> int:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(text("screen_heartbeats"))).scalar_one()

    workers = [gevent.spawn(beat, c, interval * i / len(clients)) for i, c in enumerate(clients)]
    gevent.sleep(interval + 2)  # warm-up: every player beating, the writer in its rhythm
    rows_before, sent_before, t0 = stored(), sent, time.monotonic()
    gevent.sleep(seconds)
    rows_after, sent_after, t1 = stored(), sent, time.monotonic()
    stop = True
    gevent.joinall(workers, timeout=interval + 5)
    for client in clients:
        client.disconnect()
    engine.dispose()
    elapsed = t1 - t0
    return {
        "players": len(clients),
        "intervalSeconds": interval,
        "measuredSeconds": round(elapsed, 1),
        "connectSeconds": round(connect_seconds, 1),
        "sentPerSecond": round((sent_after - sent_before) / elapsed, 1),
        "storedPerSecond": round((rows_after - rows_before) / elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--players", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between two beats of a player")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()
    from tests.support import live_server

    with tempfile.TemporaryDirectory() as tmp:
        database_url = args.database_url or f"sqlite:///{tmp}/bench.db"
        pairs = prepare(database_url, args.players)
        with live_server(database_url, WORKER_CONNECTIONS=str(args.players + 100)) as base:
            print(json.dumps(run(base, database_url, pairs, args.seconds, args.interval), indent=2))


if __name__ == "__main__":
    main()
