"""The garbage collector, tuned for one process holding thousands of sockets (issue 14).

With CPython's default thresholds (700, 10, 10) a server with 2,000 players collected its
youngest generation every few hundred microseconds of work, caught each in-flight request's
short-lived cycles (greenlets, request contexts, sessions) still alive, and promoted them until
a full collection was due: one every ten seconds, each walking half a million objects and
stopping every socket of the process for half a second (the p99 of commands, `/schedule` and
alerts). Measured with `bench.fleet` and a gc callback.

Once the app is built, what it built (modules, the app, the URL map, SQLAlchemy's mappers)
lives as long as the process: `gc.freeze()` moves it out of every collection's walk. A young
generation of 50,000 objects lets short-lived cycles die before they are looked at, so far
fewer reach the old generation, and full collections come rarely.

gevent, by default, records with every greenlet it spawns the greenlet that spawned it and
the spawning stack (a dozen frame records): debugging aids, kept as long as the greenlet
lives. Here a greenlet is spawned for every message a player sends, and each connected player
holds three for as long as it stays connected: about 2 KB a player in frame records alone,
and a stack walk per message. Nothing in the process reads them (`track_greenlet_tree`).

The interpreter's switch interval comes down from 5 ms to 1 ms (SWITCH_INTERVAL). The event
loop shares the GIL with the batched writers' thread and the CPU pool (offload.py): while one
of them runs Python, the loop waits for the GIL until the interval expires, so 5 ms went onto
whatever request or message came in then. gevent also bounds each run of ready callbacks by
the same interval before it polls the sockets again (a flush of plays wakes hundreds of
waiting handlers at once). At 5,000 players on SQLite (`bench.fleet`, two runs each), the
`/schedule` p99 of the server's own process went from 10.6 / 9.3 ms to 9.1 / 6.9 ms, for
about one point of CPU.
"""

from __future__ import annotations

import gc
import sys

import gevent

THRESHOLDS = (50_000, 20, 100)
SWITCH_INTERVAL = 0.001  # seconds


def tune_for_serving() -> None:
    """Call once the app is built, before serving (wsgi.py: each worker after its fork)."""
    gevent.config.track_greenlet_tree = False
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL)
