"""gunicorn settings: one gevent worker serves HTTP and WebSockets (Flask-SocketIO needs a
single process per Socket.IO server; scale out with more processes + REDIS_URL)."""

import os

bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
worker_class = "gevent"
workers = 1
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "2000"))
# Long-lived sockets are normal here; the gevent worker keeps its own heartbeat.
timeout = 60
graceful_timeout = 10
keepalive = 75
accesslog = os.environ.get("ACCESS_LOG", "-") or None  # ACCESS_LOG= (empty) turns it off
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Trust X-Forwarded-* only from the local reverse proxy (see README, nginx).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's runtime control socket lives at one path per user, which several servers on a
# machine (tests, a second site) would fight over; nothing here uses it.
control_socket_disable = True


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """On SIGTERM (a deploy, a restart) the worker closes its Socket.IO connections at once
    instead of waiting graceful_timeout for them to end (signage.push.close_all_local)."""
    import signal

    import gevent

    from signage.push import close_all_local

    stop = worker.handle_exit

    def on_term(sig, frame):  # type: ignore[no-untyped-def]
        stop(sig, frame)
        gevent.spawn(_close_sockets, worker, close_all_local)

    signal.signal(signal.SIGTERM, on_term)


def _close_sockets(worker, close_all_local):  # type: ignore[no-untyped-def]
    try:
        worker.log.info("Closing %d Socket.IO connections (worker stopping)", close_all_local())
    except Exception:  # the worker must still stop
        worker.log.exception("Could not close the Socket.IO connections")
