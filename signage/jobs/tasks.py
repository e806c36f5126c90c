"""Job functions. They take ids and plain values, load and commit their own work in short
transactions (SQLite has one writer), and log what they did."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from signage.jobs.context import job_context

log = logging.getLogger(__name__)

HEARTBEAT_RETENTION = timedelta(days=7)
BATCH_SIZE = 1000


def purge_heartbeats(now: str | None = None) -> int:
    """Delete heartbeats older than the retention, in batches so no transaction holds the
    write lock for long. `now` (ISO 8601) is for tests and replays. Returns the count."""
    from signage.extensions import db
    from signage.models import ScreenHeartbeat

    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("now must carry a timezone")
    cutoff = moment - HEARTBEAT_RETENTION
    total = 0
    with job_context():
        while True:
            ids = db.session.scalars(
                select(ScreenHeartbeat.id).where(ScreenHeartbeat.timestamp < cutoff).limit(BATCH_SIZE)
            ).all()
            if not ids:
                break
            db.session.execute(delete(ScreenHeartbeat).where(ScreenHeartbeat.id.in_(ids)))
            db.session.commit()
            total += len(ids)
    log.info("purge-heartbeats: deleted %d heartbeats older than %s", total, cutoff.isoformat())
    return total
