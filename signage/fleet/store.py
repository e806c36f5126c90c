"""Shared by the fleet services: finding rows a client names, refusing or ending a transaction, and
what goes with a deleted screen or group."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, delete, func
from sqlalchemy.exc import IntegrityError

from signage.core.errors import N_, Conflict, InvalidData
from signage.core.values import reference
from signage.extensions import db
from signage.models import Alert, AlertTarget, Schedule, ScheduleTarget, Screen, ScreenGroup, Site


def commit() -> None:
    """Commit, or roll back and refuse when the database caught a race the checks could not:
    a site deleted while a screen was being added to it, a screen added while its site went."""
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict(
            "changed_meanwhile", N_("The data changed while this was being saved: reload and try again.")
        ) from exc


def refuse(problems: dict[str, str]) -> None:
    """Roll back and raise InvalidData when any value broke a rule; nothing is written."""
    if problems:
        db.session.rollback()
        raise InvalidData(problems)


NO_SITE = N_("No site with this id.")


def forget_targets(*, screen_ids: Collection[int] = (), group_ids: Collection[int] = ()) -> None:
    """Delete the schedules and alerts aimed at screens or groups about to go.

    Their targets are polymorphic ids with no foreign key (see models.scheduling), so the
    database cannot cascade: left alone they would point at nothing, or at a later row that
    reuses the id.
    """
    for target, ids in ((ScheduleTarget.SCREEN, screen_ids), (ScheduleTarget.GROUP, group_ids)):
        if ids:
            db.session.execute(
                delete(Schedule).where(Schedule.target_type == target, Schedule.target_id.in_(list(ids)))
            )
    for alert_target, ids in ((AlertTarget.SCREEN, screen_ids), (AlertTarget.GROUP, group_ids)):
        if ids:
            db.session.execute(
                delete(Alert).where(Alert.target_type == alert_target, Alert.target_id.in_(list(ids)))
            )


def site_by_ref(raw: object) -> Site | None:
    """The site a body or form names by id; None when no site has that id."""
    key = reference(raw)
    return db.session.get(Site, key) if key is not None else None


def group_by_ref(raw: object) -> ScreenGroup | None:
    key = reference(raw)
    return db.session.get(ScreenGroup, key) if key is not None else None


def by_name(model: type[Site] | type[ScreenGroup] | type[Screen]) -> tuple[ColumnElement[Any], ...]:
    """Alphabetical whatever the database's collation ("annex" between "Annex" and "Bar"),
    then by id so equal names keep a stable order across pages."""
    return (func.lower(model.name), model.id)
