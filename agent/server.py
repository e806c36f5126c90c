"""The agent's HTTP face (CONTRACT §11): a whitelist of actions on 127.0.0.1, behind a token.

Order of checks, cheapest first: flood throttle -> Host (DNS rebinding) -> body size -> Origin
(only SIGNAGE_SERVER_URL's) -> CORS/PNA preflight -> whitelist (404) -> bearer token (401) ->
the action, with its own rate limit. Every refusal and every action goes to the action log,
except the probes (`GET /health`, `POST /alive`) when they succeed: the player sends those
every few seconds and they change nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from agent import __version__, cdp, link
from agent.config import Settings, origin_of
from agent.limits import MinimumInterval, TokenBucket
from agent.logbook import ActionLog, clean

WHITELIST = {
    ("GET", "/health"): "health",
    ("POST", "/restart_browser"): "restart_browser",
    ("POST", "/reboot"): "reboot",
    ("POST", "/screenshot"): "screenshot",
    ("POST", "/alive"): "alive",  # our addition to §11: the player's watchdog ping
}
PROBES = {"health", "alive"}
MAX_CONNECTIONS = 32
THROTTLE_LOG_EVERY = 10.0


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()


class Agent:
    """The state shared by every request: settings, limits, the log, the launcher link."""

    def __init__(self, settings: Settings, log: ActionLog) -> None:
        self.settings = settings
        self.log = log
        self.token_digest = digest(settings.token)
        self.flood = TokenBucket(settings.rate_per_second, settings.rate_burst)
        stamp = Path(settings.state_dir) / "last-reboot" if settings.state_dir else None
        self.reboots = MinimumInterval(settings.reboot_interval, stamp)
        self.restarts = MinimumInterval(settings.restart_interval)
        self.capturing = threading.Lock()
        self.kiosk_origin = origin_of(settings.kiosk_url, "KIOSK_URL")
        self.allowed_hosts: set[str] = set()
        self._throttled = 0
        self._throttle_logged = 0.0
        self._throttle_lock = threading.Lock()

    def listening_on(self, port: int) -> None:
        self.allowed_hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        if self.settings.host not in ("127.0.0.1", "::1"):
            self.allowed_hosts.add(f"{self.settings.host}:{port}")

    def token_ok(self, header: str | None) -> bool:
        scheme, _, value = (header or "").partition(" ")
        # Digests of equal length: the comparison takes the same time whatever was sent.
        return hmac.compare_digest(digest(value.strip()), self.token_digest) and scheme.lower() == "bearer"

    def throttled(self, origin: str) -> None:
        now = time.monotonic()
        with self._throttle_lock:
            self._throttled += 1
            if now - self._throttle_logged < THROTTLE_LOG_EVERY:
                return
            count, self._throttled, self._throttle_logged = self._throttled, 0, now
        self.log.write("request", "throttled", status=429, origin=origin, count=count)

    # --- actions: each returns (status, content type, body) or raises Refusal -----------------
    def health(self) -> tuple[int, str, bytes]:
        try:
            launcher = link.ask(self.settings.launcher_socket, "status")
        except link.LauncherUnavailable:
            launcher = {"browser": "unknown", "launcher": "unreachable"}
        launcher.pop("ok", None)
        body = {"status": "ok", "version": __version__, "launcher": launcher}
        return 200, "application/json", json.dumps(body).encode()

    def alive(self) -> tuple[int, str, bytes]:
        self._launcher("alive")
        return 204, "", b""

    def restart_browser(self) -> tuple[int, str, bytes]:
        wait = self.restarts.claim(time.monotonic())
        if wait:
            raise _too_soon("restart_browser", wait)
        try:
            self._launcher("restart")
        except Refusal:
            self.restarts.release()
            raise
        return 202, "application/json", b'{"status": "restarting"}'

    def reboot(self) -> tuple[int, str, bytes]:
        wait = self.reboots.claim()
        if wait:
            raise _too_soon("reboot", wait)
        command = list(self.settings.reboot_command)
        try:
            done = subprocess.run(command, capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as error:
            self.reboots.release()
            raise Refusal(
                503, "reboot_failed", f"The reboot command {command[0]} could not run: {error}."
            ) from error
        if done.returncode != 0:
            self.reboots.release()
            detail = clean(done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}")
            raise Refusal(503, "reboot_failed", f"The reboot command failed: {detail}")
        return 202, "application/json", b'{"status": "rebooting"}'

    def screenshot(self) -> tuple[int, str, bytes]:
        if not self.capturing.acquire(blocking=False):
            raise Refusal(429, "busy", "A screenshot is already being taken.", {"Retry-After": "1"})
        try:
            image = cdp.capture(self.settings.debug_port, origin=self.kiosk_origin)
        except (cdp.CdpError, OSError, ValueError) as error:
            raise Refusal(
                503, "screenshot_unavailable", f"The browser could not take a screenshot: {error}."
            ) from error
        finally:
            self.capturing.release()
        return 200, "image/jpeg", image

    def _launcher(self, command: str) -> dict[str, Any]:
        try:
            return link.ask(self.settings.launcher_socket, command)
        except link.LauncherUnavailable as error:
            raise Refusal(503, "launcher_unavailable", str(error)) from error


def _too_soon(action: str, wait: float) -> Refusal:
    seconds = max(1, int(wait + 0.999))
    return Refusal(
        429,
        "rate_limited",
        f"{action} was done too recently; try again in {seconds} s.",
        {"Retry-After": str(seconds)},
    )


class Handler(BaseHTTPRequestHandler):
    server_version = "signage-agent"
    sys_version = ""
    timeout = 10  # a client that stalls mid-request is dropped
    agent: Agent  # set on the subclass made by make_server

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the action log says what matters

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # The base class answers malformed requests with HTML; keep the JSON error shape, and log.
        headers = getattr(self, "headers", None)
        origin = headers.get("Origin", "-") if headers is not None else "-"
        line = getattr(self, "requestline", "")
        self.agent.log.write(
            "request", "refused", status=code, code="bad_request", origin=origin, request=line
        )
        self._reply(
            code, _error_body("bad_request" if code < 500 else "error", message or "Bad request."), {}
        )

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    # -----------------------------------------------------------------------------------------
    def _dispatch(self) -> None:
        agent = self.agent
        origin = self.headers.get("Origin")
        shown_origin = origin if origin is not None else "-"
        path = self.path.split("?", 1)[0]
        action = WHITELIST.get((self.command, path), "request")
        cors = (
            {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
            if origin == agent.settings.allowed_origin
            else {}
        )
        if not agent.flood.take():
            agent.throttled(shown_origin)
            self._reply(429, _error_body("rate_limited", "Too many requests."), {"Retry-After": "1", **cors})
            return
        try:
            self._check_request(origin)
            if self.command == "OPTIONS":
                self._preflight(origin, path)
                return
            if action == "request":
                raise Refusal(404, "not_found", "No such action.")
            if not agent.token_ok(self.headers.get("Authorization")):
                raise Refusal(
                    401,
                    "unauthorized",
                    "A valid 'Authorization: Bearer <AGENT_TOKEN>' header is required.",
                    {"WWW-Authenticate": 'Bearer realm="signage-agent"'},
                )
            handler: Callable[[], tuple[int, str, bytes]] = getattr(agent, action)
            status, content_type, body = handler()
        except Refusal as refusal:
            agent.log.write(
                action,
                "refused",
                status=refusal.status,
                code=refusal.code,
                origin=shown_origin,
                method=self.command,
                path=path,
                detail=refusal.message,
            )
            self._reply(
                refusal.status, _error_body(refusal.code, refusal.message), {**refusal.headers, **cors}
            )
            return
        if action not in PROBES:
            agent.log.write(action, "done", status=status, origin=shown_origin, bytes=len(body))
        headers = {**cors, "Cache-Control": "no-store"}
        if content_type:
            headers["Content-Type"] = content_type
        self._reply(status, body, headers)

    def _check_request(self, origin: str | None) -> None:
        agent = self.agent
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in agent.allowed_hosts:
            raise Refusal(403, "host_not_allowed", "The agent answers only requests addressed to 127.0.0.1.")
        if self.headers.get("Transfer-Encoding"):
            raise Refusal(411, "length_required", "Send a Content-Length (the agent's actions take no body).")
        raw_length = self.headers.get("Content-Length") or "0"
        if not raw_length.isdigit():
            raise Refusal(400, "bad_request", "Content-Length is not a number.")
        length = int(raw_length)
        if length > agent.settings.max_body:
            self._unread_body = True
            raise Refusal(
                413,
                "body_too_large",
                f"The agent's actions take no body (at most {agent.settings.max_body} bytes).",
            )
        if length:
            self.rfile.read(length)
        if origin is not None and origin != agent.settings.allowed_origin:
            raise Refusal(403, "origin_not_allowed", "This origin may not call the agent.")

    def _preflight(self, origin: str | None, path: str) -> None:
        wanted = (self.headers.get("Access-Control-Request-Method") or "").upper()
        if origin is None or (wanted, path) not in WHITELIST:
            raise Refusal(404, "not_found", "No such action.")
        headers = {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Authorization, Content-Type",
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        }
        if (self.headers.get("Access-Control-Request-Private-Network") or "").lower() == "true":
            headers["Access-Control-Allow-Private-Network"] = "true"
        self._reply(204, b"", headers)

    def _reply(self, status: int, body: bytes | dict[str, Any], headers: dict[str, str]) -> None:
        """Send one response and close: a dict is sent as JSON, bytes as they are."""
        if isinstance(body, dict):
            data, headers = json.dumps(body).encode(), {"Content-Type": "application/json", **headers}
        else:
            data = body
        self.close_connection = True
        try:
            self.send_response(status)
            if status != 204:
                self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and status != 204:
                self.wfile.write(data)
            if getattr(self, "_unread_body", False):
                self._linger()
        except OSError:
            pass  # the client went away

    def _linger(self) -> None:
        """Read a little of a refused body before closing, so the kernel does not reset the
        connection (and lose our answer) because unread data was left in its buffer."""
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_WR)
        self.connection.settimeout(0.5)
        drained = 0
        while drained < 256 * 1024:
            chunk = self.connection.recv(65536)
            if not chunk:
                break
            drained += len(chunk)


def _error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


class AgentServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[Handler]) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)  # too many at once: drop, do not queue
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def make_server(settings: Settings, log: ActionLog) -> tuple[AgentServer, Agent]:
    agent = Agent(settings, log)
    handler = type("BoundHandler", (Handler,), {"agent": agent})
    server = AgentServer((settings.host, settings.port), handler)
    agent.listening_on(server.server_address[1])
    return server, agent
