"""The notification jobs: the screens' outages and storage told to the users every minute, the
weekly summary e-mail, and the retention of notifications."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from signage.core.errors import N_
from signage.extensions import db
from signage.jobs.context import periodic
from signage.models import Screen, Site, User
from signage.monitoring.rollup_queries import Scope, availability
from signage.monitoring.rollup_rules import percent
from signage.notifications import rules
from signage.notifications.screens import tell_outages, tell_storage
from signage.notifications.service import mail_users, purge

log = logging.getLogger(__name__)

SUMMARY_DAYS = 7


def summary_lines(moment: datetime) -> tuple[str, dict[str, object]]:
    """The week's availability per site and its plays, as a msgid and its values."""
    last = moment.date() - timedelta(days=1)
    first = last - timedelta(days=SUMMARY_DAYS - 1)
    result = availability(Scope(first, last), moment)
    sites = dict(db.session.execute(select(Screen.id, Site.name).join(Site, Site.id == Screen.site_id)).all())
    online: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    plays = 0
    for screen in result.screens:
        pair = online[sites.get(screen.screen_id, "?")]
        pair[0] += screen.online_seconds
        pair[1] += screen.covered_seconds
        plays += screen.plays
    table = "\n".join(f"- {name}: {percent(o, c):.1f} %" for name, (o, c) in sorted(online.items()))
    template = N_("Your screens from %(first)s to %(last)s:\n%(sites)s\nPlays: %(plays)s.")
    return template, {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "sites": table or "-",
        "plays": plays,
    }


@periodic
def weekly_summary(moment: datetime) -> int:
    """weekly-summary: availability per site and plays of the last 7 days, to those who chose it."""
    users = [
        user
        for user in db.session.scalars(select(User)).all()
        if rules.WEEKLY_SUMMARY in rules.chosen(user.email_notifications)
    ]
    purged = purge(moment)
    if not users:
        return 0
    template, params = summary_lines(moment)
    sent = mail_users(users, template, params, "/admin/reports", subject=N_("Your screens this week"))
    log.info("weekly-summary: %d e-mails sent, %d old notifications removed", sent, purged)
    return sent


@periodic
def notify_screens(moment: datetime) -> int:
    """notify-screens: tell the users of outages (offline, then back; the thresholds of the
    send-alert-email job, which keeps the incidents) and of screens whose offline storage is
    short. Returns how many notices went out."""
    told = tell_outages(current_app.config["SIGNAGE"], moment) + tell_storage(moment)
    if told:
        log.info("notify-screens: %d notices", told)
    return told
