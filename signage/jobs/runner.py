"""The in-process runner of the periodic table, for the embedded tier (no Redis).

wsgi.py starts it in the web process; with REDIS_URL, `rq cron` (signage.jobs.cron) reads the
same table instead. Each due job goes through the enqueue helper, so it never blocks the loop.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

from flask import Flask

from signage.jobs.periodic import PERIODIC_JOBS, PeriodicJob, due, next_run
from signage.jobs.queue import enqueue

log = logging.getLogger(__name__)

# The loop wakes at least this often, so a changed clock is noticed within a minute.
MAX_SLEEP_SECONDS = 60.0


def run_due(app: Flask, last_checked: datetime, now: datetime) -> list[str]:
    """Enqueue the jobs due in (last_checked, now]; returns their names."""
    names = []
    for job in due(PERIODIC_JOBS, last_checked, now):
        log.info("periodic job %s is due", job.name)
        enqueue(app, job.func)
        names.append(job.name)
    return names


def seconds_until_next(jobs: tuple[PeriodicJob, ...], now: datetime) -> float:
    soonest = min(next_run(job, now) for job in jobs)
    return max(0.0, min(MAX_SLEEP_SECONDS, (soonest - now).total_seconds()))


def start(app: Flask) -> threading.Thread:
    """Start the runner as a daemon thread (a greenlet under gevent)."""

    def loop() -> None:
        last = datetime.now(UTC)
        while True:
            time.sleep(seconds_until_next(PERIODIC_JOBS, last))
            now = datetime.now(UTC)
            try:
                run_due(app, last, now)
            except Exception:
                log.exception("periodic runner: enqueue failed")
            last = now

    thread = threading.Thread(target=loop, name="signage-periodic", daemon=True)
    thread.start()
    log.info("in-process periodic runner started: %s", ", ".join(j.name for j in PERIODIC_JOBS))
    return thread
