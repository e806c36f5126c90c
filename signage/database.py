"""Engine set-up for SQLite and PostgreSQL under gevent.

SQLite: WAL so readers never wait for the writer, a busy timeout for other processes
(CLI, workers), foreign keys on, and write transactions that begin IMMEDIATE: a deferred
transaction that later upgrades to a write fails at once with "database is locked"
instead of waiting. SQLite calls never yield to gevent, so a greenlet that waited on the
file lock inside SQLite would freeze the whole process while the holder could not run;
write transactions are therefore serialised in-process by a cooperative lock first, and
the busy timeout only ever waits on another process.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 5000

# "IMMEDIATE" unless a read-only HTTP request says otherwise (see read_only_transactions).
_begin_mode: contextvars.ContextVar[str] = contextvars.ContextVar("sqlite_begin", default="IMMEDIATE")
_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


@contextmanager
def read_only_transactions() -> Iterator[None]:
    """Within this block, SQLite transactions begin DEFERRED and take no write lock."""
    token = _begin_mode.set("DEFERRED")
    try:
        yield
    finally:
        _begin_mode.reset(token)


def begin_deferred() -> contextvars.Token[str]:
    return _begin_mode.set("DEFERRED")


def end_deferred(token: contextvars.Token[str]) -> None:
    _begin_mode.reset(token)


def _lock_for(url: str) -> threading.Lock:
    # threading.Lock is cooperative once gevent has monkey-patched the process.
    with _write_locks_guard:
        return _write_locks.setdefault(url, threading.Lock())


def configure_engine(engine: Engine) -> None:
    """Install the per-dialect connection settings on an engine (idempotent)."""
    if engine.dialect.name != "sqlite" or getattr(engine, "_signage_configured", False):
        return
    engine._signage_configured = True  # type: ignore[attr-defined]
    lock = _lock_for(str(engine.url))
    in_memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        mode = _begin_mode.get()
        if mode == "IMMEDIATE":
            lock.acquire()
            conn.info["signage_write_lock"] = True
        try:
            conn.exec_driver_sql(f"BEGIN {mode}")
        except BaseException:
            _release(conn)
            raise

    def _release(conn) -> None:
        if conn.info.pop("signage_write_lock", False):
            lock.release()

    # The release happens just before the COMMIT/ROLLBACK runs; gevent switches only on
    # I/O, and SQLite's commit never yields, so no other greenlet can begin in between. The
    # batched writers' native thread (offload.in_writer_thread) takes the same lock: a
    # greenlet waiting for it waits cooperatively, and one that begins between that thread's
    # release and its COMMIT waits in SQLite's busy handler only for that COMMIT.
    @event.listens_for(engine, "commit")
    def _on_commit(conn) -> None:
        _release(conn)

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn) -> None:
        _release(conn)
