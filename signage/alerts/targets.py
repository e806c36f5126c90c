"""Who an alert reaches, and which alerts reach a screen: one definition for the player's
schedule, the connect hook and the delivery log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select

from signage.extensions import db
from signage.models import Alert, AlertTarget, Screen


def active_alerts(screen: Screen, at: datetime) -> list[Alert]:
    """Live alerts (armed, inside their window) aimed at every screen, at the screen's group
    or at the screen itself."""
    aimed = [
        Alert.target_type == AlertTarget.ALL,
        and_(Alert.target_type == AlertTarget.SCREEN, Alert.target_id == screen.id),
    ]
    if screen.group_id is not None:
        aimed.append(and_(Alert.target_type == AlertTarget.GROUP, Alert.target_id == screen.group_id))
    query = select(Alert).where(
        Alert.is_active.is_(True),
        or_(Alert.start_at.is_(None), Alert.start_at <= at),
        or_(Alert.end_at.is_(None), Alert.end_at > at),
        or_(*aimed),
    )
    return list(db.session.scalars(query.order_by(Alert.id)))


def target_screens(target_type: AlertTarget, target_id: int | None) -> list[Screen]:
    """The screens a target names today (a group's membership is read at each delivery)."""
    query = select(Screen).order_by(Screen.id)
    if target_type == AlertTarget.GROUP:
        query = query.where(Screen.group_id == target_id)
    elif target_type == AlertTarget.SCREEN:
        query = query.where(Screen.id == target_id)
    return list(db.session.scalars(query))


def target_name(target_type: AlertTarget, target_id: int | None) -> str:
    """For lists and pages: "All screens", "Group Lobby", "Screen Hall 2"."""
    from signage.models import ScreenGroup

    if target_type == AlertTarget.ALL:
        return "All screens"
    model = ScreenGroup if target_type == AlertTarget.GROUP else Screen
    row = db.session.get(model, target_id) if target_id is not None else None
    label = "Group" if target_type == AlertTarget.GROUP else "Screen"
    return f"{label} {row.name}" if row is not None else f"{label} (deleted)"
