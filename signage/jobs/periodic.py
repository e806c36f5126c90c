"""The periodic jobs as one declarative table, and when each is next due. No Flask
(croniter reads the cron expressions).

The same table feeds `rq cron` (signage.jobs.cron) when Redis is configured and the
in-process runner (signage.jobs.runner) otherwise, so the two tiers cannot drift.
Cron expressions are read in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from croniter import croniter


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: str  # dotted path, so RQ can import it in a worker
    cron: str
    description: str


PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob(
        name="purge-heartbeats",
        func="signage.monitoring.jobs.purge_heartbeats",
        cron="17 3 * * *",  # daily, off the hour so it does not meet other nightly work
        description="Delete screen heartbeats older than 7 days",
    ),
    PeriodicJob(
        name="purge-audit",
        func="signage.audit.jobs.purge_audit",
        cron="29 3 * * *",  # daily, beside the other purges
        description="Delete audit log entries older than AUDIT_RETENTION_DAYS (365 by default)",
    ),
    PeriodicJob(
        name="purge-screenshots",
        func="signage.monitoring.jobs.purge_screenshots",
        cron="23 3 * * *",  # daily, beside purge-heartbeats
        description="Keep the 10 newest screenshots of each screen; remove stored captures no row names",
    ),
    PeriodicJob(
        name="rollup-days",
        func="signage.monitoring.rollups.roll_up_days",
        cron="7 * * * *",  # hourly: today so far, and the last days again for late plays
        description="Daily rollups per screen (availability, plays, errors) for the reports; retention",
    ),
    PeriodicJob(
        name="weekly-summary",
        func="signage.notifications.jobs.weekly_summary",
        cron="0 7 * * 1",  # Monday 07:00 UTC: the week just ended, before the shops open
        description="Mail the week's availability and plays to those who chose it; drop old notifications",
    ),
    PeriodicJob(
        name="auto-screenshots",
        func="signage.monitoring.jobs.take_screenshots",
        cron="* * * * *",
        description="Ask a screenshot of the screens whose group takes them automatically, when due",
    ),
    PeriodicJob(
        name="sweep-screens",
        func="signage.monitoring.jobs.sweep_statuses",
        cron="* * * * *",
        description="Mark screens whose heartbeats are late WARNING, and silent ones OFFLINE",
    ),
    PeriodicJob(
        name="expire-commands",
        func="signage.monitoring.jobs.expire_commands",
        cron="* * * * *",
        description="Fail the commands a screen did not take within 10 minutes",
    ),
    PeriodicJob(
        name="alert-windows",
        func="signage.alerts.jobs.apply_windows",
        cron="* * * * *",
        description="Show the alerts whose startAt arrived, hide (and disarm) those whose endAt passed",
    ),
    PeriodicJob(
        name="send-alert-email",
        func="signage.monitoring.jobs.send_alert_emails",
        cron="* * * * *",
        description="Mail a site's contact when its screens stay OFFLINE (once per outage), and at recovery",
    ),
    PeriodicJob(
        name="notify-screens",
        func="signage.notifications.jobs.notify_screens",
        cron="* * * * *",
        description="Tell the users (console, and e-mail if chosen) of outages and of short offline storage",
    ),
    PeriodicJob(
        name="expire-medias",
        func="signage.content.jobs.expire_medias",
        # Often, not daily: a media leaves the screens within minutes of its validUntil.
        cron="*/5 * * * *",
        description="Reload the playlists whose media entered or left their validity window",
    ),
    PeriodicJob(
        name="sync-datasource",
        func="signage.datasources.jobs.sync_datasources",
        # Every minute; each source is fetched only once its own refreshInterval has elapsed.
        cron="* * * * *",
        description="Fetch the RSS / CSV / JSON data sources whose refresh interval has elapsed",
    ),
    PeriodicJob(
        name="recheck-webpages",
        func="signage.datasources.framing.recheck_webpages",
        cron="41 3 * * *",  # daily: a site may start (or stop) refusing frames any day
        description="Check again whether the web pages not checked for a day refuse to be framed",
    ),
)


def job_named(name: str, jobs: tuple[PeriodicJob, ...] = PERIODIC_JOBS) -> PeriodicJob:
    for job in jobs:
        if job.name == name:
            return job
    raise KeyError(name)


def next_run(job: PeriodicJob, after: datetime) -> datetime:
    """The first time strictly after `after` (aware) at which `job` is due, in UTC."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    base = after.astimezone(UTC).replace(tzinfo=None)
    return croniter(job.cron, base).get_next(datetime).replace(tzinfo=UTC)


def due(jobs: tuple[PeriodicJob, ...], last_checked: datetime, now: datetime) -> list[PeriodicJob]:
    """The jobs with a due time in (last_checked, now]: each at most once per check, so a
    process that slept through several due times (a suspended laptop) runs a job once."""
    return [job for job in jobs if next_run(job, last_checked) <= now]
