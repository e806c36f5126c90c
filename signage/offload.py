"""Run a blocking, CPU-bound call on a native thread when the process runs under gevent.

Under gevent every greenlet (each screen's socket, each request) shares one OS thread: a
~100 ms password hash there stalls them all. Calls that release the GIL (hashlib's scrypt,
zlib, Pillow's decoders) run in gevent's thread pool instead, and the calling greenlet waits
cooperatively. Without gevent (tests, `flask run`, RQ workers) the call runs inline.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def under_gevent() -> bool:
    if "gevent" not in sys.modules:
        return False
    from gevent import monkey

    return bool(monkey.is_module_patched("threading"))


def in_thread(func: Callable[..., T], *args: Any) -> T:
    """`func(*args)`, on a native thread under gevent; its exceptions propagate."""
    if not under_gevent():
        return func(*args)
    from gevent import get_hub

    return get_hub().threadpool.apply(func, args)
