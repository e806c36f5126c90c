"""Which notifications exist, who receives them, and when a screen's are due (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

from signage.access.matrix import Permission, Role, can
from signage.core.errors import N_
from signage.monitoring.incident_rules import OFFLINE

SCREEN_OFFLINE = "screen_offline"
ENCODING_FAILED = "encoding_failed"
STORAGE_LOW = "storage_low"
WEEKLY_SUMMARY = "weekly_summary"
# The kinds a user may also receive by e-mail (the weekly summary is e-mail only).
KINDS = (SCREEN_OFFLINE, ENCODING_FAILED, STORAGE_LOW, WEEKLY_SUMMARY)
# Who sees an encoding failure besides the person who uploaded the file.
ENCODING_FAILED_ROLES = frozenset({Role.ADMIN})
# Who hears about a screen: whoever may see it (the matrix has no per-site access today, so
# every role; a role that loses SCREENS_READ stops hearing about screens with it).
SCREEN_ROLES = frozenset(role for role in Role if can(role, Permission.SCREENS_READ))
KEPT_DAYS = 90

OFFLINE_NOTICE, RECOVERY_NOTICE = "offline", "recovery"


def chosen(kinds: object) -> list[str]:
    """A user's e-mail choices, cleaned: known kinds only, each once, in the table's order."""
    wanted = set(kinds) if isinstance(kinds, list | tuple | set) else set()
    return [kind for kind in KINDS if kind in wanted]


def incident_notice(
    *,
    status: str | None,
    started_at: datetime,
    recovered_at: datetime | None,
    closed_at: datetime | None,
    offline_notified_at: datetime | None,
    recovery_notified_at: datetime | None,
    now: datetime,
    alert_after: timedelta,
    settle_after: timedelta,
) -> str | None:
    """OFFLINE_NOTICE, RECOVERY_NOTICE or None for an outage (a ScreenIncident as the
    send-alert-email job keeps it, monitoring.incident_rules), on the same thresholds as the site
    contact's mail but told on its own: offline once it lasted `alert_after`; back once it
    stayed back `settle_after`, only if the users heard it was offline (even if the incident
    closed meanwhile). A flap before settling is the same outage: nothing new is told."""
    if offline_notified_at is None:
        still_down = closed_at is None and status == OFFLINE
        return OFFLINE_NOTICE if still_down and now - started_at >= alert_after else None
    if recovery_notified_at is None and recovered_at is not None and now - recovered_at >= settle_after:
        return RECOVERY_NOTICE
    return None


START, END = "start", "end"


def storage_step(warned: bool, unpersisted: bool, short: bool, offline: bool = False) -> str | None:
    """START when a screen's offline storage becomes a problem (tell, once), END when it
    no longer is (the next problem is a new episode), else None: nothing to do. An OFFLINE
    screen is left as it is: its runway only runs down by the clock, and its outage is told
    already; the episode goes on or ends on what it reports once back."""
    if offline:
        return None
    problem = unpersisted or short
    if problem and not warned:
        return START
    if warned and not problem:
        return END
    return None


def storage_template(unpersisted: bool, short: bool) -> str:
    """The sentence for a storage episode (msgid with %(screen)s and %(site)s)."""
    if unpersisted and short:
        return N_(
            "%(screen)s (%(site)s) has less than 24 hours of content stored for offline playback, and "
            "its storage is not persisted: the browser may evict it."
        )
    if unpersisted:
        return N_(
            "%(screen)s (%(site)s): storage is not persisted, the browser may evict the cached content."
        )
    return N_("%(screen)s (%(site)s) has less than 24 hours of content stored for offline playback.")
