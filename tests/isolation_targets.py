"""Functions the isolation tests run in a child process (importable by module name)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from signage.media.processing import ProcessingError


def add(a: int, b: int) -> int:
    return a + b


def refuse(reason: str) -> None:
    raise ProcessingError(reason)


def crash() -> None:
    raise KeyError("no such page")


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def exhaust_memory() -> int:
    return len(bytearray(1024**3))


def spin(seconds: float) -> int:
    """Pure CPU work, like a PDF render: holds the interpreter for `seconds`."""
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        n += 1
    return n


def write_beside(path: Path) -> str:
    path.write_text("from the child")
    return str(path)
