"""The local channel between the agent and the launcher: a Unix socket, one line each way.

The agent (a system service with CAP_SYS_BOOT, no display) and the launcher (in the kiosk's
graphical session, where Chromium can open a window) are two processes run by the same
`signage` user. The launcher listens on KIOSK_SOCKET (mode 0600: only that user and root can
connect); the agent sends `alive`, `restart` or `status` and reads one JSON line back.
"""

from __future__ import annotations

import json
import socket
from typing import Any

COMMANDS = ("alive", "restart", "status")


class LauncherUnavailable(ConnectionError):
    """The launcher is not running (or not answering) at KIOSK_SOCKET."""


def ask(path: str, command: str, timeout: float = 3.0) -> dict[str, Any]:
    if command not in COMMANDS:
        raise ValueError(f"unknown launcher command {command!r}")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(path)
            conn.sendall(command.encode() + b"\n")
            reply = b""
            while not reply.endswith(b"\n") and len(reply) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                reply += chunk
    except OSError as error:
        raise LauncherUnavailable(f"The kiosk launcher is not answering on {path}: {error}.") from error
    try:
        answer = json.loads(reply)
    except ValueError as error:
        raise LauncherUnavailable(f"The kiosk launcher sent an unreadable answer on {path}.") from error
    if not isinstance(answer, dict):
        raise LauncherUnavailable(f"The kiosk launcher sent an unreadable answer on {path}.")
    return answer
