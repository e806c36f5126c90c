"""What the monitoring's batched writers share (heartbeats, proof of play, command acks,
presence): the one background thread (a greenlet under gevent) that writes a queue in batches.

Socket handlers only queue; the thread, started by the first item, wakes every `interval`
seconds (or at once when `wake` is called: a queue grew large, a caller waits) and calls
`drain`. It must outlive any one bad batch: an exception is logged and the loop goes on.
Under gevent the heartbeat, play and presence writers hand their transaction to the writers'
native thread (`offload.in_writer_thread`) and wait for it cooperatively; what the console
is told is emitted back here, on the loop.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

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
