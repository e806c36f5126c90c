"""The monitoring jobs. They take ids and plain values, load and commit their own work in short
transactions (SQLite has one writer), and log what they did."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from signage.extensions import db
from signage.jobs.context import periodic
from signage.models import ScreenHeartbeat
from signage.monitoring.incidents import send_due_mails

log = logging.getLogger(__name__)

HEARTBEAT_RETENTION = timedelta(days=7)
BATCH_SIZE = 1000


@periodic
def purge_heartbeats(moment: datetime) -> int:
    """Delete heartbeats older than the retention, in batches so no transaction holds the
    write lock for long. Returns the count."""
    cutoff = moment - HEARTBEAT_RETENTION
    total = 0
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


@periodic
def send_alert_emails(moment: datetime) -> int:
    """send-alert-email: mail a site's contact when its screens stay OFFLINE (once per outage),
    and at recovery (signage.monitoring.incidents). Returns how many e-mails went out."""
    return send_due_mails(current_app.config["SIGNAGE"], moment)
