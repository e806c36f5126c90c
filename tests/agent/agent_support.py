"""Real agent and launcher processes on loopback for the tests, with harmless stand-ins.

A fake `systemctl` first on PATH records its arguments instead of rebooting; a stand-in browser
(stand_in_browser.py) records how it was started and behaves like Chromium towards its profile.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789abcdefABCDEF"
ORIGIN = "https://signage.example.com"


def wait_for(
    check: Callable[[], Any], timeout: float = 10.0, every: float = 0.05, what: str = "condition"
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Kiosk:
    """A temporary kiosk: its config, fake systemctl and files under one directory."""

    base: Path
    settings: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    port: int = 0

    @classmethod
    def create(cls, base: Path, **settings: str) -> Kiosk:
        bin_dir = base / "bin"
        bin_dir.mkdir(parents=True, exist_ok=True)
        systemctl = bin_dir / "systemctl"
        # Records each call; fails when the file `fail` exists (a refused reboot).
        systemctl.write_text(
            "#!/bin/sh\n"
            f'echo "$*" >> "{base}/systemctl.calls"\n'
            f'if [ -e "{base}/fail" ]; then echo "Access denied" >&2; exit 1; fi\n'
        )
        systemctl.chmod(0o755)
        kiosk = cls(base)
        kiosk.port = free_port()
        kiosk.settings = {
            "AGENT_TOKEN": TOKEN,
            "SIGNAGE_SERVER_URL": ORIGIN,
            "AGENT_PORT": str(kiosk.port),
            "AGENT_LOG": str(base / "agent.log"),
            "AGENT_STATE_DIR": str(base / "state"),
            "AGENT_RATE_PER_SECOND": "1000",
            "AGENT_RATE_BURST": "1000",
            "KIOSK_SOCKET": str(base / "run" / "launcher.sock"),
            "KIOSK_PROFILE": str(base / "profile"),
            "KIOSK_DEBUG_PORT": str(free_port()),
            **settings,
        }
        return kiosk

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("AGENT_", "KIOSK_", "SIGNAGE_"))}
        return {**keep, "PATH": f"{self.base / 'bin'}:{os.environ.get('PATH', '')}", "PYTHONUNBUFFERED": "1"}

    def write_config(self) -> Path:
        path = self.base / "signage-agent.conf"
        path.write_text(
            "".join(f"{k}={json.dumps(v) if ' ' in v else v}\n" for k, v in self.settings.items())
        )
        path.chmod(0o600)
        return path

    def run(self, *args: str, wait: bool = True) -> subprocess.Popen[bytes]:
        config = self.write_config()
        process = subprocess.Popen(
            [sys.executable, "-m", "agent", *args, "--config", str(config)],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=open(self.base / f"{args[0] if args else 'serve'}.err", "ab"),
        )
        self.processes.append(process)
        if wait and not args:
            wait_for(self._listening, what="the agent to listen")
        if wait and args == ("kiosk",):
            wait_for(lambda: Path(self.settings["KIOSK_SOCKET"]).exists(), what="the launcher's socket")
        return process

    def _listening(self) -> bool:
        for process in self.processes:
            if process.poll() is not None:
                raise AssertionError(f"a process exited early: {self.stderr()}")
        try:
            socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            return True
        except OSError:
            return False

    def stderr(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.base.glob("*.err"))

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = TOKEN,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        timeout: float = 20.0,
    ) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = dict(headers or {})
        if token is not None:
            sent.setdefault("Authorization", f"Bearer {token}")
        conn.request(method, path, body=body, headers=sent)
        reply = conn.getresponse()
        response = Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read())
        conn.close()
        return response

    def log(self) -> list[dict[str, Any]]:
        path = Path(self.settings["AGENT_LOG"])
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def systemctl_calls(self) -> list[str]:
        path = self.base / "systemctl.calls"
        return path.read_text().splitlines() if path.exists() else []

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
