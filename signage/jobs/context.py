"""An application context for job code, wherever it runs, and the shape of a periodic job.

In the web process a job runs beside the app and reuses it (`use_app`). An RQ worker gets its
app from signage.jobs.worker.Worker, which builds one before its first job. This module
imports no app factory: jobs sit below the domains, and the factory sits above everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from typing import TypeVar

from flask import Flask, current_app, has_app_context

T = TypeVar("T")

_app: Flask | None = None


def use_app(app: Flask) -> None:
    """Make `app` the one jobs use outside any context (the web process, workers, tests)."""
    global _app
    _app = app


def _current() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _app is None:
        raise RuntimeError(
            "No application for this job: run RQ workers with "
            "--worker-class signage.jobs.worker.Worker (see the Procfile)."
        )
    return _app


@contextmanager
def job_context() -> Iterator[Flask]:
    """A fresh app context: its own session, removed at the end whatever happens."""
    with _current().app_context() as context:
        yield context.app


def parse_now(now: str | None) -> datetime:
    """The instant a job runs at: `now` (ISO 8601 with a zone, for tests and replays) or the
    clock. A time without a zone is refused rather than guessed."""
    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("now must carry a timezone")
    return moment


def periodic(body: Callable[[datetime], T]) -> Callable[[str | None], T]:
    """A periodic job: called as `job(now=None)` by the runner, `rq cron` or a test, it runs
    `body(moment)` in a fresh app context."""

    @wraps(body)
    def run(now: str | None = None) -> T:
        moment = parse_now(now)
        with job_context():
            return body(moment)

    return run
