"""Jobs with REDIS_URL: the enqueue helper goes to RQ, and the Procfile's `rq worker` and
`rq cron` processes run against a real Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from redis import Redis
from rq import Queue
from rq.cron import CronScheduler
from rq.job import Job, JobStatus
from sqlalchemy import select

from signage.extensions import db
from signage.factory import create_app
from signage.jobs.periodic import PERIODIC_JOBS
from signage.jobs.queue import QUEUE_NAME, enqueue
from signage.models import ScreenHeartbeat
from tests.support import ROOT, seed_heartbeats, settings_for

RQ = str(Path(sys.executable).parent / "rq")  # the venv running the tests
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
# The Procfile's worker builds the app before its first job (signage.jobs.worker).
WORKER_CLASS = "signage.jobs.worker.Worker"


def test_the_procfile_worker_is_the_one_these_tests_run() -> None:
    worker = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("worker:"))
    assert f"--worker-class {WORKER_CLASS}" in worker


def worker_env(database_url: str) -> dict[str, str]:
    return {**os.environ, "SIGNAGE_ENV": "testing", "DATABASE_URL": database_url, "TZ": "UTC"}


def test_a_job_enqueued_with_redis_runs_on_an_rq_worker(app, clean_db, database_url, redis_url) -> None:
    seed_heartbeats(app, [NOW - timedelta(days=8), NOW - timedelta(days=1)])
    web = create_app(settings_for(database_url, REDIS_URL=redis_url))
    job_id = enqueue(web, "signage.monitoring.jobs.purge_heartbeats", NOW.isoformat())

    conn = Redis.from_url(redis_url)
    assert Queue(QUEUE_NAME, connection=conn).job_ids == [job_id]
    with app.app_context():  # queued, not run: nothing happened yet
        assert len(db.session.scalars(select(ScreenHeartbeat.id)).all()) == 2

    # The Procfile's worker line, in burst mode so it exits when the queue is empty.
    done = subprocess.run(
        [RQ, "worker", "--worker-class", WORKER_CLASS, "--burst", "--url", redis_url, QUEUE_NAME],
        cwd=ROOT,
        env=worker_env(database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    job = Job.fetch(job_id, connection=conn)
    assert job.get_status() == JobStatus.FINISHED, done.stderr
    assert job.return_value() == 1
    with app.app_context():
        assert db.session.scalars(select(ScreenHeartbeat.timestamp)).all() == [NOW - timedelta(days=1)]


def test_a_failing_job_is_recorded_as_failed(app, clean_db, database_url, redis_url) -> None:
    web = create_app(settings_for(database_url, REDIS_URL=redis_url))
    job_id = enqueue(web, "signage.monitoring.jobs.purge_heartbeats", "not a date")
    subprocess.run(
        [RQ, "worker", "--worker-class", WORKER_CLASS, "--burst", "--url", redis_url, QUEUE_NAME],
        cwd=ROOT,
        env=worker_env(database_url),
        capture_output=True,
        timeout=120,
    )
    job = Job.fetch(job_id, connection=Redis.from_url(redis_url))
    assert job.get_status() == JobStatus.FAILED
    assert "ValueError" in (job.latest_result().exc_string or "")


def test_the_cron_module_registers_the_periodic_table(redis_url) -> None:
    scheduler = CronScheduler(connection=Redis.from_url(redis_url))
    scheduler.load_config_from_file("signage.jobs.cron")
    registered = {job.name: job for job in scheduler.get_jobs()}
    for periodic in PERIODIC_JOBS:
        assert registered[periodic.name].cron == periodic.cron
        assert registered[periodic.name].queue_name == QUEUE_NAME


def test_the_procfile_cron_process_starts_and_registers(database_url, redis_url) -> None:
    conn = Redis.from_url(redis_url)
    proc = subprocess.Popen(
        [RQ, "cron", "--url", redis_url, "signage.jobs.cron"],
        cwd=ROOT,
        env=worker_env(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not conn.zrange("rq:cron_schedulers", 0, -1) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
        assert conn.zrange("rq:cron_schedulers", 0, -1), "rq cron never registered itself"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_healthz_checks_redis_when_configured(app, clean_db, database_url, redis_url) -> None:
    monitoring = {"Authorization": "Bearer health-token"}
    web = create_app(settings_for(database_url, REDIS_URL=redis_url, HEALTH_TOKEN="health-token"))
    assert web.test_client().get("/healthz", headers=monitoring).get_json()["redis"] == "ok"
    down = create_app(
        settings_for(database_url, REDIS_URL="redis://127.0.0.1:1/0", HEALTH_TOKEN="health-token")
    )
    response = down.test_client().get("/healthz", headers=monitoring)
    assert response.status_code == 503
    assert response.get_json()["redis"] == "unreachable"
