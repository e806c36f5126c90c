"""Languages and wall clocks (CONTRACT §14), as pure rules: which language a request gets, which
names are languages and timezones, and how a time typed on a local clock becomes a UTC instant
and back. Standard library only, so DST and every fallback are tested directly (tests/unit).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache

from signage.core.errors import N_, N_plural, Text

__all__ = ["N_", "N_plural", "Text"]

# What the console and the players speak; the first is the one for "fr*" browsers.
LOCALES = ("fr", "en")
FALLBACK_LOCALE = "en"
# What a datetime-local input sends and shows (minutes; seconds are never typed).
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


def locale_problem(value: str) -> str | None:
    if value in LOCALES:
        return None
    return N_("Must be fr or en.")


def negotiate_locale(accepted: Iterable[str]) -> str:
    """French for `fr*`, English otherwise (CONTRACT §14). `accepted` is the browser's
    languages, most wanted first: the first one we speak wins ("de, fr;q=0.8" is French)."""
    for tag in accepted:
        primary = tag.strip().lower().replace("_", "-").split("-")[0]
        if primary in LOCALES:
            return primary
    return FALLBACK_LOCALE


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    # available_timezones() walks the tz database on disk: once per process is enough.
    return frozenset(zoneinfo.available_timezones())


def zone_problem(name: str) -> str | None:
    """Exact IANA names only (a user's timezone; a site's is fleet.rules.timezone_problem)."""
    if name in zone_names():
        return None
    return N_("Not an IANA timezone name (for example Europe/Paris).")


def zone_or_utc(name: str | None) -> zoneinfo.ZoneInfo:
    """The named zone; UTC for a missing or unknown name (never an error on a page)."""
    if name and name in zone_names():
        return zoneinfo.ZoneInfo(name)
    return zoneinfo.ZoneInfo("UTC")


class NotOnTheClock(ValueError):
    """A local time the zone skips (the spring-forward hour): it never happens there."""


def local_to_utc(text: str, zone: zoneinfo.ZoneInfo) -> datetime:
    """`YYYY-MM-DDTHH:MM` read on `zone`'s wall clock, as a UTC instant.

    In the autumn hour that happens twice, the first (summer-time) one is meant. A time in
    the spring gap raises NotOnTheClock rather than silently moving by an hour. A text that is
    not a local date-time raises ValueError.
    """
    naive = datetime.strptime(text.strip(), LOCAL_INPUT_FORMAT)
    local = naive.replace(tzinfo=zone, fold=0)
    instant = local.astimezone(UTC)
    # A wall time inside a gap does not survive the round trip.
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        raise NotOnTheClock(text)
    return instant


def to_local_input(instant: datetime | None, zone: zoneinfo.ZoneInfo) -> str:
    """What a datetime-local input shows for a stored UTC instant ("" for none)."""
    if instant is None:
        return ""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone).strftime(LOCAL_INPUT_FORMAT)


def zone_abbreviation(instant: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The zone as a clock reader knows it at that instant: CET, CEST, UTC, or +03."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone).tzname() or zone.key
