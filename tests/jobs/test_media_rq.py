"""The media jobs on RQ: an upload enqueues its job on Redis and the Procfile's worker runs it."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from redis import Redis
from rq import Queue

from signage.factory import create_app
from signage.jobs.queue import QUEUE_NAME
from tests import media_files
from tests.jobs.test_rq import RQ, WORKER_CLASS, worker_env
from tests.media_backends import moto_s3, storage_env  # noqa: F401  (fixture)
from tests.support import ROOT, api_login, make_user, settings_for


def _run_worker(redis_url: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [RQ, "worker", "--worker-class", WORKER_CLASS, "--burst", "--url", redis_url, QUEUE_NAME],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def test_uploads_are_processed_by_an_rq_worker_on_s3(
    app,
    clean_db,
    database_url,
    redis_url,
    moto_s3,  # noqa: F811
    tmp_path: Path,
) -> None:
    storage = storage_env("s3", tmp_path, moto_s3)
    web = create_app(settings_for(database_url, REDIS_URL=redis_url, **storage))
    make_user(web, "editor@example.com", "EDITOR")
    client = web.test_client()
    headers = {"X-CSRFToken": api_login(client, "editor@example.com")}
    ids = {}
    for name, data in (
        ("clip.mp4", media_files.mp4(tmp_path, seconds=1.0)),
        ("broken.mp4", media_files.truncated_mp4(tmp_path)),
        ("deck.pdf", media_files.pdf(2)),
    ):
        body = {"file": (io.BytesIO(data), name)}
        response = client.post(
            "/api/admin/medias", data=body, headers=headers, content_type="multipart/form-data"
        )
        assert response.status_code == 201, response.get_json()
        ids[name] = response.get_json()["id"]
    assert len(Queue(QUEUE_NAME, connection=Redis.from_url(redis_url)).job_ids) == 3
    assert client.get(f"/api/admin/medias/{ids['clip.mp4']}").get_json()["encodingStatus"] == "PENDING"

    _run_worker(redis_url, {**worker_env(database_url), "REDIS_URL": redis_url, **storage})

    clip = client.get(f"/api/admin/medias/{ids['clip.mp4']}").get_json()
    assert clip["encodingStatus"] == "DONE" and abs(clip["duration"] - 1.0) < 0.2
    assert (
        client.get(clip["url"].removeprefix("http://localhost"), headers={"Range": "bytes=0-7"}).status_code
        == 206
    )
    broken = client.get(f"/api/admin/medias/{ids['broken.mp4']}").get_json()
    assert broken["encodingStatus"] == "ERROR" and broken["encodingError"]
    deck = client.get(f"/api/admin/medias/{ids['deck.pdf']}").get_json()
    assert deck["encodingStatus"] == "DONE" and len(deck["pages"]) == 2
