"""Run a blocking, CPU-bound call on a native thread when the process runs under gevent.

Under gevent every greenlet (each screen's socket, each request) shares one OS thread: a
~100 ms password hash there stalls them all. Calls that release the GIL (hashlib's scrypt,
zlib, Pillow's decoders) run in a small pool of native threads instead, and the calling
greenlet waits cooperatively. The pool leaves a core to the event loop: twenty sign-ins at
once then queue for the hash, instead of twenty threads starving the loop of CPU.

The batched writers (monitoring.flusher) run their transactions on a native thread of their
own (`in_writer_thread`): a flush is 5-20 ms of SQLAlchemy under load, and on the loop each
one stopped every socket for that long. Beside the loop, the interpreter hands the loop the
GIL back every few milliseconds. One thread: the writes stay in one file, in order, and never
wait on a password hash or a thumbnail. What runs there touches the database only; events
are emitted back on the loop (Socket.IO's queues are not thread-safe).

Without gevent (tests, `flask run`, RQ workers) the calls run inline.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_pool: Any = None
_writer: Any = None
_pool_guard = threading.Lock()


def pool_size() -> int:
    return max(1, (os.cpu_count() or 2) - 1)


def under_gevent() -> bool:
    if "gevent" not in sys.modules:
        return False
    from gevent import monkey

    return bool(monkey.is_module_patched("threading"))


def _cpu_pool() -> Any:
    global _pool
    with _pool_guard:
        if _pool is None:
            from gevent.threadpool import ThreadPool

            _pool = ThreadPool(pool_size())
        return _pool


def in_thread(func: Callable[..., T], *args: Any) -> T:
    """`func(*args)`, on a native thread under gevent; its exceptions propagate."""
    if not under_gevent():
        return func(*args)
    return _cpu_pool().apply(func, args)


def _writer_thread() -> Any:
    global _writer
    with _pool_guard:
        if _writer is None:
            from gevent.threadpool import ThreadPool

            _writer = ThreadPool(1)
        return _writer


def in_writer_thread(func: Callable[..., T], *args: Any) -> T:
    """`func(*args)` on the batched writers' native thread under gevent; its exceptions
    propagate. `func` must not emit or touch greenlet-only objects: only the database."""
    if not under_gevent():
        return func(*args)
    return _writer_thread().apply(func, args)
