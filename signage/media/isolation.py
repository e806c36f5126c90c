"""Run a media processing step in a child Python process, with a time and a memory limit.

Rendering a PDF or decoding an image is CPU work in this interpreter: under gevent, in the
web process of the embedded tier, it would stop every greenlet (each screen's socket) for as
long as it runs, and a hostile file could hold the loop for a minute or exhaust memory. The
child does the work on files in a work directory; the caller keeps the database and storage
side. A child that overruns is killed, one that dies (a crash, the memory limit) is reported;
both become a ProcessingError, so the media ends in ERROR with the reason.

The same path serves RQ workers: a work horse then gets the same limits.
"""

from __future__ import annotations

import pickle
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from signage.media.processing import ProcessingError

T = TypeVar("T")

# Image and PDF steps; video encoding runs ffmpeg, which has its own (longer) limit inside.
DEFAULT_TIMEOUT = 10 * 60
# Address space for the child: generous for a 200-page PDF at 1920 px, small enough that a
# decompression bomb fails in the child instead of pushing the server into swap.
DEFAULT_MEMORY_BYTES = 3 * 1024**3
CHILD_MODULE = "signage.media.isolated_child"


def run(
    func: Callable[..., T],
    *args: Any,
    timeout: float | None = None,
    memory_bytes: int | None = None,
) -> T:
    """`func(*args)` in a child process; returns its result or raises ProcessingError.

    `func` must be a module-level function and its arguments and result picklable (paths,
    numbers, dataclasses). A ProcessingError raised by `func` keeps its message. The limits
    default to DEFAULT_TIMEOUT and DEFAULT_MEMORY_BYTES (0 turns the memory limit off).
    """
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    memory_bytes = DEFAULT_MEMORY_BYTES if memory_bytes is None else memory_bytes
    request = pickle.dumps((func.__module__, func.__qualname__, args, memory_bytes))
    name = func.__name__
    try:
        # Under gevent, subprocess is cooperative: the loop keeps serving while we wait.
        argv = [sys.executable, "-m", CHILD_MODULE]
        done = subprocess.run(argv, input=request, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ProcessingError(f"Processing took longer than {timeout:g} s and was stopped.") from exc
    except OSError as exc:
        raise ProcessingError(f"The processing step could not be started: {exc.strerror or exc}") from exc
    if done.returncode != 0:
        raise ProcessingError(_death_reason(name, done.returncode, done.stderr))
    try:
        ok, value = pickle.loads(done.stdout)
    except Exception as exc:
        raise ProcessingError(f"The processing step {name} returned no readable result.") from exc
    if ok:
        return value
    kind, message = value
    if kind == "ProcessingError":
        raise ProcessingError(message)
    if kind == "MemoryError":
        raise ProcessingError("The file needs more memory to process than this server allows.")
    raise ProcessingError(f"Processing failed: {message}")


def _death_reason(name: str, returncode: int, stderr: bytes) -> str:
    if returncode < 0:
        try:
            signame = signal.Signals(-returncode).name
        except ValueError:
            signame = f"signal {-returncode}"
        return f"The processing step {name} was killed ({signame}); the file may be too large or corrupt."
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return f"The processing step {name} stopped with exit code {returncode}. {tail[0][:300]}".strip()
