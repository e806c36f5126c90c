"""The batched writers' shared thread (signage.monitoring.flusher)."""

from __future__ import annotations

import threading

from flask import Flask

from signage.monitoring.flusher import Flusher


class Counting(Flusher):
    thread_name = "test-flusher"

    def __init__(self, interval: float) -> None:
        super().__init__(Flask(__name__), interval)
        self.calls = 0
        self.twice = threading.Event()

    def flush(self) -> int:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("a bad batch")
        self.twice.set()
        return 0


def test_the_thread_starts_once_and_outlives_a_failed_flush() -> None:
    writer = Counting(interval=0.01)
    writer.ensure_running()
    first = writer._thread
    writer.ensure_running()
    assert writer._thread is first and first is not None and first.daemon
    assert writer.twice.wait(5), "the loop stopped at the failed flush"


def test_wake_flushes_before_the_interval() -> None:
    writer = Counting(interval=3600)
    writer.calls = 1  # past the failing first call
    writer.ensure_running()
    writer.wake()
    assert writer.twice.wait(5)
