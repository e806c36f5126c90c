"""Sites: create, change, delete (only once no screen is left on them)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from sqlalchemy import delete, func, select

from signage.core.errors import Conflict
from signage.core.validation import email as email_problem
from signage.core.values import NAME_MAX, TextRule, clean_texts
from signage.extensions import db
from signage.fleet.rules import DEFAULT_TIMEZONE, NAMED_IN_MESSAGE, site_in_use_message, timezone_problem
from signage.fleet.store import by_name, commit, forget_targets, refuse
from signage.i18n import locale_problem
from signage.models import Screen, ScreenGroup, Site
from signage.push import to_screen

TEXT_RULES = {
    "name": TextRule(NAME_MAX, required=True),
    "city": TextRule(120),
    "address": TextRule(255),
    "contact_name": TextRule(120),
    "contact_email": TextRule(254),
}


class SiteHasScreens(Conflict):
    """A site is deleted only once no screen is left on it (its groups go with it)."""

    def __init__(self, message: str, screens: Sequence[tuple[int, str]], total: int) -> None:
        super().__init__("site_has_screens", message)
        self.screens = list(screens)  # (id, name) of the first few, for links in the console
        self.total = total


def _checked(
    *,
    name: str | None,
    city: str | None,
    address: str | None,
    timezone: str | None,
    contact_name: str | None,
    contact_email: str | None,
    locale: str | None = None,
) -> dict[str, str]:
    """The given values, trimmed and checked all together; None means "not given"."""
    clean, problems = clean_texts(
        {
            "name": name,
            "city": city,
            "address": address,
            "contact_name": contact_name,
            "contact_email": contact_email,
        },
        TEXT_RULES,
    )
    if clean.get("contact_email"):
        problem = email_problem(clean["contact_email"])
        if problem:
            problems["contact_email"] = problem
    # Exact values (an IANA zone, a language the players speak), kept as given.
    for key, value, problem_of in (
        ("timezone", timezone, timezone_problem),
        ("locale", locale, locale_problem),
    ):
        if value is None:
            continue
        problem = problem_of(value)
        if problem:
            problems[key] = problem
        else:
            clean[key] = value
    refuse(problems)
    return clean


def create_site(
    *,
    name: str,
    city: str = "",
    address: str = "",
    timezone: str = DEFAULT_TIMEZONE,
    contact_name: str = "",
    contact_email: str = "",
    locale: str | None = None,
) -> Site:
    """`locale`: what its players speak (CONTRACT §14); None: the server's DEFAULT_LOCALE."""
    locale = locale or current_app.config["SIGNAGE"].default_locale
    values = _checked(
        name=name,
        city=city,
        address=address,
        timezone=timezone,
        contact_name=contact_name,
        contact_email=contact_email,
        locale=locale,
    )
    site = Site(**values)
    db.session.add(site)
    commit()
    return site


def update_site(
    site: Site,
    *,
    name: str | None = None,
    city: str | None = None,
    address: str | None = None,
    timezone: str | None = None,
    contact_name: str | None = None,
    contact_email: str | None = None,
    locale: str | None = None,
) -> Site:
    """Apply the given changes all together, or none of them. A new language or timezone
    reaches the site's players at once: they fetch their schedule again, which carries both."""
    values = _checked(
        name=name,
        city=city,
        address=address,
        timezone=timezone,
        contact_name=contact_name,
        contact_email=contact_email,
        locale=locale,
    )
    heard = (site.locale, site.timezone)
    for key, value in values.items():
        setattr(site, key, value)
    commit()
    if (site.locale, site.timezone) != heard:
        for screen_id in db.session.scalars(select(Screen.id).where(Screen.site_id == site.id)):
            # No playlistId: the player only refreshes its schedule (CONTRACT §6's event).
            to_screen(screen_id, "playlist:reload", {})
    return site


def delete_site(site: Site) -> None:
    """Delete the site and its groups; refused (SiteHasScreens) while screens remain."""
    # Lock the site row (PostgreSQL) so a screen cannot be added between the check and the delete.
    db.session.execute(select(Site.id).where(Site.id == site.id).with_for_update())
    total = db.session.scalar(select(func.count()).select_from(Screen).where(Screen.site_id == site.id)) or 0
    if total:
        first = db.session.execute(
            select(Screen.id, Screen.name)
            .where(Screen.site_id == site.id)
            .order_by(*by_name(Screen))
            .limit(NAMED_IN_MESSAGE)
        ).all()
        name = site.name
        db.session.rollback()
        raise SiteHasScreens(
            site_in_use_message(name, [row.name for row in first], total),
            [(row.id, row.name) for row in first],
            total,
        )
    group_ids = db.session.scalars(select(ScreenGroup.id).where(ScreenGroup.site_id == site.id)).all()
    forget_targets(group_ids=group_ids)
    # A bulk delete: the ORM would first null the site_id of any group loaded in the session,
    # which the NOT NULL column refuses; the database's ON DELETE CASCADE removes them instead.
    db.session.execute(delete(Site).where(Site.id == site.id))
    commit()
