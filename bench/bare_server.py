"""The bare Flask-SocketIO reference for bench.fleet: the routes and events the fleet uses,
answered from memory with no database, served the way the product is (gunicorn's gevent
worker, this repository's gunicorn.conf.py):

    BARE_JWT_SECRET=... gunicorn bench.bare_server:app

What the product does per message beyond this (validation, SQL, presence, audit) is the cost
the comparison shows. Screens, tokens and commands live in this process's memory only; the
console "session" is any login. With REDIS_URL, Socket.IO goes through Redis as the product's.
"""

from gevent import monkey

monkey.patch_all()

import itertools  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

import jwt  # noqa: E402
from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, join_room  # noqa: E402

SECRET = os.environ.get("BARE_JWT_SECRET") or secrets.token_hex(32)
EVENTS = {"VOLUME_SET": "volume:set", "PLAYLIST_RELOAD": "playlist:reload", "RELOAD": "player:refresh"}

app = Flask(__name__)
_options: dict[str, Any] = {"message_queue": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}
socketio = SocketIO(app, async_mode="gevent", manage_session=False, **_options)

ids = itertools.count(1)
screens: set[int] = set()
activation_tokens: dict[str, int] = {}
commands: dict[int, dict[str, Any]] = {}
alerts: dict[int, list[int]] = {}


def now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _screen_of(header: str | None) -> int | None:
    if not header or not header.startswith("Bearer "):
        return None
    try:
        return int(jwt.decode(header[7:], SECRET, algorithms=["HS256"])["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        return None


@app.post("/api/auth/login")
def login():
    return jsonify({"user": {"id": "1", "role": "ADMIN"}, "csrfToken": "bare"})


@app.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@app.post("/api/admin/sites")
@app.post("/api/admin/groups")
def create_container():
    return jsonify({"id": str(next(ids))}), 201


@app.post("/api/admin/screens")
def create_screen():
    screen_id = next(ids)
    screens.add(screen_id)
    return jsonify({"id": str(screen_id)}), 201


@app.post("/api/admin/screens/<int:screen_id>/activation-token")
def activation_token(screen_id: int):
    token = secrets.token_urlsafe(24)
    activation_tokens[token] = screen_id
    return jsonify({"token": token}), 201


@app.post("/api/player/activate")
def activate():
    screen_id = activation_tokens.pop((request.get_json(silent=True) or {}).get("token", ""), None)
    if screen_id is None:
        return jsonify({"error": {"code": "unknown_token", "message": "Unknown token."}}), 404
    claims = {"sub": str(screen_id), "iat": int(datetime.now(UTC).timestamp()), "jti": secrets.token_hex(8)}
    return jsonify({"jwt": jwt.encode(claims, SECRET, algorithm="HS256"), "screenId": str(screen_id)})


@app.get("/api/player/<int:screen_id>/schedule")
def schedule(screen_id: int):
    if _screen_of(request.headers.get("Authorization")) != screen_id:
        return jsonify({"error": {"code": "unauthorized", "message": "Unauthorized."}}), 401
    return jsonify(
        {"screenId": str(screen_id), "serverTime": now_iso(), "playlist": None, "upcoming": [], "alerts": []}
    )


def _send(screen_id: int, command: str, payload: dict[str, Any]) -> int:
    command_id = next(ids)
    commands[command_id] = {"screenId": screen_id, "status": "PENDING", "command": command}
    socketio.emit(
        EVENTS.get(command, "alert:show"), {**payload, "commandId": str(command_id)}, to=f"screen:{screen_id}"
    )
    return command_id


@app.post("/api/admin/screens/<int:screen_id>/command")
def command(screen_id: int):
    body = request.get_json(silent=True) or {}
    command_id = _send(screen_id, body.get("command", "RELOAD"), body.get("payload") or {})
    return jsonify({"id": str(command_id), "status": "PENDING"}), 202


@app.post("/api/admin/alerts")
def create_alert():
    body = request.get_json(silent=True) or {}
    alert_id = next(ids)
    payload = {"id": str(alert_id), "title": body.get("title", ""), "content": body.get("content", "")}
    alerts[alert_id] = [_send(screen_id, "ALERT_SHOW", payload) for screen_id in sorted(screens)]
    return jsonify({"id": str(alert_id), "state": "LIVE", "isActive": True}), 201


@app.get("/api/admin/alerts/<int:alert_id>")
def read_alert(alert_id: int):
    deliveries = [{"commandId": str(c), **commands[c]} for c in alerts.get(alert_id, [])]
    return jsonify({"id": str(alert_id), "deliveries": deliveries})


@socketio.on("connect")
def on_connect(auth: Any = None) -> None:
    token = auth.get("token") if isinstance(auth, dict) else None
    screen_id = _screen_of(f"Bearer {token}") if token else None
    if screen_id is None:
        raise ConnectionRefusedError("Unauthorized")
    socketio.server.save_session(request.sid, {"screen_id": screen_id})  # type: ignore[attr-defined]
    join_room(f"screen:{screen_id}")


@socketio.on("screen:heartbeat")
def on_heartbeat(data: Any = None) -> None:
    return None


@socketio.on("screen:proof_of_play")
def on_proof_of_play(data: Any = None) -> dict[str, Any]:
    items = data if isinstance(data, list) else [data]
    return {"accepted": len(items), "duplicates": 0, "rejected": []}


@socketio.on("screen:command_ack")
def on_command_ack(data: Any = None) -> None:
    if not isinstance(data, dict):
        return
    screen_id = socketio.server.get_session(request.sid).get("screen_id")  # type: ignore[attr-defined]
    try:
        entry = commands.get(int(data.get("commandId")))
    except (TypeError, ValueError):
        return
    if entry is not None and entry["screenId"] == screen_id and entry["status"] == "PENDING":
        entry["status"] = "DELIVERED" if data.get("status") == "DELIVERED" else "FAILED"
