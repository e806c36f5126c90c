"""The data sources' periodic job, `sync-datasource`: fetch every source whose refresh interval
has elapsed."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from signage.datasources.rules import is_due
from signage.datasources.sources import refresh_source
from signage.extensions import db
from signage.jobs.context import periodic
from signage.models import DataSource

log = logging.getLogger(__name__)


@periodic
def sync_datasources(moment: datetime) -> list[int]:
    """Refresh the due sources, one after the other, each in its own short transactions;
    returns their ids. One failing source (even unexpectedly) never stops the others."""
    refreshed: list[int] = []
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
