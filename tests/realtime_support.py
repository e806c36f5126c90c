"""Real Socket.IO clients and HTTP sessions against a live server, for the socket tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests
import socketio

from tests.support import PASSWORD


class Recorder:
    """A python-socketio client that records every event it receives."""

    def __init__(self) -> None:
        self.client = socketio.Client(reconnection=False)
        self.events: list[tuple[str, Any]] = []
        self.connect_errors: list[Any] = []
        self.disconnected = threading.Event()
        self.client.on("*", lambda event, data=None: self.events.append((event, data)))
        self.client.on("connect_error", self.connect_errors.append)
        self.client.on("disconnect", lambda *args: self.disconnected.set())

    def connect(self, url: str, **kwargs: Any) -> Recorder:
        self.client.connect(url, transports=["websocket"], wait_timeout=10, **kwargs)
        return self

    def named(self, name: str) -> list[Any]:
        return [data for event, data in self.events if event == name]

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


class Console:
    """A signed-in console user over real HTTP."""

    def __init__(self, base: str, email: str, password: str = PASSWORD) -> None:
        self.base = base
        self.http = requests.Session()
        response = self.http.post(f"{base}/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        self.http.headers["X-CSRFToken"] = response.json()["csrfToken"]

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.post(f"{self.base}{path}", timeout=10, **kwargs)

    def activate_screen(self, screen_id: int) -> str:
        """Issue a token as the admin, then trade it as a kiosk would; returns the JWT."""
        issued = self.post(f"/api/admin/screens/{screen_id}/activation-token")
        assert issued.status_code == 201, issued.text
        response = requests.post(
            f"{self.base}/api/player/activate", json={"token": issued.json()["token"]}, timeout=10
        )
        assert response.status_code == 200, response.text
        return response.json()["jwt"]


def connect(clients: list[Recorder], url: str, **kwargs: Any) -> Recorder:
    """A connected Recorder that the `clients` fixture closes at the end of the test."""
    recorder = Recorder().connect(url, **kwargs)
    clients.append(recorder)
    return recorder
