"""purge-audit: entries older than AUDIT_RETENTION_DAYS go, in batches."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from signage.extensions import db
from signage.jobs.context import periodic
from signage.models import AuditEntry

log = logging.getLogger(__name__)
BATCH = 5000


@periodic
def purge_audit(moment: datetime) -> int:
    days = current_app.config["SIGNAGE"].audit_retention_days
    cutoff = moment - timedelta(days=days)
    removed = 0
    while True:
        ids = list(db.session.scalars(select(AuditEntry.id).where(AuditEntry.at < cutoff).limit(BATCH)))
        if not ids:
            break
        db.session.execute(delete(AuditEntry).where(AuditEntry.id.in_(ids)))
        db.session.commit()
        removed += len(ids)
    if removed:
        log.info("purge-audit: %d entries older than %d days removed", removed, days)
    return removed
