"""The kiosk launcher: keeps Chromium on the screen, whatever happens to it.

It starts Chromium with the signage flags on a fixed profile, after marking that profile as
cleanly exited (else Chromium offers to "restore pages" over the player), restarts it when it
exits (1, 2, 4 ... KIOSK_BACKOFF_MAX seconds apart; back to 1 s once a run lasted a minute),
and restarts it when the player page stops pinging the agent for KIOSK_WATCHDOG_SECONDS (a hung
renderer keeps its process alive, so only the page can tell). The watchdog arms at the first
ping since the launcher started, so a player that does not ping yet is never restarted in a loop.

The agent reaches it over a Unix socket (agent/link.py): `alive`, `restart`, `status`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from agent import cdp
from agent.config import Settings
from agent.logbook import ActionLog

# Kiosk, autoplay, no bubbles or prompts, no background throttling of a page nobody "looks at".
SIGNAGE_FLAGS = (
    "--kiosk",
    "--noerrdialogs",
    "--disable-infobars",
    "--no-first-run",
    "--no-default-browser-check",
    "--autoplay-policy=no-user-gesture-required",
    "--hide-crash-restore-bubble",
    "--disable-session-crashed-bubble",
    "--disable-features=Translate,TranslateUI",
    "--disable-translate",
    "--disable-sync",
    "--password-store=basic",
    "--overscroll-history-navigation=0",
    "--disable-pinch",
    "--check-for-update-interval=31536000",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
)
STABLE_RUN = 60.0  # a run this long resets the back-off
STOP_GRACE = 5.0  # SIGTERM, then SIGKILL


def player_url(kiosk_url: str, agent_url: str, token: str) -> str:
    """The page to open, with the agent's address and token in the fragment (never sent to a server)."""
    return f"{kiosk_url}#agent={quote(agent_url, safe=':/[]')}&agentToken={quote(token, safe='')}"


def chromium_command(settings: Settings) -> list[str]:
    return [
        settings.browser,
        *SIGNAGE_FLAGS,
        f"--user-data-dir={settings.profile_dir}",
        "--remote-debugging-address=127.0.0.1",
        f"--remote-debugging-port={settings.debug_port}",
        *settings.browser_flags,
        player_url(settings.kiosk_url, settings.agent_url, settings.token),
    ]


def clear_crash_flags(profile_dir: str | os.PathLike[str]) -> bool:
    """Mark the profile as cleanly exited (Preferences `exit_type`, `exited_cleanly`).

    Returns True when the file was changed. A missing or unreadable file is left alone: Chromium
    writes a fresh one.
    """
    path = Path(profile_dir) / "Default" / "Preferences"
    try:
        prefs = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(prefs, dict):
        return False
    profile = prefs.setdefault("profile", {})
    if not isinstance(profile, dict):
        return False
    if profile.get("exit_type") == "Normal" and profile.get("exited_cleanly") is True:
        return False
    profile["exit_type"] = "Normal"
    profile["exited_cleanly"] = True
    temporary = path.with_name("Preferences.signage-tmp")
    temporary.write_text(json.dumps(prefs), encoding="utf-8")
    os.replace(temporary, path)
    return True


class Backoff:
    """Delays between restarts after exits: doubling up to `maximum`, reset by a stable run."""

    def __init__(self, maximum: float, first: float = 1.0) -> None:
        self.maximum, self.first = maximum, first
        self._next = first

    def after_exit(self, ran_for: float) -> float:
        if ran_for >= STABLE_RUN:
            self._next = self.first
        delay = self._next
        self._next = min(self.maximum, self._next * 2)
        return delay

    def reset(self) -> None:
        self._next = self.first


def watchdog_expired(
    now: float, started_at: float, last_alive: float | None, armed: bool, seconds: float
) -> bool:
    """True when the page has been silent for `seconds` (counted from its start or last ping)."""
    if not armed or seconds <= 0:
        return False
    return now - max(started_at, last_alive or started_at) > seconds


class Launcher:
    def __init__(self, settings: Settings, log: Callable[..., None] | None = None) -> None:
        self.settings = settings
        self._log = log or self._default_log()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._restart_requested = False
        self._lock = threading.Lock()
        self._last_alive: float | None = None
        self._armed = False
        self._process: subprocess.Popen[bytes] | None = None
        self._started_at = 0.0
        self.starts = 0
        self._server: socketserver.ThreadingUnixStreamServer | None = None

    def _default_log(self) -> Callable[..., None]:
        try:
            book = ActionLog(self.settings.log_path)
        except OSError as error:
            print(f"warning: {error} Logging to stderr only.", file=sys.stderr)
            book = None

        def log(action: str, outcome: str, **fields: Any) -> None:
            if book is not None:
                book.write(action, outcome, source="launcher", **fields)
            else:
                print(
                    json.dumps({"action": action, "outcome": outcome, **fields}), file=sys.stderr, flush=True
                )

        return log

    # --- commands from the agent -------------------------------------------------------------
    def alive(self) -> dict[str, Any]:
        with self._lock:
            self._last_alive = time.monotonic()
            if not self._armed:
                self._armed = True
                self._log("watchdog", "armed", seconds=self.settings.watchdog_seconds)
        return {"ok": True}

    def request_restart(self) -> dict[str, Any]:
        with self._lock:
            self._restart_requested = True
        self._wake.set()
        return {"ok": True}

    def status(self) -> dict[str, Any]:
        with self._lock:
            process = self._process
            running = process is not None and process.poll() is None
            silent = None if self._last_alive is None else round(time.monotonic() - self._last_alive, 1)
            return {
                "ok": True,
                "browser": "running" if running else "stopped",
                "pid": process.pid if running and process else None,
                "starts": self.starts,
                "watchdogArmed": self._armed,
                "secondsSinceAlive": silent,
            }

    def handle(self, command: str) -> dict[str, Any]:
        if command == "alive":
            return self.alive()
        if command == "restart":
            return self.request_restart()
        if command == "status":
            return self.status()
        return {"ok": False, "error": "unknown command"}

    # --- the socket ----------------------------------------------------------------------------
    def open_socket(self) -> None:
        path = Path(self.settings.launcher_socket)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.exists() or path.is_symlink():
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                try:
                    probe.connect(str(path))
                except OSError:
                    path.unlink()  # a stale socket left by a killed launcher
                else:
                    raise RuntimeError(f"Another launcher is already listening on {path}.")
        launcher = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 3

            def handle(self) -> None:
                try:
                    line = self.rfile.readline(64).decode("ascii", "replace").strip()
                    reply = launcher.handle(line)
                    self.wfile.write(json.dumps(reply).encode() + b"\n")
                except OSError:
                    pass

        previous = os.umask(0o177)  # the socket is born 0600: only this user (and root) may connect
        try:
            self._server = socketserver.ThreadingUnixStreamServer(str(path), Handler)
        finally:
            os.umask(previous)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="launcher-socket", daemon=True).start()

    def close_socket(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            Path(self.settings.launcher_socket).unlink(missing_ok=True)
            self._server = None

    # --- the browser ---------------------------------------------------------------------------
    def _start_browser(self) -> bool:
        if clear_crash_flags(self.settings.profile_dir):
            self._log("browser", "crash flags cleared", profile=self.settings.profile_dir)
        command = chromium_command(self.settings)
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as error:
            self._log("browser", "failed to start", error=f"{command[0]}: {error.strerror}")
            return False
        with self._lock:
            self._process = process
            self._started_at = time.monotonic()
            self.starts += 1
        self._log("browser", "started", pid=process.pid, start=self.starts)
        return True

    def _stop_browser(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        began = time.monotonic()
        how = "gone"
        try:
            cdp.close_browser(self.settings.debug_port, timeout=STOP_GRACE)
            process.wait(STOP_GRACE)
            how = "Browser.close"
        except (cdp.CdpError, OSError, subprocess.TimeoutExpired):
            pass  # not answering or not closing: the signals below
        for sig, wait in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, STOP_GRACE)):
            if process.poll() is not None:
                break
            try:
                # Only when DevTools did not close it (see cdp.close_browser). SIGTERM to Chromium
                # alone, not its group: a group SIGTERM killed the renderers and storage at once.
                if sig == signal.SIGTERM:
                    os.kill(process.pid, sig)
                else:
                    os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(wait)
                how = signal.Signals(sig).name
                break
            except subprocess.TimeoutExpired:
                continue
        self._log("browser", "stopped", by=how, seconds=round(time.monotonic() - began, 2))
        # The rest of its group (renderers, zygote) must not outlive it.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def _pause(self, seconds: float) -> None:
        """Sleep, but wake early for a restart request or a stop."""
        self._wake.clear()
        self._wake.wait(seconds)

    def run(self, tick: float = 0.2) -> None:
        backoff = Backoff(self.settings.backoff_max)
        self.open_socket()
        try:
            while not self._stop.is_set():
                with self._lock:
                    self._restart_requested = False
                if not self._start_browser():
                    self._pause(backoff.after_exit(0.0))
                    continue
                reason = self._supervise(tick)
                if reason == "exited":
                    ran_for = time.monotonic() - self._started_at
                    delay = backoff.after_exit(ran_for)
                    code = self._process.returncode if self._process else None
                    self._log(
                        "browser", "exited", returncode=code, ranSeconds=round(ran_for, 1), restartIn=delay
                    )
                    self._pause(delay)
                else:
                    self._stop_browser()
                    backoff.reset()
                    if reason != "stop":
                        self._log("browser", f"restarted ({reason})")
        finally:
            self._stop_browser()
            self.close_socket()

    def _supervise(self, tick: float) -> str:
        """Wait until the browser exits ('exited'), must restart ('requested', 'watchdog') or we stop."""
        while True:
            if self._stop.is_set():
                return "stop"
            if self._process is None or self._process.poll() is not None:
                return "exited"
            with self._lock:
                if self._restart_requested:
                    return "requested"
                expired = watchdog_expired(
                    time.monotonic(),
                    self._started_at,
                    self._last_alive,
                    self._armed,
                    self.settings.watchdog_seconds,
                )
            if expired:
                self._log("watchdog", "no ping from the player", seconds=self.settings.watchdog_seconds)
                return "watchdog"
            self._wake.wait(tick)
            self._wake.clear()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()


def main(settings: Settings) -> int:
    launcher = Launcher(settings)

    def on_signal(signum: int, _frame: object) -> None:
        launcher.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        launcher.run()
    except RuntimeError as error:
        print(f"signage kiosk: {error}", file=sys.stderr)
        return 1
    return 0
