"""Jobs in the embedded tier: no Redis, the work runs in this process."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from signage.extensions import db
from signage.jobs import context as job_context_module
from signage.jobs.queue import enqueue
from signage.jobs.runner import run_due
from signage.models import ScreenHeartbeat
from signage.monitoring import jobs as monitoring_jobs
from tests.support import seed_heartbeats

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def remaining(app) -> list[datetime]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return sorted(db.session.scalars(select(ScreenHeartbeat.timestamp)).all())


def test_purge_heartbeats_keeps_exactly_seven_days(app, clean_db, monkeypatch) -> None:
    monkeypatch.setattr(monitoring_jobs, "BATCH_SIZE", 3)  # several batches, each its own transaction
    ages = [timedelta(days=30)] * 5 + [timedelta(days=7, seconds=1), timedelta(days=7), timedelta(hours=1)]
    seed_heartbeats(app, [NOW - age for age in ages])
    with app.app_context():
        assert monitoring_jobs.purge_heartbeats(NOW.isoformat()) == 6
    assert remaining(app) == [NOW - timedelta(days=7), NOW - timedelta(hours=1)]


def test_enqueue_without_redis_runs_in_the_background(app, clean_db) -> None:
    seed_heartbeats(app, [NOW - timedelta(days=9), NOW])
    job_id = enqueue(app, "signage.monitoring.jobs.purge_heartbeats", NOW.isoformat())
    assert job_id.startswith("local-")
    deadline = time.monotonic() + 10
    while len(remaining(app)) != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert remaining(app) == [NOW]


def test_the_runner_enqueues_what_is_due(app, clean_db) -> None:
    assert run_due(app, NOW + timedelta(seconds=61), NOW + timedelta(seconds=90)) == []
    day = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    due = [
        "purge-heartbeats",
        "purge-audit",
        "purge-screenshots",
        "rollup-days",
        "auto-screenshots",
        "sweep-screens",
        "expire-commands",
        "alert-windows",
        "send-alert-email",
        "notify-screens",
        "expire-medias",
        "sync-datasource",
        "recheck-webpages",
    ]
    assert run_due(app, day, day + timedelta(hours=1)) == due


def test_run_job_command(app, clean_db) -> None:
    seed_heartbeats(app, [datetime.now(UTC) - timedelta(days=8)])
    result = app.test_cli_runner().invoke(args=["signage", "run-job", "purge-heartbeats"])
    assert result.exit_code == 0, result.output
    assert "purge-heartbeats: 1" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ScreenHeartbeat)) == 0
    bad = app.test_cli_runner().invoke(args=["signage", "run-job", "nope"])
    assert bad.exit_code != 0


def test_a_job_outside_any_app_says_how_to_run_workers(app, clean_db, monkeypatch) -> None:
    monkeypatch.setattr(job_context_module, "_app", None)  # a bare `rq worker`: no app was built
    with pytest.raises(RuntimeError, match="--worker-class signage.jobs.worker.Worker"):
        monitoring_jobs.purge_heartbeats(NOW.isoformat())
    job_context_module.use_app(app)
    assert monitoring_jobs.purge_heartbeats(NOW.isoformat()) == 0
