"""The options of the site and group selects, read from the database."""

from __future__ import annotations

from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from signage.extensions import db
from signage.fleet.store import by_name
from signage.models import ScreenGroup, Site


def site_choices() -> list[SelectChoice]:
    rows = db.session.execute(select(Site.id, Site.name).order_by(*by_name(Site))).all()
    return [SelectChoice(str(row.id), row.name) for row in rows]


def group_choices(empty_label: str = "No group") -> list[SelectChoice]:
    """Every group, labelled with its site: the same name often exists on several sites."""
    rows = db.session.execute(
        select(ScreenGroup.id, ScreenGroup.name, Site.name.label("site_name"))
        .join(Site, ScreenGroup.site_id == Site.id)
        .order_by(*by_name(Site), *by_name(ScreenGroup))
    ).all()
    return [SelectChoice("", empty_label)] + [
        SelectChoice(str(row.id), f"{row.name} — {row.site_name}") for row in rows
    ]
