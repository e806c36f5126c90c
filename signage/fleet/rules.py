"""The fleet's value rules: timezones, where a screen may sit, why a site cannot go yet.

Pure (standard library only), so the rules are read and tested without a database. Each
check returns a problem sentence or None; the services gather them per field. Names, free
text and ids follow the rules every domain shares (signage.core.values).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from functools import lru_cache

from signage.core.errors import N_, N_plural, Text, text_list

DEFAULT_TIMEZONE = "Europe/Paris"
# How many screen names a "site still has screens" message spells out before "and N more".
NAMED_IN_MESSAGE = 10


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    # available_timezones() walks the tz database on disk: once per process is enough.
    return frozenset(zoneinfo.available_timezones())


def timezones() -> list[str]:
    """Every IANA timezone name, sorted: what a site may use."""
    return sorted(_zone_names())


def timezone_problem(name: str) -> str | None:
    """Exact IANA names only: "europe/paris" may load on some systems, never on others."""
    if name in _zone_names():
        return None
    return N_("Not an IANA timezone name (for example Europe/Paris).")


def placement_problem(
    screen_site_id: int, group_site_id: int | None, group_site_name: str = ""
) -> str | None:
    """A screen's group must be one of its own site's groups (or none)."""
    if group_site_id is None or group_site_id == screen_site_id:
        return None
    if group_site_name:
        return Text(
            N_(
                "This group belongs to another site (%(site)s): choose a group of the screen's site, or none."
            ),
            site=group_site_name,
        )
    return N_("This group belongs to another site: choose a group of the screen's site, or none.")


def site_in_use_message(site_name: str, screen_names: Sequence[str], total: int) -> Text:
    """Why a site cannot be deleted yet, naming the screens still on it."""
    return N_plural(
        'The site "%(site)s" still has %(count)s screen (%(names)s): '
        "move it to another site or delete it first.",
        'The site "%(site)s" still has %(count)s screens (%(names)s): '
        "move them to another site or delete them first.",
        total,
        site=site_name,
        names=text_list(list(screen_names), NAMED_IN_MESSAGE, total),
    )


# Automatic screenshots of a group's screens (spec phase 3): off by default; when on, no more
# often than every 5 minutes (each capture costs the kiosk a moment and the server a JPEG).
SCREENSHOT_INTERVAL_MIN = 5
SCREENSHOT_INTERVAL_MAX = 24 * 60


def screenshot_interval_problem(minutes: object) -> Text | str | None:
    """None (off) or a whole number of minutes from 5 to 1440."""
    if minutes is None:
        return None
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        return N_("A whole number of minutes, or nothing for off.")
    if not SCREENSHOT_INTERVAL_MIN <= minutes <= SCREENSHOT_INTERVAL_MAX:
        return Text(
            N_("From %(low)s to %(high)s minutes."), low=SCREENSHOT_INTERVAL_MIN, high=SCREENSHOT_INTERVAL_MAX
        )
    return None
