"""Screen incidents: an outage from the moment a screen goes OFFLINE until it is back and stays
back, and the e-mails that tell a site's contact in the site's language (the send-alert-email
job, monitoring/jobs.py).

Every minute the job brings each screen's incident up to date (signage.monitoring.incident_rules)
in one short transaction, then sends the mails due, one per site and kind. A mail is claimed
before it goes (its *_mail_sent_at set where still null, and committed), so two overlapping runs
never send it twice; if sending fails the claim is released and the next run tries again. The
SMTP conversation happens outside any transaction: SQLite has one writer, and a slow mail
server must not hold it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError

from signage.config import Settings
from signage.extensions import db
from signage.mail import mail_configured, send_mail
from signage.models import Screen, ScreenIncident, ScreenStatus, Site
from signage.monitoring.incident_mail import ScreenLine, SiteContact, Words, compose
from signage.monitoring.incident_rules import OFFLINE_MAIL, Incident, Policy, mail_due, track

log = logging.getLogger(__name__)


def policy_of(settings: Settings) -> Policy:
    # Back for as long as it took to raise the alarm: a flap within that window is one incident.
    window = timedelta(minutes=settings.offline_alert_minutes)
    return Policy(alert_after=window, settle_after=window)


def send_due_mails(settings: Settings, moment: datetime) -> int:
    """Bring the screens' incidents up to date and send the e-mails due at `moment`. Returns how
    many e-mails went out. Incidents are kept even with no mail server: the console users hear
    of them too (signage.notifications.screens)."""
    policy = policy_of(settings)
    due = _track_incidents(moment, policy)
    if not mail_configured(settings):
        log.debug("send-alert-email: MAIL_SERVER is not set, no e-mail")
        db.session.rollback()
        return 0
    sent = sum(_mail_site(settings, policy, moment, kind, ids) for (kind, _), ids in _by_site(due).items())
    if sent:
        log.info("send-alert-email: %d e-mails sent", sent)
    return sent


def _state(row: ScreenIncident) -> Incident:
    return Incident(
        started_at=row.started_at,
        offline_mail_sent_at=row.offline_mail_sent_at,
        recovered_at=row.recovered_at,
        recovery_mail_sent_at=row.recovery_mail_sent_at,
        closed_at=row.closed_at,
    )


def _track_incidents(moment: datetime, policy: Policy) -> list[tuple[int, str]]:
    """Open, update and close incidents; returns (incident id, mail kind) for the mails due."""
    due: list[tuple[int, str]] = []
    opened = db.session.execute(
        select(ScreenIncident, Screen.status, Screen.last_seen)
        .join(Screen, Screen.id == ScreenIncident.screen_id)
        .where(ScreenIncident.closed_at.is_(None))
    ).all()
    for row, status, last_seen in opened:
        before = _state(row)
        after = track(before, status.value, last_seen, moment, policy)
        if after is None:  # cannot happen for an open incident; kept as it is
            continue
        if after != before:
            row.recovered_at, row.closed_at = after.recovered_at, after.closed_at
        kind = mail_due(after, status.value, moment, policy)
        if kind:
            due.append((row.id, kind))

    open_incident = exists().where(ScreenIncident.screen_id == Screen.id, ScreenIncident.closed_at.is_(None))
    newly_offline = db.session.execute(
        select(Screen.id, Screen.last_seen).where(
            Screen.status == ScreenStatus.OFFLINE, Screen.last_seen.is_not(None), ~open_incident
        )
    ).all()
    created: list[ScreenIncident] = []
    for screen_id, last_seen in newly_offline:
        incident = track(None, ScreenStatus.OFFLINE.value, last_seen, moment, policy)
        if incident is not None:
            row = ScreenIncident(screen_id=screen_id, started_at=incident.started_at)
            db.session.add(row)
            created.append(row)
    try:
        db.session.commit()
    except IntegrityError:
        # Another run opened an incident for one of these screens meanwhile: it sends the mails.
        db.session.rollback()
        log.warning("send-alert-email: incidents changed by an overlapping run; next run catches up")
        return []
    for row in created:
        kind = mail_due(_state(row), ScreenStatus.OFFLINE.value, moment, policy)
        if kind:
            due.append((row.id, kind))
    return due


def _by_site(due: list[tuple[int, str]]) -> dict[tuple[str, int], list[int]]:
    if not due:
        return {}
    kinds = dict(due)
    sites = db.session.execute(
        select(ScreenIncident.id, Screen.site_id)
        .join(Screen, Screen.id == ScreenIncident.screen_id)
        .where(ScreenIncident.id.in_(list(kinds)))
    ).all()
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for incident_id, site_id in sorted(sites):
        groups[(kinds[incident_id], site_id)].append(incident_id)
    return dict(sorted(groups.items()))


def _mail_site(settings: Settings, policy: Policy, moment: datetime, kind: str, ids: list[int]) -> int:
    """Claim, compose and send one site's mail about the incidents `ids`; 1 if it went out."""
    site_id, site_name, timezone, email, locale = db.session.execute(
        select(Site.id, Site.name, Site.timezone, Site.contact_email, Site.locale)
        .join(Screen, Screen.site_id == Site.id)
        .join(ScreenIncident, ScreenIncident.screen_id == Screen.id)
        .where(ScreenIncident.id == ids[0])
    ).one()
    contact = SiteContact(name=site_name, timezone=timezone, email=email.strip())
    if not contact.email:
        log.debug("send-alert-email: site %s has no contact e-mail; %s mail skipped", site_id, kind)
        return 0
    sent_column = "offline_mail_sent_at" if kind == OFFLINE_MAIL else "recovery_mail_sent_at"
    claimed = _claim(ids, sent_column, moment)
    if not claimed:
        return 0
    lines = [
        ScreenLine(screen_id=screen_id, name=name, offline_since=started_at, back_since=recovered_at)
        for screen_id, name, started_at, recovered_at in db.session.execute(
            select(Screen.id, Screen.name, ScreenIncident.started_at, ScreenIncident.recovered_at)
            .join(Screen, Screen.id == ScreenIncident.screen_id)
            .where(ScreenIncident.id.in_(claimed))
            .order_by(Screen.name, Screen.id)
        )
    ]
    db.session.rollback()  # end the read: nothing is held while the mail server talks
    try:
        # In the site's language, like its players (CONTRACT §14).
        with force_locale(locale or settings.default_locale):
            message = compose(
                kind,
                contact,
                lines,
                sender=settings.mail_sender,
                now=moment,
                alert_after=policy.alert_after,
                base_url=settings.public_base_url,
                words=Words(gettext=gettext, ngettext=ngettext),
            )
        send_mail(settings, message)
    except Exception as exc:
        _release(claimed, sent_column)
        log.warning(
            "send-alert-email: %s mail to site %s (%d screens) failed, retried at the next run: %s",
            kind,
            site_id,
            len(claimed),
            exc,
            exc_info=not isinstance(exc, OSError),
        )
        return 0
    if kind != OFFLINE_MAIL:  # the recovery mail ends the incident
        db.session.execute(
            update(ScreenIncident).where(ScreenIncident.id.in_(claimed)).values(closed_at=moment)
        )
        db.session.commit()
    log.info("send-alert-email: %s mail sent to site %s for %d screens", kind, site_id, len(claimed))
    return 1


def _claim(ids: list[int], sent_column: str, moment: datetime) -> list[int]:
    """Mark the mail as sent where nobody has yet; returns the incidents this run now owns."""
    column = getattr(ScreenIncident, sent_column)
    claimed = [
        incident_id
        for incident_id in ids
        if db.session.execute(
            update(ScreenIncident)
            .where(ScreenIncident.id == incident_id, column.is_(None), ScreenIncident.closed_at.is_(None))
            .values({sent_column: moment})
            .execution_options(synchronize_session=False)
        ).rowcount
    ]
    db.session.commit()
    return claimed


def _release(ids: list[int], sent_column: str) -> None:
    db.session.rollback()
    db.session.execute(
        update(ScreenIncident)
        .where(ScreenIncident.id.in_(ids))
        .values({sent_column: None})
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
