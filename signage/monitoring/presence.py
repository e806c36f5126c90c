"""A screen's presence: what its socket connecting and dropping records, and the periodic
sweep that turns silence into WARNING, then OFFLINE (signage.monitoring.status_rules).

Heartbeats and socket events raise a screen's status as they arrive; only the passing of time
lowers it, and nothing arrives to say so: this job, every minute, looks at the screens not yet
OFFLINE that have been silent longer than the late threshold (an indexed, bounded query) and
tells the admin room about each change.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update

from signage.config import Settings
from signage.extensions import db
from signage.fleet.payloads import screen_status_json
from signage.models import Screen, ScreenStatus
from signage.monitoring.status_rules import Thresholds, swept_status
from signage.push import to_console

log = logging.getLogger(__name__)


def record_presence(screen: Screen, status: ScreenStatus, ip: str | None = None) -> None:
    """Its socket connected (ONLINE) or dropped (WARNING): written at once, since what runs
    next on a connect (queued commands, live alerts) sends only to a screen not OFFLINE."""
    screen.status = status
    screen.last_seen = datetime.now(UTC)
    if ip:
        screen.ip_address = ip[:64]
    # Built before the commit: afterwards the row may already be gone (a screen deleted
    # while its player disconnects), and reading it back would fail.
    payload = screen_status_json(screen)
    db.session.commit()
    to_console("admin:screen_status", payload)


def thresholds_of(settings: Settings) -> Thresholds:
    return Thresholds(
        late_after=timedelta(seconds=settings.screen_warning_after_seconds),
        offline_after=timedelta(seconds=settings.screen_offline_after_seconds),
    )


def sweep(moment: datetime, limits: Thresholds) -> int:
    """Mark late screens WARNING and silent ones OFFLINE (the sweep-screens job). Returns how
    many screens changed."""
    candidates = db.session.execute(
        select(Screen.id, Screen.status, Screen.last_seen).where(
            Screen.status != ScreenStatus.OFFLINE,
            or_(Screen.last_seen.is_(None), Screen.last_seen < moment - limits.late_after),
        )
    ).all()
    changed: list[int] = []
    for screen_id, status, last_seen in candidates:
        new = swept_status(status.value, last_seen, moment, limits)
        if new == status.value:
            continue
        # Compare-and-set: a heartbeat written since the read keeps its screen as it is.
        seen = Screen.last_seen.is_(None) if last_seen is None else Screen.last_seen == last_seen
        moved = db.session.execute(
            update(Screen)
            .where(Screen.id == screen_id, Screen.status == status, seen)
            .values(status=ScreenStatus(new))
            .execution_options(synchronize_session=False)
        ).rowcount
        if moved:
            changed.append(screen_id)
    db.session.commit()
    payloads = [
        screen_status_json(screen)
        for screen in db.session.scalars(select(Screen).where(Screen.id.in_(changed)))
    ]
    for payload in payloads:
        to_console("admin:screen_status", payload)
    if changed:
        log.info("sweep-screens: %d screens changed status", len(changed))
    return len(changed)
