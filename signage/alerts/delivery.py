"""Alerts reaching screens: each `alert:show` / `alert:hide` to a screen is an ALERT_SHOW /
ALERT_HIDE ScreenCommand (signage.monitoring.commands), so the alert's page can tell, screen
by screen, whether the player confirmed it. Also the two moments the server acts alone: a
player connecting during a live alert, and the minute job honouring startAt / endAt.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select

from signage.alerts.payloads import show_payload
from signage.alerts.queries import active_alerts
from signage.alerts.rules import is_live
from signage.extensions import db
from signage.fleet.targets import target_screens_query
from signage.models import Alert, CommandStatus, CommandType, Screen, ScreenCommand
from signage.monitoring.commands import Screens, fail_all, screen_ids, send_commands

log = logging.getLogger(__name__)


def show(alert: Alert, screens: Iterable[Screen] | None = None, sent_by: int | None = None) -> int:
    """Send `alert:show` to the alert's screens (or those given); how many were addressed."""
    chosen = target_screens_query(alert.target_type, alert.target_id) if screens is None else screens
    return len(send_commands(chosen, "ALERT_SHOW", show_payload(alert), sent_by=sent_by))


WITHDRAWN = "Withdrawn: the alert was hidden before this screen confirmed it."


def _withdraw_pending_shows(alert_id: int, screens: Screens) -> None:
    """A show still waiting for a screen would be re-sent on its reconnect, after the hide,
    and bring a finished alert back: settle it instead."""
    waiting = db.session.scalars(
        select(ScreenCommand).where(
            ScreenCommand.screen_id.in_(screen_ids(screens)),
            ScreenCommand.command == CommandType.ALERT_SHOW,
            ScreenCommand.status == CommandStatus.PENDING,
            ScreenCommand.payload["id"].as_string() == str(alert_id),
        )
    ).all()
    fail_all(waiting, WITHDRAWN)


def hide(alert: Alert, screens: Iterable[Screen] | None = None, sent_by: int | None = None) -> int:
    chosen = target_screens_query(alert.target_type, alert.target_id) if screens is None else list(screens)
    _withdraw_pending_shows(alert.id, chosen)
    return len(send_commands(chosen, "ALERT_HIDE", {"id": str(alert.id)}, sent_by=sent_by))


def _alert_id_of(command: ScreenCommand) -> str | None:
    return str((command.payload or {}).get("id")) if command.payload else None


def on_player_connect(screen_id: int) -> int:
    """A player just connected (CONTRACT §6): send it every live alert aimed at it.

    Called right after the queued commands were (re)sent: an ALERT_SHOW still PENDING for an
    alert has just gone out again, so it is not doubled. Never raises (a socket handler).
    """
    try:
        screen = db.session.get(Screen, screen_id)
        if screen is None:
            return 0
        alerts = active_alerts(screen, datetime.now(UTC))
        if not alerts:
            return 0
        waiting = {
            _alert_id_of(command)
            for command in db.session.scalars(
                select(ScreenCommand).where(
                    ScreenCommand.screen_id == screen_id,
                    ScreenCommand.command == CommandType.ALERT_SHOW,
                    ScreenCommand.status == CommandStatus.PENDING,
                )
            )
        }
        sent = 0
        for alert in alerts:
            if str(alert.id) not in waiting:
                sent += show(alert, [screen])
        return sent
    except Exception:
        db.session.rollback()
        log.exception("screen %s: could not send its live alerts on connect", screen_id)
        return 0


def _shown_since(alert: Alert, since: datetime) -> bool:
    """Whether an ALERT_SHOW of this alert went to any screen at or after `since`."""
    found = db.session.scalar(
        select(ScreenCommand.id)
        .where(
            ScreenCommand.command == CommandType.ALERT_SHOW,
            ScreenCommand.created_at >= since,
            ScreenCommand.payload["id"].as_string() == str(alert.id),
        )
        .limit(1)
    )
    return found is not None


def apply_windows(moment: datetime) -> dict[str, list[int]]:
    """Hide the armed alerts whose endAt passed (and disarm them), show those whose startAt
    arrived (the alert-windows job, every minute). The command log is the memory of what was
    shown, so a missed run is caught up by the next one and a run twice shows nothing twice."""
    ended: list[int] = []
    started: list[int] = []
    for alert in db.session.scalars(
        select(Alert).where(Alert.is_active.is_(True), Alert.end_at <= moment).order_by(Alert.id)
    ).all():
        alert.is_active = False
        db.session.commit()
        hide(alert)
        ended.append(alert.id)
    for alert in db.session.scalars(
        select(Alert).where(Alert.is_active.is_(True), Alert.start_at <= moment).order_by(Alert.id)
    ).all():
        assert alert.start_at is not None
        if is_live(alert.is_active, alert.start_at, alert.end_at, moment) and not _shown_since(
            alert, alert.start_at
        ):
            show(alert)
            started.append(alert.id)
    if ended or started:
        log.info("alert windows: ended %s, started %s", ended, started)
    return {"ended": ended, "started": started}
