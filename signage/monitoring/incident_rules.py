"""When a screen's outage is an incident, and when its e-mails are due (spec: send-alert-email).

An incident opens when a screen that was heard from at least once is OFFLINE; it starts at its
last heartbeat (the silence began then). The offline mail is due once the incident is older
than `alert_after` while the screen is still OFFLINE. A screen heard from again (ONLINE or
WARNING: both mean it is alive) is back, but the incident only ends once it has stayed back for
`settle_after`: going OFFLINE again sooner is the same incident, so a flapping screen sends one
mail, not one per flap. At the end, the recovery mail is due if the offline one went out;
otherwise the incident closes without a word (an outage shorter than the threshold).

Pure: standard library only; time is always given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

OFFLINE = "OFFLINE"
OFFLINE_MAIL, RECOVERY_MAIL = "offline", "recovery"


@dataclass(frozen=True)
class Policy:
    alert_after: timedelta = timedelta(minutes=10)
    settle_after: timedelta = timedelta(minutes=10)

    def __post_init__(self) -> None:
        if self.alert_after <= timedelta(0) or self.settle_after <= timedelta(0):
            raise ValueError("alert_after and settle_after must be positive")


@dataclass(frozen=True)
class Incident:
    started_at: datetime
    offline_mail_sent_at: datetime | None = None
    recovered_at: datetime | None = None
    recovery_mail_sent_at: datetime | None = None
    closed_at: datetime | None = None


def track(
    incident: Incident | None, status: str, last_seen: datetime | None, now: datetime, policy: Policy
) -> Incident | None:
    """The screen's incident after looking at it at `now`: opened, back, offline again, or
    closed (closed_at set). None when there is no incident, nor reason for one."""
    offline = status == OFFLINE
    if incident is None or incident.closed_at is not None:
        # Never heard from: a screen not installed yet is no outage.
        if offline and last_seen is not None:
            return Incident(started_at=min(last_seen, now))
        return None
    if offline:
        # Down again before it settled: the same incident goes on.
        return replace(incident, recovered_at=None) if incident.recovered_at else incident
    if incident.recovered_at is None:
        return replace(incident, recovered_at=now)
    settled = now - incident.recovered_at >= policy.settle_after
    if settled and (incident.offline_mail_sent_at is None or incident.recovery_mail_sent_at is not None):
        return replace(incident, closed_at=now)
    return incident


def mail_due(incident: Incident | None, status: str, now: datetime, policy: Policy) -> str | None:
    """OFFLINE_MAIL, RECOVERY_MAIL or None, for an incident as `track` left it."""
    if incident is None or incident.closed_at is not None:
        return None
    if status == OFFLINE:
        if incident.offline_mail_sent_at is None and now - incident.started_at >= policy.alert_after:
            return OFFLINE_MAIL
        return None
    if (
        incident.offline_mail_sent_at is not None
        and incident.recovery_mail_sent_at is None
        and incident.recovered_at is not None
        and now - incident.recovered_at >= policy.settle_after
    ):
        return RECOVERY_MAIL
    return None
