"""The options of the site and group selects, read from the database."""

from __future__ import annotations

from flask_babel import gettext
from wtforms.fields.choices import SelectChoice

from signage.fleet.queries import group_options, site_options


def site_choices() -> list[SelectChoice]:
    return [SelectChoice(str(row.id), row.name) for row in site_options()]


def group_choices(empty_label: str | None = None) -> list[SelectChoice]:
    """Every group, labelled with its site: the same name often exists on several sites."""
    return [SelectChoice("", empty_label or gettext("No group"))] + [
        SelectChoice(str(row.id), f"{row.name} — {row.site_name}") for row in group_options()
    ]
