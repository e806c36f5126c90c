"""The Redis leg: a real Redis, database 15 by default, emptied around each test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from redis import Redis

from tests.support import require


@pytest.fixture
def redis_url() -> Iterator[str]:
    url = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
    conn = Redis.from_url(url, socket_connect_timeout=2)
    try:
        conn.ping()
    except Exception as exc:
        require(False, f"Redis not reachable at {url}: {exc}")
    conn.flushdb()  # db 15 belongs to the tests
    yield url
    conn.flushdb()
