"""Templates: the zone layouts playlists are built on (spec "Template", "Zone")."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from signage.content import versions
from signage.content.canvas import DEFAULT as DEFAULT_CANVAS
from signage.content.canvas import canvas_problems
from signage.content.template_thumbnails import forget_thumbnail, refresh_thumbnail
from signage.content.zones import SEEDED_TEMPLATES, normalise, zones_problems
from signage.core.errors import N_, Conflict, InvalidData, Text, text_list
from signage.core.values import DESCRIPTION_MAX, NAME_MAX, TextRule, clean_texts
from signage.extensions import db
from signage.models import Playlist, PlaylistItem, Template

TEXT_RULES = {"name": TextRule(NAME_MAX, required=True), "description": TextRule(DESCRIPTION_MAX)}


def _checked(
    name: str | None,
    description: str | None,
    zones: Any,
    *,
    partial: bool,
    canvas_width: Any = None,
    canvas_height: Any = None,
) -> dict[str, Any]:
    clean: dict[str, Any]
    clean, problems = clean_texts({"name": name, "description": description}, TEXT_RULES)
    problems.update(canvas_problems(canvas_width, canvas_height))
    for key, value in (("canvas_width", canvas_width), ("canvas_height", canvas_height)):
        if value is not None:
            clean[key] = value
    if zones is not None or not partial:
        zone_problems = zones_problems(zones)
        if zone_problems:
            problems.update(zone_problems)
        else:
            clean["zones"] = normalise(zones)
    if problems:
        raise InvalidData(problems)
    return clean


def _zones_in_use(template: Template, new_zone_ids: set[str]) -> None:
    """A zone that playlist items play in cannot disappear under them."""
    rows = db.session.execute(
        select(PlaylistItem.zone_id, Playlist.name)
        .join(Playlist, Playlist.id == PlaylistItem.playlist_id)
        .where(Playlist.template_id == template.id, PlaylistItem.zone_id.not_in(new_zone_ids or {""}))
        .distinct()
    ).all()
    if rows:
        used = sorted({f"{zone!r} ({name})" for zone, name in rows})
        raise Conflict(
            "zone_in_use",
            Text(
                N_("These zones still hold playlist items: %(zones)s. Move or remove the items first."),
                zones=", ".join(used),
            ),
            {"zones": N_("A removed zone still holds playlist items.")},
        )


def create_template(
    *,
    name: str,
    zones: Any,
    description: str = "",
    canvas_width: Any = None,
    canvas_height: Any = None,
    created_by: int | None = None,
) -> Template:
    """A side of the canvas not given (None) is the default's, 1920 × 1080."""
    canvas_width = DEFAULT_CANVAS[0] if canvas_width is None else canvas_width
    canvas_height = DEFAULT_CANVAS[1] if canvas_height is None else canvas_height
    values = _checked(
        name, description, zones, partial=False, canvas_width=canvas_width, canvas_height=canvas_height
    )
    template = Template(**values, created_by=created_by)
    db.session.add(template)
    db.session.commit()
    refresh_thumbnail(template)
    return template


def duplicate_template(template: Template, *, name: str, created_by: int | None = None) -> Template:
    """A new template with the same layout, canvas and description, under `name`."""
    return create_template(
        name=name,
        description=template.description,
        zones=list(template.zones),
        canvas_width=template.canvas_width,
        canvas_height=template.canvas_height,
        created_by=created_by,
    )


def update_template(
    template: Template,
    *,
    name: str | None = None,
    description: str | None = None,
    zones: Any = None,
    canvas_width: Any = None,
    canvas_height: Any = None,
) -> Template:
    """Apply the given changes all together, or none; playlists on it move to a new version
    when the layout changes. A new canvas redraws the thumbnail only: screens fill their own
    resolution with the same percentages."""
    try:
        values = _checked(
            name, description, zones, partial=True, canvas_width=canvas_width, canvas_height=canvas_height
        )
        layout_changed = "zones" in values and values["zones"] != template.zones
        redraw = layout_changed or any(
            key in values and values[key] != getattr(template, key)
            for key in ("canvas_width", "canvas_height")
        )
        if layout_changed:
            _zones_in_use(template, {zone["id"] for zone in values["zones"]})
    except (InvalidData, Conflict):
        db.session.rollback()
        raise
    for key, value in values.items():
        setattr(template, key, value)
    bumped = versions.bump(versions.playlists_using_template(template.id)) if layout_changed else []
    db.session.commit()
    versions.notify(bumped)
    if redraw:
        refresh_thumbnail(template)
    return template


def delete_template(template: Template) -> None:
    names = list(
        db.session.scalars(
            select(Playlist.name).where(Playlist.template_id == template.id).order_by(Playlist.name)
        )
    )
    if names:
        db.session.rollback()
        raise Conflict(
            "template_in_use",
            Text(
                N_("Playlists still use this template: %(names)s. Give them another template first."),
                names=text_list(names, 10),
            ),
        )
    thumbnail = template.thumbnail_s3_key
    db.session.delete(template)
    db.session.commit()
    forget_thumbnail(thumbnail)


def seed_templates() -> list[str]:
    """The stock layouts, by name: a template that exists (even edited) is left alone."""
    existing = set(db.session.scalars(select(Template.name)))
    made = []
    for stock in SEEDED_TEMPLATES:
        if stock["name"] not in existing:
            template = Template(
                name=stock["name"], description=stock["description"], zones=normalise(stock["zones"])
            )
            db.session.add(template)
            made.append(template)
    db.session.commit()
    for template in made:
        refresh_thumbnail(template)
    return [template.name for template in made]
