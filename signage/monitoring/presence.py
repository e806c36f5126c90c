"""A screen's presence: what its socket connecting and dropping records, and the periodic
sweep that turns silence into WARNING, then OFFLINE (signage.monitoring.status_rules).

Heartbeats and socket events raise a screen's status as they arrive; only the passing of time
lowers it, and nothing arrives to say so: this job, every minute, looks at the screens not yet
OFFLINE that have been silent longer than the late threshold (an indexed, bounded query) and
tells the admin room about each change.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import or_, select, update

from signage.config import Settings
from signage.extensions import db, per_app
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


DROP_FLUSH_SECONDS = 1.0
EXTENSION_KEY = "signage.presence_drops"


class DropWriter:
    """Dropped sockets, written in batches: a restart or a network blip drops hundreds of
    sockets at once, and a transaction each would hold every other socket of the process.
    Each screen's newest drop becomes WARNING once a second, in one transaction, unless the
    screen was seen since (a reconnect or a heartbeat: its last_seen is later)."""

    def __init__(self, app: Flask, interval: float = DROP_FLUSH_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self._pending: dict[int, datetime] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, screen_id: int, at: datetime) -> None:
        self._pending[screen_id] = at
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="signage-drops", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self.interval)
            try:
                self.flush()
            except Exception:
                log.exception("presence: could not record dropped sockets")

    def flush(self) -> int:
        """Write the drops queued so far; how many screens turned WARNING."""
        pending, self._pending = self._pending, {}
        if not pending:
            return 0
        with self.app.app_context():
            try:
                moved = []
                for screen_id, at in pending.items():
                    done = db.session.execute(
                        update(Screen)
                        .where(
                            Screen.id == screen_id,
                            # Only a screen that was connected: never one that has not been
                            # seen at all (a drop queued for a deleted screen whose id came
                            # back), nor one the sweep has meanwhile called OFFLINE.
                            Screen.last_seen.is_not(None),
                            Screen.last_seen <= at,
                            Screen.status != ScreenStatus.OFFLINE,
                        )
                        .values(status=ScreenStatus.WARNING, last_seen=at)
                        .execution_options(synchronize_session=False)
                    ).rowcount
                    if done:
                        moved.append(screen_id)
                db.session.commit()
                payloads = [
                    screen_status_json(screen)
                    for screen in db.session.scalars(select(Screen).where(Screen.id.in_(moved)))
                ]
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
        for payload in payloads:
            to_console("admin:screen_status", payload)
        return len(payloads)


def drop_writer(app: Flask | None = None) -> DropWriter:
    return per_app(EXTENSION_KEY, DropWriter, app)


def record_drop(screen_id: int, at: datetime | None = None) -> None:
    """The screen's last socket dropped: WARNING within a second (no database here)."""
    drop_writer().submit(screen_id, at or datetime.now(UTC))


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
