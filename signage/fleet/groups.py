"""Screen groups: named sets of screens inside one site."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from signage.core.errors import Conflict, N_plural
from signage.core.values import DESCRIPTION_MAX, NAME_MAX, TextRule, clean_texts
from signage.extensions import db
from signage.fleet.rules import screenshot_interval_problem
from signage.fleet.store import NO_SITE, commit, forget_targets, refuse, site_by_ref
from signage.models import Screen, ScreenGroup, Site

TEXT_RULES = {"name": TextRule(NAME_MAX, required=True), "description": TextRule(DESCRIPTION_MAX)}


# "Not given" for a field whose None means something (screenshots off).
KEEP: object = object()


def create_group(
    *, name: str, site_id: int | str, description: str = "", screenshot_interval_minutes: int | None = None
) -> ScreenGroup:
    values, problems = clean_texts({"name": name, "description": description}, TEXT_RULES)
    site = site_by_ref(site_id)
    if site is None:
        problems["site_id"] = NO_SITE
    if problem := screenshot_interval_problem(screenshot_interval_minutes):
        problems["screenshot_interval_minutes"] = problem
    refuse(problems)
    group = ScreenGroup(site=site, screenshot_interval_minutes=screenshot_interval_minutes, **values)
    db.session.add(group)
    commit()
    return group


def update_group(
    group: ScreenGroup,
    *,
    name: str | None = None,
    description: str | None = None,
    site_id: int | str | None = None,
    screenshot_interval_minutes: object = KEEP,
) -> ScreenGroup:
    """Apply the given changes all together, or none of them.

    A group moves to another site only while empty: its screens would otherwise sit in a
    group of a site they are not on.
    """
    values, problems = clean_texts({"name": name, "description": description}, TEXT_RULES)
    new_site: Site | None = None
    if site_id is not None:
        new_site = site_by_ref(site_id)
        if new_site is None:
            problems["site_id"] = NO_SITE
    if screenshot_interval_minutes is not KEEP:
        if problem := screenshot_interval_problem(screenshot_interval_minutes):
            problems["screenshot_interval_minutes"] = problem
    refuse(problems)
    if screenshot_interval_minutes is not KEEP:
        group.screenshot_interval_minutes = screenshot_interval_minutes  # type: ignore[assignment]
    if new_site is not None and new_site.id != group.site_id:
        count = db.session.scalar(select(func.count()).select_from(Screen).where(Screen.group_id == group.id))
        if count:
            db.session.rollback()
            message = N_plural(
                "This group still has %(count)s screen of its site: "
                "move them out of the group before moving it to another site.",
                "This group still has %(count)s screens of its site: "
                "move them out of the group before moving it to another site.",
                count,
            )
            raise Conflict("group_has_screens", message, {"site_id": message})
        group.site = new_site
    for key, value in values.items():
        setattr(group, key, value)
    commit()
    return group


def delete_group(group: ScreenGroup) -> None:
    """Delete the group; its screens stay on their site, in no group."""
    forget_targets(group_ids=[group.id])
    # A bulk delete so the database's ON DELETE SET NULL frees the screens, loaded or not.
    db.session.execute(delete(ScreenGroup).where(ScreenGroup.id == group.id))
    commit()
