"""What the console users hear about their screens (issue 17): an outage and its end, on the
thresholds of the site contact's mail, and a screen whose offline storage is short. One
notification per site and run for outages (a site whose network drops takes all its screens
down at once), one per screen and episode for storage.

Each notice is claimed before it is told (its column set where still null, and committed), so
two overlapping runs never tell it twice; mail goes after the commit (signage.notifications
.service), never inside a transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select, update

from signage.config import Settings
from signage.core.errors import N_
from signage.extensions import db
from signage.models import Screen, ScreenIncident, ScreenStatus, Site, User
from signage.monitoring.incident_mail import local_time
from signage.monitoring.incidents import policy_of
from signage.notifications import rules
from signage.notifications.service import notify

OFFLINE_TEXT = N_("Offline at %(site)s since %(since)s: %(screens)s")
RECOVERY_TEXT = N_("Back online at %(site)s: %(screens)s")


def _audience() -> list[int]:
    return list(db.session.scalars(select(User.id).where(User.role.in_(list(rules.SCREEN_ROLES)))))


def _link(site_id: int, screen_ids: list[int]) -> str:
    return f"/admin/screens/{screen_ids[0]}" if len(screen_ids) == 1 else f"/admin/monitoring?site={site_id}"


def tell_outages(settings: Settings, moment: datetime) -> int:
    """Tell the outages due at `moment` (offline, then back); returns how many notices went
    out (one per site and kind)."""
    policy = policy_of(settings)
    rows = db.session.execute(
        select(ScreenIncident, Screen.status)
        .join(Screen, Screen.id == ScreenIncident.screen_id)
        .where(ScreenIncident.recovery_notified_at.is_(None))
        # Closed ones only while their recovery may still be owed.
        .where(ScreenIncident.closed_at.is_(None) | ScreenIncident.offline_notified_at.is_not(None))
    ).all()
    due: dict[str, list[int]] = defaultdict(list)
    for incident, status in rows:
        kind = rules.incident_notice(
            status=status.value,
            started_at=incident.started_at,
            recovered_at=incident.recovered_at,
            closed_at=incident.closed_at,
            offline_notified_at=incident.offline_notified_at,
            recovery_notified_at=incident.recovery_notified_at,
            now=moment,
            alert_after=policy.alert_after,
            settle_after=policy.settle_after,
        )
        if kind:
            due[kind].append(incident.id)
    db.session.rollback()
    told = 0
    for kind, ids in sorted(due.items()):
        column = "offline_notified_at" if kind == rules.OFFLINE_NOTICE else "recovery_notified_at"
        claimed = _claim(ids, column, moment)
        told += _tell_sites(kind, claimed)
    return told


def _claim(ids: list[int], column: str, moment: datetime) -> list[int]:
    field = getattr(ScreenIncident, column)
    claimed = [
        incident_id
        for incident_id in ids
        if db.session.execute(
            update(ScreenIncident)
            .where(ScreenIncident.id == incident_id, field.is_(None))
            .values({column: moment})
            .execution_options(synchronize_session=False)
        ).rowcount
    ]
    db.session.commit()
    return claimed


def _tell_sites(kind: str, incident_ids: list[int]) -> int:
    if not incident_ids:
        return 0
    rows = db.session.execute(
        select(Site.id, Site.name, Site.timezone, Screen.id, Screen.name, ScreenIncident.started_at)
        .join(Screen, Screen.site_id == Site.id)
        .join(ScreenIncident, ScreenIncident.screen_id == Screen.id)
        .where(ScreenIncident.id.in_(incident_ids))
        .order_by(Site.name, Site.id, Screen.name, Screen.id)
    ).all()
    sites: dict[int, list[tuple[str, str, int, str, datetime]]] = defaultdict(list)
    for site_id, site_name, zone, screen_id, screen_name, started_at in rows:
        sites[site_id].append((site_name, zone, screen_id, screen_name, started_at))
    audience = _audience()
    db.session.rollback()
    for site_id, screens in sites.items():
        site_name, zone = screens[0][0], screens[0][1]
        params: dict[str, object] = {"site": site_name, "screens": ", ".join(s[3] for s in screens)}
        if kind == rules.OFFLINE_NOTICE:
            params["since"] = local_time(min(s[4] for s in screens), zone)
        template = OFFLINE_TEXT if kind == rules.OFFLINE_NOTICE else RECOVERY_TEXT
        notify(rules.SCREEN_OFFLINE, template, params, _link(site_id, [s[2] for s in screens]), audience)
    return len(sites)


def tell_storage(moment: datetime) -> int:
    """Start or end each screen's storage episode (Screen.offline_problems, the monitoring's
    warning); returns how many screens were told about."""
    maybe = (
        Screen.storage_warned_at.is_not(None)
        | Screen.storage_persisted.is_(False)
        | Screen.transport.is_not(None)
    )
    screens = db.session.execute(
        select(Screen, Site.name).join(Site, Site.id == Screen.site_id).where(maybe).order_by(Screen.id)
    ).all()
    started: list[tuple[int, str, str, str]] = []
    for screen, site_name in screens:
        unpersisted, short = screen.offline_problems(moment)
        offline = screen.status == ScreenStatus.OFFLINE
        step = rules.storage_step(screen.storage_warned_at is not None, unpersisted, short, offline)
        if step == rules.END:
            db.session.execute(
                update(Screen)
                .where(Screen.id == screen.id)
                .values(storage_warned_at=None)
                .execution_options(synchronize_session=False)
            )
        elif step == rules.START:
            # Claimed where still null: an overlapping run that got there first tells it.
            if db.session.execute(
                update(Screen)
                .where(Screen.id == screen.id, Screen.storage_warned_at.is_(None))
                .values(storage_warned_at=moment)
                .execution_options(synchronize_session=False)
            ).rowcount:
                started.append(
                    (screen.id, screen.name, site_name, rules.storage_template(unpersisted, short))
                )
    db.session.commit()
    if not started:
        return 0
    audience = _audience()
    db.session.rollback()
    for screen_id, name, site_name, template in started:
        notify(
            rules.STORAGE_LOW,
            template,
            {"screen": name, "site": site_name},
            f"/admin/screens/{screen_id}",
            audience,
        )
    return len(started)
