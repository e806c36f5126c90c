"""Socket.IO (CONTRACT §6): who may connect and what players send. Handlers are thin: find the
socket's screen, validate, hand to a domain service, and never raise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, abort

from signage.extensions import socketio
from signage.web.sockets import (
    connection,
    console_events,
    gunicorn_socket,
    heartbeats,
    limits,
    player_events,
    proof_of_play,
    screenshots,
)

EVENTS: dict[str, Callable[..., Any]] = {
    "connect": connection.on_connect,
    "disconnect": connection.on_disconnect,
    "screen:heartbeat": heartbeats.on_heartbeat,
    "screen:command_ack": player_events.on_command_ack,
    "screen:error": player_events.on_player_error,
    "screen:proof_of_play": proof_of_play.on_proof_of_play,
    "screen:screenshot_response": screenshots.on_screenshot_response,
    "admin:status_snapshot": console_events.on_status_snapshot,
}


def register(app: Flask) -> None:
    """Wire the handlers to the app's Socket.IO server (made by socketio.init_app)."""
    for event, handler in EVENTS.items():
        socketio.on_event(event, handler)
    # Flask-SocketIO runs each event in a request context made from the socket's handshake
    # request. Without a rule for its path (a WebSocket rule for a WebSocket's), matching it
    # raised NotFound every time, and the exception's traceback tied the context, the request
    # and their frames into a cycle only the garbage collector could free: ~40 objects a
    # message, the bulk of the garbage of a process serving thousands of players
    # (signage.gc_tuning).
    path = "/" + (socketio.server_options.get("path") or "socket.io").strip("/") + "/"
    app.add_url_rule(path, endpoint="socketio_transport", view_func=_transport)
    app.add_url_rule(path, endpoint="socketio_transport", view_func=_transport, websocket=True)
    app.wsgi_app = gunicorn_socket.wrap(app.wsgi_app)  # type: ignore[method-assign]
    settings = app.config["SIGNAGE"]
    limits.install(socketio.server, settings.socket_auth_timeout_seconds, settings.socket_preauth_max_bytes)


def _transport() -> None:
    """Never reached over HTTP: the Socket.IO middleware answers this path before Flask."""
    abort(404)
