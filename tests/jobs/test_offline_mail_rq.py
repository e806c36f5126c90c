"""send-alert-email on an RQ worker: the worker builds its app (and its MAIL_* settings) from the
environment, and the mail reaches a real SMTP server."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta

from redis import Redis
from rq.job import Job, JobStatus

from signage.factory import create_app
from signage.jobs.queue import QUEUE_NAME, enqueue
from signage.models import ScreenStatus
from tests.integration.test_offline_mail import make_screen, make_site
from tests.jobs.test_rq import RQ, WORKER_CLASS, worker_env
from tests.mail_support import smtp_server
from tests.support import ROOT, free_port, settings_for

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_an_rq_worker_sends_the_offline_mail(app, clean_db, database_url, redis_url) -> None:
    site = make_site(app, "Warehouse", "warehouse@example.com")
    screen_id = make_screen(app, site, "Gate", ScreenStatus.OFFLINE, NOW - timedelta(minutes=15))
    port = free_port()
    web = create_app(settings_for(database_url, REDIS_URL=redis_url))
    job_id = enqueue(web, "signage.monitoring.jobs.send_alert_emails", NOW.isoformat())

    env = {
        **worker_env(database_url),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_SENDER": "alerts@example.com",
        "PUBLIC_BASE_URL": "https://signage.example.com/",
    }
    with smtp_server(port) as inbox:
        done = subprocess.run(
            [RQ, "worker", "--worker-class", WORKER_CLASS, "--burst", "--url", redis_url, QUEUE_NAME],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        job = Job.fetch(job_id, connection=Redis.from_url(redis_url))
        assert job.get_status() == JobStatus.FINISHED, done.stderr
        assert job.return_value() == 1
        [(recipients, message)] = inbox.take()
    assert recipients == ["warehouse@example.com"]
    assert message["From"] == "alerts@example.com"
    assert f"https://signage.example.com/admin/screens/{screen_id}" in message.get_content()
