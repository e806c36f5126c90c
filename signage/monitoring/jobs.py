"""The monitoring jobs (signage.jobs.periodic). Each runs in its own app context with `now`
parsed (@periodic), commits its work in short transactions (SQLite has one writer) and logs
what it did; the work itself lives in the service modules beside this one."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from signage.extensions import db
from signage.jobs.context import periodic
from signage.models import ScreenHeartbeat
from signage.monitoring import commands, presence, screenshots
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


@periodic
def sweep_statuses(moment: datetime) -> int:
    """sweep-screens: late screens turn WARNING, silent ones OFFLINE."""
    return presence.sweep(moment, presence.thresholds_of(current_app.config["SIGNAGE"]))


@periodic
def expire_commands(moment: datetime) -> int:
    """expire-commands: fail the commands a screen did not take within 10 minutes."""
    return commands.expire_stale(moment)


@periodic
def purge_screenshots(moment: datetime) -> int:
    """purge-screenshots: keep the 10 newest of each screen, remove the orphans."""
    return screenshots.purge(moment)


@periodic
def take_screenshots(moment: datetime) -> int:
    """auto-screenshots: the groups that take screenshots automatically (spec phase 3)."""
    asked = screenshots.request_automatic(moment)
    if asked:
        log.info("auto-screenshots: asked %d screens", asked)
    return asked
