"""The `sync-datasource` job: fetch every source whose refresh interval has elapsed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import select

from signage.jobs.context import job_context

log = logging.getLogger(__name__)


def sync_datasources(now: str | None = None) -> list[int]:
    """Refresh the due sources, one after the other, each in its own short transactions;
    returns their ids. One failing source (even unexpectedly) never stops the others.
    `now` (ISO 8601) is for tests and replays."""
    from signage.datasources.rules import is_due
    from signage.datasources.sources import refresh_source
    from signage.extensions import db
    from signage.models import DataSource

    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("now must carry a timezone")
    refreshed: list[int] = []
    with job_context():
        columns = (DataSource.id, DataSource.last_fetched, DataSource.refresh_interval)
        rows = db.session.execute(select(*columns).order_by(DataSource.id)).all()
        db.session.commit()
        for source_id, last_fetched, interval in rows:
            if not is_due(last_fetched, interval, moment):
                continue
            try:
                refresh_source(source_id, at=moment)
            except Exception:
                db.session.rollback()
                log.exception("data source %s: refresh failed", source_id)
                continue
            refreshed.append(source_id)
    log.info("sync-datasource: %d of %d sources refreshed", len(refreshed), len(rows))
    return refreshed
