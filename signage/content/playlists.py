"""Playlists, written whole with their items (CONTRACT §4), and their versions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from signage.content import versions
from signage.content.playlist_rules import (
    TRANSITIONS,
    Item,
    duration_problem,
    media_ref,
    parse_items,
    renumbered,
    zone_for,
)
from signage.core.errors import N_, Conflict, InvalidData, Text, text_list
from signage.core.validation import must_be_one_of
from signage.core.values import DESCRIPTION_MAX, NAME_MAX, TextRule, clean_texts
from signage.extensions import db
from signage.models import Media, Playlist, PlaylistItem, Schedule, Template, Transition

TEXT_RULES = {"name": TextRule(NAME_MAX, required=True), "description": TextRule(DESCRIPTION_MAX)}
UNSET: Any = object()
NO_TEMPLATE = N_("No template with this id.")


def template_by_ref(value: Any) -> Template | None:
    """The template a client's id names (12 or "12"), or None."""
    ref = media_ref(value)
    return db.session.get(Template, ref) if ref is not None else None


def _shown(playlist: Playlist) -> tuple[Any, ...]:
    """Everything about a playlist that changes what a screen shows (not its name)."""
    return (
        playlist.template_id,
        playlist.default_duration,
        playlist.transition,
        tuple(
            (i.media_id, i.zone_id, i.order, i.duration, i.transition_in, i.transition_out, i.fit)
            for i in sorted(playlist.items, key=lambda i: (i.zone_id, i.order))
        ),
    )


def checked_items(template: Template, raw: Any) -> tuple[list[Item], dict[str, str]]:
    """The items (as the API writes them) on `template`, or their problems keyed
    `items[i].field`: each in one of its zones, each media existing and fit for its zone."""
    zone_types = {zone["id"]: zone["type"] for zone in template.zones}
    wanted = {
        ref
        for entry in raw
        if isinstance(raw, list) and isinstance(entry, dict)
        if (ref := media_ref(entry.get("mediaId"))) is not None
    }
    media_types = (
        {
            media_id: kind.value
            for media_id, kind in db.session.execute(select(Media.id, Media.type).where(Media.id.in_(wanted)))
        }
        if wanted
        else {}
    )
    return parse_items(raw, zone_types, media_types)


def _check(
    playlist: Playlist | None,
    *,
    name: str | None,
    description: str | None,
    template_id: Any,
    default_duration: Any,
    transition: Any,
    items: Any,
) -> tuple[dict[str, Any], list[Item] | None]:
    clean: dict[str, Any]
    clean, problems = clean_texts({"name": name, "description": description}, TEXT_RULES)
    template = playlist.template if playlist is not None else None
    if template_id is not UNSET:
        found = template_by_ref(template_id)
        if found is None:
            problems["template_id"] = NO_TEMPLATE
        else:
            template, clean["template_id"] = found, found.id
    if default_duration is not UNSET:
        problem = duration_problem(default_duration, nullable=False)
        if problem:
            problems["default_duration"] = problem
        else:
            clean["default_duration"] = default_duration
    if transition is not UNSET:
        if transition not in TRANSITIONS:
            problems["transition"] = must_be_one_of(TRANSITIONS)
        else:
            clean["transition"] = Transition(transition)
    parsed: list[Item] | None = None
    # Changing the template re-checks the current items against its zones.
    if template is not None and (items is not UNSET or "template_id" in clean):
        raw = items if items is not UNSET else [item_as_raw(i) for i in playlist.items]  # type: ignore[union-attr]
        parsed, item_problems = checked_items(template, raw)
        if item_problems and items is UNSET:
            problems["template_id"] = Text(
                N_("The playlist's items do not fit this template's zones: %(problems)s"),
                problems=Text("; ".join(sorted(set(item_problems.values())))),
            )
        problems.update(item_problems if items is not UNSET else {})
    if problems:
        db.session.rollback()
        raise InvalidData(problems)
    return clean, parsed


def item_as_raw(item: PlaylistItem) -> dict[str, Any]:
    """An item as the API writes it: to send a playlist's items back with one changed."""
    return {
        "mediaId": item.media_id,
        "zoneId": item.zone_id,
        "order": item.order,
        "duration": item.duration,
        "transitionIn": item.transition_in.value if item.transition_in else None,
        "transitionOut": item.transition_out.value if item.transition_out else None,
        "fit": item.fit,
    }


def _store_items(playlist: Playlist, items: list[Item]) -> None:
    playlist.items.clear()
    db.session.flush()  # the old rows go before the new ones arrive
    for item in renumbered(items):
        playlist.items.append(
            PlaylistItem(
                media_id=item.media_id,
                zone_id=item.zone_id,
                order=item.order,
                duration=item.duration,
                transition_in=Transition(item.transition_in) if item.transition_in else None,
                transition_out=Transition(item.transition_out) if item.transition_out else None,
                # contain is the default: stored as none, so saving what a GET gave changes nothing.
                fit=None if item.fit in (None, "contain") else item.fit,
            )
        )


def create_playlist(
    *,
    name: str,
    template_id: Any,
    description: str = "",
    default_duration: Any = 10,
    transition: Any = "FADE",
    items: Any = (),
    created_by: int | None = None,
) -> Playlist:
    clean, parsed = _check(
        None,
        name=name,
        description=description,
        template_id=template_id,
        default_duration=default_duration,
        transition=transition,
        items=list(items) if isinstance(items, tuple) else items,
    )
    playlist = Playlist(**clean, created_by=created_by, version=1)
    db.session.add(playlist)
    _store_items(playlist, parsed or [])
    db.session.commit()
    return playlist


def update_playlist(
    playlist: Playlist,
    *,
    name: str | None = None,
    description: str | None = None,
    template_id: Any = UNSET,
    default_duration: Any = UNSET,
    transition: Any = UNSET,
    items: Any = UNSET,
) -> Playlist:
    """Apply the given changes all together, or none. The version moves only when what a
    screen shows changes, and the screens playing it are told."""
    before = _shown(playlist)
    clean, parsed = _check(
        playlist,
        name=name,
        description=description,
        template_id=template_id,
        default_duration=default_duration,
        transition=transition,
        items=items,
    )
    for key, value in clean.items():
        setattr(playlist, key, value)
    if items is not UNSET and parsed is not None:
        _store_items(playlist, parsed)
    db.session.flush()
    db.session.refresh(playlist, ["items", "template"])
    changed = _shown(playlist) != before
    if changed:
        playlist.version += 1
    db.session.commit()
    if changed:
        versions.notify([playlist.id])
    return playlist


def delete_playlist(playlist: Playlist) -> None:
    names = list(db.session.scalars(select(Schedule.name).where(Schedule.playlist_id == playlist.id)))
    if names:
        db.session.rollback()
        raise Conflict(
            "playlist_in_use",
            Text(
                N_("Schedules still play this playlist: %(names)s. Delete or change them first."),
                names=", ".join(sorted(names)[:10]),
            ),
        )
    db.session.delete(playlist)
    db.session.commit()


def append_media(playlist: Playlist, media: list[Media]) -> int:
    """Add each media at the end of the playlist, in the first zone of its layout that plays
    its type, all of them or none: a media no zone can play refuses the whole change, named."""
    zones = list(playlist.template.zones or [])
    placed: list[tuple[Media, str]] = []
    homeless: list[str] = []
    for row in media:
        zone_id = zone_for(row.type.value, zones)
        if zone_id is None:
            homeless.append(row.name)
        else:
            placed.append((row, zone_id))
    if homeless:
        db.session.rollback()
        raise InvalidData(
            {
                "playlist_id": Text(
                    N_('The layout of "%(playlist)s" has no zone that can play %(names)s.'),
                    playlist=playlist.name,
                    names=text_list(homeless, 10),
                )
            }
        )
    items = [item_as_raw(item) for item in sorted(playlist.items, key=lambda item: item.order)]
    last = max((item["order"] for item in items), default=-1)
    for offset, (row, zone_id) in enumerate(placed, start=1):
        items.append({"mediaId": row.id, "zoneId": zone_id, "order": last + offset})
    update_playlist(playlist, items=items)
    return len(placed)
