"""A server under test for bench.fleet: gunicorn started as tests.support.live_server does
(this repository's gunicorn.conf.py, one gevent worker), but for any WSGI app and keeping
the process so its CPU time and memory can be read from /proc.

The child asks the kernel for SIGTERM should this process die without its `finally` (a
SIGKILL), so a bench never leaves a server behind.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT, free_port, wait_until_serving

PR_SET_PDEATHSIG = 1
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _die_with_parent() -> None:
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    """Direct children, by each process's parent id (no /proc/*/task/*/children on every kernel)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append(int(entry.name))
    return out


@dataclass
class Server:
    name: str
    base: str
    proc: subprocess.Popen
    log_path: Path
    command: list[str]
    env: dict[str, str]

    def pids(self) -> list[int]:
        """The gunicorn master and its workers."""
        return [self.proc.pid, *children(self.proc.pid)]

    def cpu(self) -> float:
        total = 0.0
        for pid in self.pids():
            try:
                total += cpu_seconds(pid)
            except (FileNotFoundError, ProcessLookupError):
                pass  # a worker replaced meanwhile: its time is lost, and the log says why
        return total

    def worker_rss_kb(self) -> int:
        return sum(rss_kb(pid) for pid in children(self.proc.pid))

    def start(self) -> None:
        with open(self.log_path, "a") as log:
            self.proc = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        wait_until_serving(self.proc, self.base, self.log_path, timeout=60, name=f"{self.name} server")

    def stop(self) -> None:
        """As an operator's restart does: SIGTERM, gunicorn's graceful shutdown, then SIGKILL."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def restart(self) -> None:
        """Stop, then start again on the same port (the players expect it there)."""
        self.stop()
        self.start()


@contextmanager
def serve(name: str, app: str, env: dict[str, str]) -> Iterator[Server]:
    """`gunicorn <app>` on a free loopback port until the block ends (even on Ctrl-C)."""
    port = free_port()
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"signage-fleet-{name}-{port}.log"
    log_path.write_text("")
    server_env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "ACCESS_LOG": "", **env}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = Server(name, f"http://127.0.0.1:{port}", None, log_path, [gunicorn, app], server_env)  # type: ignore[arg-type]
    try:
        server.start()
        yield server
    finally:
        if server.proc is not None:
            server.stop()
