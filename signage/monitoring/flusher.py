"""What the monitoring's batched writers share (heartbeats, proof of play, command acks,
presence, budget drops): the one background thread (a greenlet under gevent) that writes a
queue in batches.

Socket handlers only queue; the thread, started by the first item, wakes every `interval`
seconds (or at once when `wake` is called: a queue grew large, a caller waits) and calls
`drain`. It must outlive any one bad batch: an exception is logged and the loop goes on.
Under gevent every writer hands its transaction to the writers' native thread
(`write`, through `offload.in_writer_thread`) and waits for it cooperatively; what the
console is told is emitted back here, on the loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask

from signage.extensions import db
from signage.offload import in_writer_thread

T = TypeVar("T")

log = logging.getLogger(__name__)


class Flusher:
    """Subclasses give `flush` (write what is queued in one transaction), and `drain` when one
    wake-up should write more than one batch."""

    thread_name = "signage-writer"

    def __init__(self, app: Flask, interval: float) -> None:
        self.app = app
        self.interval = interval
        self._wake = threading.Event()
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def flush(self) -> int:
        raise NotImplementedError

    def drain(self) -> None:
        self.flush()

    def write(self, func: Callable[..., T], *args: Any) -> T:
        """`func(*args)` in an app context on the writers' native thread, its transaction
        rolled back when it raises (the exception propagates)."""
        return in_writer_thread(self._in_context, func, *args)

    def _in_context(self, func: Callable[..., T], *args: Any) -> T:
        with self.app.app_context():
            try:
                return func(*args)
            except Exception:
                db.session.rollback()
                raise

    def wake(self) -> None:
        self._wake.set()

    def ensure_running(self) -> None:
        """Start the thread unless it runs (cheap: call it with every item queued)."""
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            try:
                self.drain()
            except Exception:
                log.exception("%s: a flush failed", self.thread_name)
