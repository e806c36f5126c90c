"""A password-reset e-mail asked on the web goes out through an RQ worker (with Redis the web
process only queues it), whole: subject, language and link as composed by the web face."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace

from redis import Redis
from rq.job import Job, JobStatus

from signage.auth import password_reset
from signage.factory import create_app
from signage.jobs.queue import QUEUE_NAME
from tests.integration.test_admin_pages import csrf_from
from tests.jobs.test_rq import RQ, WORKER_CLASS, worker_env
from tests.mail_support import smtp_server
from tests.support import ROOT, free_port, make_user, settings_for


def test_the_reset_mail_is_queued_and_an_rq_worker_sends_it(app, clean_db, database_url, redis_url) -> None:
    make_user(app, "ada@example.com", "EDITOR", name="Ada")
    port = free_port()
    settings = replace(
        settings_for(database_url, REDIS_URL=redis_url),
        mail_server="127.0.0.1",
        mail_port=port,
        public_base_url="https://signage.example.com",
    )
    web = create_app(settings)
    client = web.test_client()
    token = csrf_from(client.get("/admin/forgot-password").get_data(as_text=True))
    answer = client.post("/admin/forgot-password", data={"csrf_token": token, "email": "ada@example.com"})
    assert answer.status_code == 302
    queue = Redis.from_url(redis_url)
    [job_id] = [key.decode().rsplit(":", 1)[1] for key in queue.keys("rq:job:*")]

    env = {**worker_env(database_url), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port)}
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
        assert Job.fetch(job_id, connection=queue).get_status() == JobStatus.FINISHED, done.stderr
        [(recipients, message)] = inbox.take()
    assert recipients == ["ada@example.com"]
    assert message["Subject"] == "Reset your Signage password"
    path = re.search(
        r"https://signage\.example\.com/admin/reset-password/(\S+)", message.get_content()
    ).group(1)
    with web.app_context():
        assert password_reset.user_for_reset(path, web.config["SECRET_KEY"]).email == "ada@example.com"
