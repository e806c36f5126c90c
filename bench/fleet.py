"""The fleet load generator (issue 14): N players against the real server, speaking only the
public protocol, and the figures of the issue's table as one JSON line per run.

    .venv/bin/python -m bench.fleet --players 200 --seconds 30               # SQLite
    .venv/bin/python -m bench.fleet --players 200 --seconds 30 --reference   # + bare Flask-SocketIO
    .venv/bin/python -m bench.fleet --players 2000 --seconds 60 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench --redis-url redis://127.0.0.1:6379/13

A run: a fresh database (migrations) and one ADMIN user, the server (gunicorn, one gevent
worker, wsgi:app); then through the API only: sign in, a site, a group, a template, a WEBPAGE
media, a playlist scheduled on the group, N screens each activated as a kiosk is
(activation-token, then /api/player/activate for the JWT). The players connect (see
bench.fleet_players for what each does), warm up, and during `--seconds` the console sends
one command a second (VOLUME_SET, to each screen in turn) and two `/schedule` GETs a second
(`--schedule-rate`) go out across the fleet on two kept-alive connections, and the same again
from a process of their own (bench.schedule_probe: the generator's loop lag left out). Then
an alert to ALL, activated.

Figures: server CPU % of one core (master + worker, /proc/<pid>/stat, over the measured
window); RSS per player (the worker's VmRSS after the window minus before the players
connected, over N); command → player p50/p99 (from sending the POST to the player receiving
the event); `/schedule` p50/p99; alert to all p50/p99 (from sending the POST to each player
receiving `alert:show`), how many received it and how many the server confirmed (deliveries
DELIVERED in GET /api/admin/alerts/{id}, i.e. acks stored). Proof of play: every play is
accounted for once the players stop: accepted, duplicates, rejected, `playsErrors` (error
answers by message: over budget, a flush that failed or came too late), `playsCutByDisconnect`
(sent on a socket that closed before its answer), `playsLate` (answered within PLAYS_LATE_WAIT
after the others), `playsUnanswered` (never), and `playsStoredUnacknowledged` (in the
database, never acknowledged as accepted). `--reference` runs the bare
Flask-SocketIO server (bench.bare_server: the same routes and events answered from memory)
with the same fleet first, then the product, and prints both lines.

`--restart-at S` restarts the product server S seconds into the window (SIGTERM, gunicorn's
graceful stop, a new process on the same port), as a deploy does; the console then sends its
command a second to every screen in turn, connected or not (the server queues and delivers on
the reconnect). Added figures: how long it was down, when each player was back (seconds after
it served again: p50/p99/max; the players' first retry is uniform over 1–30 s), connect
failures, `commandsLost` (a command whose POST succeeded and never arrived), and the time until
the server's CPU (5 s mean) is back within 1.5× (or +5 points of) its pre-restart level.

The players run as greenlets in this process and share the 2 cores with the server:
`clientCpuPercent` says how busy the generator was and `clientLagP99Ms` /
`clientLagDuringAlertMaxMs` how late its own event loop woke (the latencies include that).
Every server started is terminated on exit, Ctrl-C and SIGTERM included.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import gevent  # noqa: E402
import gevent.pool  # noqa: E402
import requests  # noqa: E402

from bench.fleet_players import Player, Tally  # noqa: E402
from bench.fleet_server import Server, cpu_seconds, serve  # noqa: E402
from bench.schedule_probe import STRIDE, get_schedule  # noqa: E402

EMAIL = "fleet@example.com"
PASSWORD = "fleet-bench-password-1"
SETUP_CONCURRENCY = 8
CONNECT_CONCURRENCY = 25
SCHEDULE_CONNECTIONS = 2  # the GETs of --schedule-rate, spread over both
SCHEDULE_RATE = 2.0  # GETs a second across the fleet: the player model
# After the players stop, how long the bench waits for the plays' last answers.
PLAYS_LATE_WAIT = 30.0


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, int(len(ordered) * share + 0.5) - 1))], 1)


class Console:
    """A signed-in console user over HTTP (kept-alive), as an operator's browser is."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        response = self.http.post(
            f"{base}/api/auth/login", json={"email": EMAIL, "password": PASSWORD}, timeout=30
        )
        response.raise_for_status()
        self.http.headers["X-CSRFToken"] = response.json()["csrfToken"]

    def post(self, path: str, body: Any = None, expect: int = 201) -> dict[str, Any]:
        response = self.http.post(f"{self.base}{path}", json=body, timeout=120)
        if response.status_code != expect:
            raise RuntimeError(f"POST {path} answered {response.status_code}: {response.text[:300]}")
        return response.json()

    def get(self, path: str) -> dict[str, Any]:
        response = self.http.get(f"{self.base}{path}", timeout=120)
        response.raise_for_status()
        return response.json()


def prepare_database(database_url: str) -> None:
    """A migrated, empty database with the bench's ADMIN (the one step an operator does with
    `flask signage create-user`)."""
    import flask_migrate

    from signage.extensions import db
    from signage.factory import create_app
    from tests.support import make_user, reset_database, settings_for

    reset_database(database_url)
    app = create_app(settings_for(database_url))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    make_user(app, EMAIL, "ADMIN", PASSWORD)
    with app.app_context():
        db.engine.dispose()


def provision(base: str, players: int, content: bool) -> tuple[list[tuple[str, str]], tuple[Any, Any]]:
    """Screens activated through the API; returns their (screen id, JWT) and the (media id,
    playlist id) their plays name. `content`: a playlist scheduled on the screens' group, so
    `/schedule` resolves a real schedule (the bare server has no such thing)."""
    console = Console(base)
    site = console.post("/api/admin/sites", {"name": "Fleet", "timezone": "Europe/Paris"})["id"]
    group = console.post("/api/admin/groups", {"name": "Fleet", "siteId": site})["id"]
    play_ids: tuple[Any, Any] = (None, None)
    if content:
        zone = {"id": "main", "name": "Main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}
        template = console.post("/api/admin/templates", {"name": "Fleet", "zones": [zone]})["id"]
        media = console.post(
            "/api/admin/medias", {"type": "WEBPAGE", "url": "https://example.com/", "name": "Fleet"}
        )
        item = {"mediaId": media["id"], "zoneId": "main", "order": 0, "duration": 10}
        playlist = console.post(
            "/api/admin/playlists", {"name": "Fleet", "templateId": template, "items": [item]}
        )
        schedule = {"name": "Fleet", "targetType": "GROUP", "targetId": group, "playlistId": playlist["id"]}
        console.post("/api/admin/schedules", schedule)
        play_ids = (media["id"], playlist["id"])

    def one(index: int) -> tuple[str, str]:
        screen = console.post(
            "/api/admin/screens", {"name": f"Fleet {index:05d}", "siteId": site, "groupId": group}
        )
        token = console.post(f"/api/admin/screens/{screen['id']}/activation-token")["token"]
        answer = requests.post(f"{base}/api/player/activate", json={"token": token}, timeout=60)
        answer.raise_for_status()
        return answer.json()["screenId"], answer.json()["jwt"]

    pool = gevent.pool.Pool(SETUP_CONCURRENCY)
    return list(pool.imap(one, range(players))), play_ids


class ScheduleProbe:
    """GET /api/player/{id}/schedule on kept-alive connections, each screen in turn with its
    own JWT, at a fixed rate per connection (late requests do not shift the next ones)."""

    def __init__(self, base: str, pairs: list[tuple[str, str]]) -> None:
        self.parts = urlsplit(base)
        self.pairs = pairs
        self.timings: list[float] = []
        self.statuses: dict[int, int] = {}

    def run(self, offset: float, period: float) -> None:
        conn = http.client.HTTPConnection(self.parts.hostname, self.parts.port, timeout=30)
        next_at = time.monotonic() + offset
        index = int(offset * 1000)
        try:
            while True:
                gevent.sleep(max(0.0, next_at - time.monotonic()))
                next_at += period
                screen_id, jwt = self.pairs[index % len(self.pairs)]
                index += STRIDE
                status, took = get_schedule(conn, screen_id, jwt)
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if took is not None:
                    self.timings.append(took)
        finally:
            conn.close()


class LagMonitor:
    """How late this process's own event loop wakes up: latencies measured here include it,
    so a large lag says the generator, not the server, was the bottleneck."""

    TICK = 0.05

    def __init__(self) -> None:
        self.phase = "window"
        self.lags: dict[str, list[float]] = {}

    def run(self) -> None:
        while True:
            started = time.monotonic()
            gevent.sleep(self.TICK)
            late = (time.monotonic() - started - self.TICK) * 1000
            self.lags.setdefault(self.phase, []).append(max(0.0, late))


class Commander:
    """One command a second from the signed-in console, to each connected screen in turn."""

    def __init__(self, console: Console, players: list[Player], to_all: bool = False) -> None:
        self.console, self.players = console, players
        # A restart storm sends to disconnected screens too: the server queues those commands
        # and must deliver them on the reconnect (none may be lost).
        self.to_all = to_all
        self.sent: dict[str, float] = {}  # commandId -> monotonic time the POST left
        self.post_ms: list[float] = []
        self.errors = 0

    def run(self) -> None:
        order = list(self.players)
        random.shuffle(order)
        next_at, index = time.monotonic(), 0
        while True:
            gevent.sleep(max(0.0, next_at - time.monotonic()))
            next_at += 1.0
            player = order[index % len(order)]
            index += 1
            if not (player.connected or self.to_all):
                continue
            started = time.monotonic()
            try:
                body = {"command": "VOLUME_SET", "payload": {"level": index % 101}}
                command = self.console.post(
                    f"/api/admin/screens/{player.screen_id}/command", body, expect=202
                )
            except (RuntimeError, requests.RequestException):
                self.errors += 1
                continue
            self.sent[command["id"]] = started
            self.post_ms.append((time.monotonic() - started) * 1000)


class CpuSampler:
    """The server's CPU, one sample a second, across a restart (a new master starts at zero)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.samples: list[tuple[float, float]] = []  # (monotonic end of the second, % of a core)

    def run(self) -> None:
        last_pid, last_cpu, last_t = self.server.proc.pid, self.server.cpu(), time.monotonic()
        while True:
            gevent.sleep(1.0)
            pid, cpu, now = self.server.proc.pid, self.server.cpu(), time.monotonic()
            used = cpu - last_cpu if pid == last_pid else cpu
            self.samples.append((now, max(0.0, used) / (now - last_t) * 100))
            last_pid, last_cpu, last_t = pid, cpu, now

    def mean(self, start: float, end: float) -> float | None:
        values = [p for t, p in self.samples if start < t <= end]
        return sum(values) / len(values) if values else None


class Restart:
    """`--restart-at S`: the product server stopped (SIGTERM, graceful) and started again on
    its port S seconds into the measured window, as an operator's restart or a deploy does."""

    def __init__(self, server: Server, after: float) -> None:
        self.server, self.after = server, after
        self.stopped_at: float | None = None
        self.serving_at: float | None = None

    def run(self) -> None:
        gevent.sleep(self.after)
        self.stopped_at = time.monotonic()
        self.server.restart()
        self.serving_at = time.monotonic()

    def figures(self, tally: Tally, cpu: CpuSampler, window_start: float) -> dict:
        if self.stopped_at is None or self.serving_at is None:
            return {"restartDone": False}
        first_back: dict[str, float] = {}
        for screen_id, at in tally.connect_log:
            if at >= self.stopped_at and screen_id not in first_back:
                first_back[screen_id] = at - self.serving_at
        spread = list(first_back.values())
        steady = cpu.mean(window_start, self.stopped_at)
        settled = None
        if steady is not None:
            threshold = max(1.5 * steady, steady + 5.0)
            for t, _ in cpu.samples:
                if t <= self.serving_at:
                    continue
                following = cpu.mean(t - 1.0, t + 5.0)
                if following is not None and following <= threshold:
                    settled = round(t - self.serving_at, 1)
                    break
        after = [p for t, p in cpu.samples if t > self.serving_at]
        return {
            "restartDone": True,
            "restartDownSeconds": round(self.serving_at - self.stopped_at, 1),
            "restartReconnected": len(spread),
            "restartReconnectP50S": percentile(spread, 0.5),
            "restartReconnectP99S": percentile(spread, 0.99),
            "restartReconnectMaxS": percentile(spread, 1.0),
            "restartSteadyCpuPercent": None if steady is None else round(steady, 1),
            "restartPeakCpuPercent": round(max(after), 1) if after else None,
            "restartCpuSteadyAfterS": settled,
        }


def run_fleet(
    server: Server,
    players_count: int,
    seconds: float,
    warmup: float,
    alert_wait: float,
    content: bool,
    restart_at: float | None = None,
    schedule_rate: float = SCHEDULE_RATE,
) -> dict:
    setup_started = time.monotonic()
    pairs, play_ids = provision(server.base, players_count, content)
    setup_seconds = time.monotonic() - setup_started
    rss_before = server.worker_rss_kb()

    tally = Tally()
    players = [Player(server.base, screen_id, jwt, tally, play_ids) for screen_id, jwt in pairs]
    started = time.monotonic()
    gevent.pool.Pool(CONNECT_CONCURRENCY).map(lambda p: p.connect(), players)
    connect_seconds = time.monotonic() - started
    timers = [gevent.spawn(p.run_timers) for p in players]
    console = Console(server.base)
    try:
        gevent.sleep(warmup)

        commander = Commander(console, players, to_all=restart_at is not None)
        probe = ScheduleProbe(server.base, pairs)
        sent_before = (tally.heartbeats, tally.plays_sent)
        failures_before = tally.connect_failures
        lag = LagMonitor()
        monitor = gevent.spawn(lag.run)
        sampler = CpuSampler(server)
        cpu_before, self_before, t0 = server.cpu(), cpu_seconds(os.getpid()), time.monotonic()
        drivers = [gevent.spawn(commander.run), gevent.spawn(sampler.run)]
        period = SCHEDULE_CONNECTIONS / schedule_rate  # each connection's interval
        offsets = [n * period / SCHEDULE_CONNECTIONS for n in range(SCHEDULE_CONNECTIONS)]
        drivers += [gevent.spawn(probe.run, offset, period) for offset in offsets]
        # The same GETs again from a process of their own (bench.schedule_probe).
        outside = subprocess.Popen(
            [sys.executable, "-m", "bench.schedule_probe"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        job = {
            "base": server.base,
            "pairs": pairs,
            "rate": schedule_rate,
            "seconds": seconds,
            "connections": SCHEDULE_CONNECTIONS,
        }
        outside_job = gevent.spawn(outside.communicate, json.dumps(job).encode())
        restart = Restart(server, restart_at) if restart_at is not None else None
        if restart is not None:
            drivers.append(gevent.spawn(restart.run))
        gevent.sleep(seconds)
        if restart is not None and restart.stopped_at is not None and restart.serving_at is None:
            gevent.joinall([drivers[-1]])  # the window ended mid-restart: let it finish
        gevent.killall(drivers)
        cpu_after, self_after, t1 = server.cpu(), cpu_seconds(os.getpid()), time.monotonic()
        outside_answer = json.loads(outside_job.get(timeout=60)[0] or b"{}")
        rss_after = server.worker_rss_kb()
        elapsed = t1 - t0
        restarted = restart is not None and restart.stopped_at is not None
        # Across a restart the old master's CPU is gone: the per-second samples add up instead.
        server_cpu = (
            sum(p for _, p in sampler.samples) / max(1, len(sampler.samples))
            if restarted
            else (cpu_after - cpu_before) / elapsed * 100
        )
        sent_after = (tally.heartbeats, tally.plays_sent)
        gevent.sleep(2)  # the last commands' events still on their way
        command_ms = [
            (tally.received[c][2] - t) * 1000 for c, t in commander.sent.items() if c in tally.received
        ]

        # The alert to every screen, as the console's Emergency alert sends it.
        connected = sum(p.connected for p in players)
        lag.phase = "alert"
        alert_started = time.monotonic()
        alert_body = {
            "title": "Fleet bench",
            "content": "Evacuate the building.",
            "displayMode": "FULLSCREEN",
            "targetType": "ALL",
            "isActive": True,
        }
        alert = console.post("/api/admin/alerts", alert_body)
        alert_post_ms = (time.monotonic() - alert_started) * 1000

        def alert_arrivals() -> list[float]:
            return [
                (at - alert_started) * 1000
                for event, _screen, at in tally.received.values()
                if event == "alert:show" and at >= alert_started
            ]

        deadline = alert_started + alert_wait
        while len(alert_arrivals()) < connected and time.monotonic() < deadline:
            gevent.sleep(0.1)
        arrivals = alert_arrivals()
        monitor.kill()
        disconnects = tally.disconnects
        confirmed = 0
        while time.monotonic() < deadline + 5:
            deliveries = console.get(f"/api/admin/alerts/{alert['id']}").get("deliveries", [])
            confirmed = sum(1 for d in deliveries if d.get("status") == "DELIVERED")
            if confirmed >= len(arrivals):
                break
            gevent.sleep(0.5)
        # Every play the server acknowledged must be stored (its public report; the product
        # only): the players stop sending, the last answers come back, then both are counted.
        for player in players:
            player.running = False
        gevent.killall(timers)
        gevent.sleep(2)
        # Answers still missing now are late (they come within PLAYS_LATE_WAIT) or unanswered.
        plays_missing_at_end = sum(len(p.outstanding) for p in players)
        late_deadline = time.monotonic() + PLAYS_LATE_WAIT
        while any(p.outstanding for p in players) and time.monotonic() < late_deadline:
            gevent.sleep(0.2)
        plays_accepted = tally.plays_accepted
        plays_stored = console.get("/api/admin/reports/proof_of_play?limit=1")["total"] if content else None
        # Every command whose POST succeeded, to a screen connected or not, must have arrived.
        commands_lost = sum(1 for c in commander.sent if c not in tally.received)
        restart_figures = (
            {
                **restart.figures(tally, sampler, t0),
                "restartConnectFailures": tally.connect_failures - failures_before,
                "restartUnauthorized": tally.unauthorized,
            }
            if restart is not None
            else {}
        )
    finally:
        for player in players:
            player.running = False
        gevent.killall(timers, block=False)
        gevent.pool.Pool(CONNECT_CONCURRENCY).map(lambda p: p.stop(), players)

    schedule_ok = probe.timings
    return {
        "players": players_count,
        "connected": connected,
        "setupSeconds": round(setup_seconds, 1),
        "connectSeconds": round(connect_seconds, 1),
        "measuredSeconds": round(elapsed, 1),
        "serverCpuPercent": round(server_cpu, 1),
        "clientCpuPercent": round((self_after - self_before) / elapsed * 100, 1),
        "clientLagP99Ms": percentile(lag.lags.get("window", []), 0.99),
        "clientLagDuringAlertMaxMs": percentile(lag.lags.get("alert", []), 1.0),
        # Two different processes across a restart: not comparable.
        "rssPerPlayerKb": None if restarted else round((rss_after - rss_before) / max(1, connected), 1),
        "serverRssKb": rss_after,
        "commands": len(commander.sent),
        "commandsReceived": len(command_ms),
        "commandErrors": commander.errors,
        "commandsLost": commands_lost,
        "commandP50Ms": percentile(command_ms, 0.5),
        "commandP99Ms": percentile(command_ms, 0.99),
        "commandPostP50Ms": percentile(commander.post_ms, 0.5),
        "scheduleRequests": len(schedule_ok),
        "scheduleStatuses": {str(k): v for k, v in sorted(probe.statuses.items())},
        "scheduleP50Ms": percentile(schedule_ok, 0.5),
        "scheduleP99Ms": percentile(schedule_ok, 0.99),
        "scheduleOwnProcessRequests": len(outside_answer.get("timings", [])),
        "scheduleOwnProcessStatuses": outside_answer.get("statuses", {}),
        "scheduleOwnProcessP50Ms": percentile(outside_answer.get("timings", []), 0.5),
        "scheduleOwnProcessP99Ms": percentile(outside_answer.get("timings", []), 0.99),
        "alertPostMs": round(alert_post_ms, 1),
        "alertReceived": len(arrivals),
        "alertConfirmed": confirmed,
        "alertP50Ms": percentile(arrivals, 0.5),
        "alertP99Ms": percentile(arrivals, 0.99),
        "alertMaxMs": percentile(arrivals, 1.0),
        "heartbeatsPerSecond": round((sent_after[0] - sent_before[0]) / elapsed, 1),
        "playsPerSecond": round((sent_after[1] - sent_before[1]) / elapsed, 1),
        "playsAccepted": plays_accepted,
        "playsDuplicates": tally.plays_duplicates,
        "playsRejected": tally.plays_rejected,
        "playsStored": plays_stored,
        # Stored but never acknowledged as accepted (cut by a disconnect, or still unanswered).
        "playsStoredUnacknowledged": None if plays_stored is None else plays_stored - plays_accepted,
        "playsErrors": dict(tally.plays_errors),
        "playsCutByDisconnect": tally.plays_cut,
        "playsLate": plays_missing_at_end - sum(len(p.outstanding) for p in players),
        "playsUnanswered": sum(len(p.outstanding) for p in players),
        "reconnects": tally.connects - sum(p.ever_connected for p in players),
        "disconnectsDuringRun": disconnects,
        "connectFailures": tally.connect_failures,
        "schedulesOnConnect": tally.schedules_on_connect,
        "scheduleFailuresOnConnect": tally.schedule_failures_on_connect,
        "loadAverage1m": round(os.getloadavg()[0], 2),
        **restart_figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0, help="the measured window")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of traffic before measuring")
    parser.add_argument(
        "--alert-wait", type=float, default=30.0, help="how long to wait for the alert to arrive"
    )
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--redis-url", help="Socket.IO message queue (and RQ) for both servers")
    parser.add_argument("--reference", action="store_true", help="also run the bare Flask-SocketIO reference")
    parser.add_argument(
        "--restart-at",
        type=float,
        metavar="S",
        help="restart the product server S seconds into the window (give --seconds room for the storm: 90+)",
    )
    parser.add_argument(
        "--schedule-rate",
        type=float,
        default=SCHEDULE_RATE,
        metavar="R",
        help="/schedule GETs a second (default 2: the p99 of a minute is then about its 2nd largest of 120)",
    )
    args = parser.parse_args()
    if args.schedule_rate <= 0:
        parser.error("--schedule-rate must be above 0")

    main_greenlet = gevent.getcurrent()
    gevent.signal_handler(signal.SIGTERM, lambda: main_greenlet.throw(SystemExit(143)))
    redis_env = {"REDIS_URL": args.redis_url} if args.redis_url else {}
    connections = str(args.players + 200)
    with tempfile.TemporaryDirectory() as tmp:
        if args.reference:
            # Fixed for the run, so tokens outlive a restarted worker as the product's do.
            env = {"WORKER_CONNECTIONS": connections, "BARE_JWT_SECRET": secrets.token_hex(32), **redis_env}
            with serve("bare", "bench.bare_server:app", env) as server:
                figures = run_fleet(
                    server,
                    args.players,
                    args.seconds,
                    args.warmup,
                    args.alert_wait,
                    content=False,
                    schedule_rate=args.schedule_rate,
                )
            print(
                json.dumps({"server": "bare-flask-socketio", "redis": bool(args.redis_url), **figures}),
                flush=True,
            )

        database_url = args.database_url or f"sqlite:///{tmp}/fleet.db"
        prepare_database(database_url)
        env = {
            "SIGNAGE_ENV": "development",
            "DATABASE_URL": database_url,
            "STORAGE_DIR": f"{tmp}/media",
            "WORKER_CONNECTIONS": connections,
            **redis_env,
        }
        with serve("product", "wsgi:app", env) as server:
            figures = run_fleet(
                server,
                args.players,
                args.seconds,
                args.warmup,
                args.alert_wait,
                content=True,
                restart_at=args.restart_at,
                schedule_rate=args.schedule_rate,
            )
        database = "postgresql" if database_url.startswith("postgresql") else "sqlite"
        print(
            json.dumps({"server": "product", "database": database, "redis": bool(args.redis_url), **figures}),
            flush=True,
        )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the servers are already stopped (serve's finally)
        raise SystemExit(130) from None
