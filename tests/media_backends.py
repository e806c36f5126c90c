"""Fixtures for the media tests: moto's S3 server on a free loopback port (real HTTP, real
boto3 signing), and an app per storage backend on the session's database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.support import free_port, settings_for

BACKENDS = ("local", "s3")


@pytest.fixture(scope="session")
def moto_s3() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def storage_env(backend: str, tmp_path: Path, endpoint: str | None) -> dict[str, str]:
    if backend == "local":
        return {"STORAGE": "local", "STORAGE_DIR": str(tmp_path / "media")}
    import boto3

    bucket = f"signage-{uuid.uuid4().hex[:12]}"
    env = {
        "STORAGE": "s3",
        "S3_BUCKET": bucket,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY": "testing",
        "S3_SECRET_KEY": "testing",
        "S3_ENDPOINT_URL": endpoint or "",
    }
    boto3.client(
        "s3",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        endpoint_url=endpoint,
    ).create_bucket(Bucket=bucket)
    return env


@pytest.fixture(params=BACKENDS)
def media_app(request, app: Flask, clean_db: None, database_url: str, tmp_path: Path) -> Flask:  # type: ignore[no-untyped-def]
    """An app storing media on one backend; jobs run in-process (no REDIS_URL)."""
    from signage.factory import create_app

    endpoint = request.getfixturevalue("moto_s3") if request.param == "s3" else None
    application = create_app(settings_for(database_url, **storage_env(request.param, tmp_path, endpoint)))
    application.config["WTF_CSRF_ENABLED"] = True
    application.backend = request.param  # type: ignore[attr-defined]
    return application
