"""The periodic table and its due-time rules (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from croniter import croniter
from werkzeug.utils import import_string

from signage.jobs.context import parse_now
from signage.jobs.periodic import PERIODIC_JOBS, PeriodicJob, due, job_named, next_run
from signage.jobs.runner import MAX_SLEEP_SECONDS, seconds_until_next

DAILY = PeriodicJob("daily", "x.y", "17 3 * * *", "")
HOURLY = PeriodicJob("hourly", "x.z", "0 * * * *", "")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_every_entry_names_an_importable_function_and_a_valid_cron() -> None:
    names = [job.name for job in PERIODIC_JOBS]
    assert len(names) == len(set(names))
    for job in PERIODIC_JOBS:
        assert callable(import_string(job.func))
        assert croniter.is_valid(job.cron), job.cron


def test_purge_heartbeats_is_daily() -> None:
    job = job_named("purge-heartbeats")
    first = next_run(job, utc(2026, 11, 25, 12, 0))
    assert next_run(job, first) - first == timedelta(days=1)
    with pytest.raises(KeyError):
        job_named("nope")


def test_next_run_is_strictly_after_and_in_utc() -> None:
    assert next_run(DAILY, utc(2026, 11, 25, 3, 16)) == utc(2026, 11, 25, 3, 17)
    assert next_run(DAILY, utc(2026, 11, 25, 3, 17)) == utc(2026, 11, 26, 3, 17)
    paris = timezone(timedelta(hours=1))
    assert next_run(DAILY, datetime(2026, 11, 25, 4, 30, tzinfo=paris)) == utc(2026, 11, 26, 3, 17)
    with pytest.raises(ValueError):
        next_run(DAILY, datetime(2026, 11, 25))


def test_due_fires_once_per_window_even_after_a_long_sleep() -> None:
    jobs = (DAILY, HOURLY)
    assert due(jobs, utc(2026, 11, 25, 3, 10), utc(2026, 11, 25, 3, 16)) == []
    assert due(jobs, utc(2026, 11, 25, 3, 10), utc(2026, 11, 25, 3, 17)) == [DAILY]
    assert due(jobs, utc(2026, 11, 25, 3, 17), utc(2026, 11, 25, 3, 59)) == []
    # Asleep for three days: each job runs once, not once per missed window.
    assert due(jobs, utc(2026, 11, 22, 0, 30), utc(2026, 11, 25, 12, 0)) == [DAILY, HOURLY]


def test_the_runner_sleeps_until_the_next_due_time_but_never_long() -> None:
    assert seconds_until_next((DAILY,), utc(2026, 11, 25, 3, 16, 30)) == 30
    assert seconds_until_next((DAILY,), utc(2026, 11, 25, 12, 0)) == MAX_SLEEP_SECONDS


def test_parse_now_takes_an_aware_instant_or_the_clock_and_refuses_a_naive_one() -> None:
    assert parse_now("2026-03-29T01:30:00+01:00") == utc(2026, 3, 29, 0, 30)
    before = datetime.now(UTC)
    assert before <= parse_now(None) <= datetime.now(UTC)
    with pytest.raises(ValueError, match="timezone"):
        parse_now("2026-03-29T01:30:00")


def test_every_periodic_job_parses_now_before_doing_anything() -> None:
    # No app exists here: a job that reached for one before checking `now` would fail otherwise.
    for job in PERIODIC_JOBS:
        with pytest.raises(ValueError, match="timezone"):
            import_string(job.func)("2026-11-25T12:00:00")
