"""Playlist rules (spec "Playlist", "PlaylistItem"; CONTRACT §4). Pure: standard library only.

A playlist is written whole: its items arrive as one list, each placed in a zone of the
playlist's template. What a zone can play depends on its type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from signage.core.errors import N_, Text
from signage.core.validation import must_be_one_of

TRANSITIONS = ("FADE", "SLIDE", "NONE")
# CSS object-fit of a picture or video in its zone: letterboxed (the default), cropped to fill,
# or stretched. Other media fill their zone whatever this says.
FITS = ("contain", "cover", "fill")
MAX_ITEMS = 500
MAX_DURATION = 24 * 3600
# CLOCK and WEATHER zones draw themselves: they take no items. A ticker scrolls a feed's
# titles, or a DATASET's records through its source's field mapping (title, text, image).
PLAYABLE_IN = {
    "CONTENT": frozenset({"IMAGE", "VIDEO", "HTML", "PDF", "WEBPAGE"}),
    "TICKER": frozenset({"RSS", "DATASET"}),
    "DATASET": frozenset({"DATASET"}),
}
ITEM_FIELDS = ("mediaId", "zoneId", "order", "duration", "transitionIn", "transitionOut", "fit")


@dataclass(frozen=True)
class Item:
    media_id: int
    zone_id: str
    order: int
    duration: int | None
    transition_in: str | None
    transition_out: str | None
    fit: str | None = None


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def media_ref(value: Any) -> int | None:
    """An id given as 12 or "12"."""
    if _whole(value) and 0 < value < 2**31:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and 0 < len(value) <= 10:
        number = int(value)
        return number if 0 < number < 2**31 else None
    return None


def duration_problem(value: Any, *, nullable: bool) -> str | None:
    if value is None:
        return None if nullable else N_("Required.")
    if not _whole(value) or not 1 <= value <= MAX_DURATION:
        return Text(N_("Whole seconds between 1 and %(maximum)s."), maximum=MAX_DURATION)
    return None


def parse_items(
    raw: Any, zone_types: Mapping[str, str], media_types: Mapping[int, str]
) -> tuple[list[Item], dict[str, str]]:
    """The items, ordered as they will play, or the problems keyed `items[i].field`.

    `zone_types`: the template's zones (id → type); `media_types`: the media that exist
    among those named (id → type).
    """
    if not isinstance(raw, list):
        return [], {"items": N_("Must be an array of items.")}
    if len(raw) > MAX_ITEMS:
        return [], {"items": Text(N_("At most %(count)s items."), count=MAX_ITEMS)}
    items: list[Item] = []
    problems: dict[str, str] = {}
    for index, entry in enumerate(raw):
        where = f"items[{index}]"
        if not isinstance(entry, dict):
            problems[where] = N_("Each item must be an object.")
            continue
        mine: dict[str, str] = {}
        for key in entry:
            if key not in ITEM_FIELDS:
                mine[key] = N_("Unknown field.")
        media_id = media_ref(entry.get("mediaId"))
        zone_id = entry.get("zoneId")
        if media_id is None:
            mine["mediaId"] = N_("Required: a media id.")
        elif media_id not in media_types:
            mine["mediaId"] = N_("No media with this id.")
        if not isinstance(zone_id, str) or zone_id not in zone_types:
            mine["zoneId"] = N_("Must be the id of a zone of the playlist's template.")
        elif zone_types[zone_id] not in PLAYABLE_IN:
            mine["zoneId"] = Text(
                N_("A %(zone)s zone shows itself and takes no items."), zone=zone_types[zone_id]
            )
        elif (
            media_id is not None
            and media_id in media_types
            and media_types[media_id] not in PLAYABLE_IN[zone_types[zone_id]]
        ):
            allowed = ", ".join(sorted(PLAYABLE_IN[zone_types[zone_id]]))
            mine["mediaId"] = Text(
                N_("A %(zone)s zone plays %(allowed)s media, not %(type)s."),
                zone=zone_types[zone_id],
                allowed=allowed,
                type=media_types[media_id],
            )
        order = entry.get("order", index)
        if not _whole(order) or not 0 <= order < 100_000:
            mine["order"] = N_("A whole number from 0.")
        problem = duration_problem(entry.get("duration"), nullable=True)
        if problem:
            mine["duration"] = problem
        for key in ("transitionIn", "transitionOut"):
            if entry.get(key) is not None and entry.get(key) not in TRANSITIONS:
                mine[key] = must_be_one_of(TRANSITIONS, or_null=True)
        if entry.get("fit") is not None and entry.get("fit") not in FITS:
            mine["fit"] = must_be_one_of(FITS, or_null=True)
        if mine or media_id is None or not isinstance(zone_id, str):  # the last two set `mine`
            problems.update({f"{where}.{key}": message for key, message in mine.items()})
            continue
        items.append(
            Item(
                media_id,
                zone_id,
                order,
                entry.get("duration"),
                entry.get("transitionIn"),
                entry.get("transitionOut"),
                entry.get("fit"),
            )
        )
    if problems:
        return [], problems
    # Stable: equal orders keep the order they were sent in.
    ordered = sorted(enumerate(items), key=lambda pair: (pair[1].zone_id, pair[1].order, pair[0]))
    return [item for _, item in ordered], {}


def renumbered(items: list[Item]) -> list[Item]:
    """Orders 0, 1, 2... within each zone, so what is stored is what plays."""
    counters: dict[str, int] = {}
    result = []
    for item in items:
        position = counters.get(item.zone_id, 0)
        counters[item.zone_id] = position + 1
        result.append(
            Item(
                item.media_id,
                item.zone_id,
                position,
                item.duration,
                item.transition_in,
                item.transition_out,
                item.fit,
            )
        )
    return result


def zone_for(media_type: str, zones: list[Mapping[str, Any]]) -> str | None:
    """The first zone of a template (in its order) that can play a media of `media_type`:
    where "add to a playlist" puts it, a DATASET in a dataset zone rather than a ticker when
    the template has both. None when no zone can."""
    fitting = [
        zone for zone in zones if media_type in PLAYABLE_IN.get(str(zone.get("type", "")), frozenset())
    ]
    if not fitting:
        return None
    zone = min(fitting, key=lambda z: (z.get("type"), media_type) == ("TICKER", "DATASET"))
    zone_id = zone.get("id")
    return zone_id if isinstance(zone_id, str) else None


def item_seconds(own: int | None, media_seconds: float | None, default: int) -> int:
    """How long an item shows, as the player decides it: its own duration, else its media's
    (a video's length), else the playlist's default."""
    if own:
        return int(own)
    if media_seconds:
        return max(1, round(media_seconds))
    return default or 10


def clock_text(seconds: int) -> str:
    """A total as a wall clock reads it: 0:45, 12:30, 1:02:05."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
