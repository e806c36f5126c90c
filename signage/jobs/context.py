"""An application context for job code, wherever it runs.

In the web process a job runs beside the app and reuses it. An RQ worker has no app:
it builds one from the environment (and `.env`) once per process and keeps it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context

_worker_app: Flask | None = None


def _app() -> Flask:
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _worker_app is None:
        from dotenv import load_dotenv

        from signage.factory import create_app

        load_dotenv()
        _worker_app = create_app()
    return _worker_app


def use_app(app: Flask) -> None:
    """Make `app` the one jobs use outside any context (the web process, tests)."""
    global _worker_app
    _worker_app = app


@contextmanager
def job_context() -> Iterator[Flask]:
    """A fresh app context: its own session, removed at the end whatever happens."""
    app = _app()
    with app.app_context():
        yield app
