"""Run a blocking, CPU-bound call on a native thread when the process runs under gevent.

Under gevent every greenlet (each screen's socket, each request) shares one OS thread: a
~100 ms password hash there stalls them all. Calls that release the GIL (hashlib's scrypt,
zlib, Pillow's decoders) run in a small pool of native threads instead, and the calling
greenlet waits cooperatively. The pool leaves a core to the event loop: twenty sign-ins at
once then queue for the hash, instead of twenty threads starving the loop of CPU. Without
gevent (tests, `flask run`, RQ workers) the call runs inline.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_pool: Any = None
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
