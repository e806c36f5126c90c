"""One way to run a job in the background, whatever the tier.

With REDIS_URL the job goes to RQ (`rq worker signage` runs it, in another process); without
it, a background thread of this process runs it, which under gevent is a greenlet. Callers
pass a dotted function path and plain arguments (ids, strings), never ORM objects.
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Any

from flask import Flask
from werkzeug.utils import import_string

from signage.jobs.context import use_app

QUEUE_NAME = "signage"
# A job that runs longer than this is killed by the RQ worker and marked failed.
DEFAULT_TIMEOUT = 30 * 60

log = logging.getLogger(__name__)


def rq_queue(redis_url: str):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(redis_url), default_timeout=DEFAULT_TIMEOUT)


def enqueue(app: Flask, func: str, *args: Any, **kwargs: Any) -> str:
    """Run `func(*args, **kwargs)` in the background; returns the job id."""
    redis_url = app.config["SIGNAGE"].redis_url
    if redis_url:
        return rq_queue(redis_url).enqueue(func, *args, **kwargs).id
    job_id = f"local-{uuid.uuid4()}"
    target = import_string(func)

    def run() -> None:
        use_app(app)
        try:
            target(*args, **kwargs)
        except Exception:
            # No worker to record the failure: the log is where an operator looks.
            log.exception("job %s (%s) failed", job_id, func)

    threading.Thread(target=run, name=job_id, daemon=True).start()
    return job_id
