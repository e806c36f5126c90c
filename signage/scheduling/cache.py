"""The player's `/schedule` answer, kept per screen in the process (issue 14).

Players poll their schedule often and it almost never changes, yet resolving it reads the
screen, its site, its schedules, its playlists' versions and its alerts. Each process keeps the
last answer per screen with what it takes to trust it again without the database:

- a *generation*: a counter bumped after every commit that changes anything an answer is made
  of (schedules, playlists and their versions, alerts, groups, sites, a screen's site, group or
  token). A SQLAlchemy listener sees those commits, whoever makes them (a console request, a
  job, a data-source refresh, a media job bumping versions). With REDIS_URL the counter lives in
  Redis as well, so a commit in one process (or an RQ worker) invalidates every process's
  answers: each bump is published, and a listener in every serving process keeps the latest
  value, so a lookup reads no Redis (a GET per poll was a round trip, hence a wait for the
  busy event loop, on every request). Another process's change reaches this one's answers as
  fast as Redis delivers the message (well under a millisecond on a LAN). Without Redis there
  is one process, and the in-process counter is the whole truth.
- a *horizon*: the first instant at which the answer would change with time alone (a schedule
  window starting or ending, an alert's start or end, the window of upcoming segments moving at
  UTC midnight); past it the answer is resolved again.
- the digest of the screen's token, so a hit authenticates the player without a read: a token
  whose SHA-256 is the one stored for the screen is the screen's current token.

While the listener is not subscribed (starting, Redis unreachable) → no hit and nothing stored:
the database answers as before. A bump that could not reach Redis is owed and paid at the next
contact (the next bump, or the listener's next subscription); MAX_AGE bounds
what a change made by a process without the listener (a SQL console, a script outside the app)
can leave stale.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.attributes import get_history

from signage.extensions import per_app
from signage.models import Alert, Playlist, Schedule, Screen, ScreenGroup, Site

log = logging.getLogger(__name__)

EXTENSION_KEY = "signage.schedule_cache"
REDIS_KEY = "signage:schedule-generation"
CHANNEL = REDIS_KEY  # where each bump's new value is published (a name of its own in Redis)
MAX_AGE = timedelta(minutes=5)
# Beyond this many screens the process starts again from empty rather than grow without bound.
MAX_ENTRIES = 50_000
_FLAG = "signage.schedule_changed"

# Every change of these rows may change some screen's answer.
_ANY_CHANGE: tuple[type, ...] = (Schedule, Playlist, Alert, ScreenGroup, Site)
# A screen's own columns that go into its answer (or its authentication); heartbeats and
# presence write the others many times a second and must not invalidate anything.
SCREEN_COLUMNS = frozenset({"site_id", "group_id", "player_jwt_hash", "player_jwt_blacklisted"})


# One round trip, and the values are published in the order INCR gave them.
_BUMP_SCRIPT = "local v = redis.call('INCR', KEYS[1]) redis.call('PUBLISH', ARGV[1], v) return v"
LISTEN_RETRY_SECONDS = 1.0


class Generation:
    """The counter: in-process, plus Redis's when there is one (see the module's text)."""

    def __init__(self, redis_url: str | None) -> None:
        self.local = 0
        self._redis_url = redis_url
        self._redis: Any = None
        self._owed = False
        self._shared: int | None = None  # the listener's latest value; None: not subscribed
        self._guard = threading.Lock()
        self._listener: threading.Thread | None = None

    def _client(self) -> Any:
        if self._redis is None:
            from redis import Redis

            self._redis = Redis.from_url(self._redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        return self._redis

    def current(self) -> tuple[int, int] | None:
        """(local, shared), or None while the shared counter is not known (no listener yet,
        Redis unreachable). Never waits on Redis: the first call starts the listener."""
        if self._redis_url is None:
            return (self.local, 0)
        if self._listener is None:
            self._start_listener()
        shared = self._shared
        return None if shared is None else (self.local, shared)

    def bump(self) -> None:
        with self._guard:
            self.local += 1
        if self._redis_url is None:
            return
        try:
            self._publish_bump()
        except Exception as exc:
            self._owed = True
            log.warning("schedule cache: could not tell other processes of a change (%s)", exc)

    def _publish_bump(self) -> None:
        self._client().eval(_BUMP_SCRIPT, 1, REDIS_KEY, CHANNEL)
        self._owed = False

    def _start_listener(self) -> None:
        with self._guard:
            if self._listener is None:
                self._listener = threading.Thread(
                    target=self._listen, name="signage-schedule-generation", daemon=True
                )
                self._listener.start()

    def _listen(self) -> None:
        """Subscribe, then read the counter (a bump in between is in both: no gap), then keep
        each published value; on any failure forget the value and subscribe again."""
        from redis import Redis

        # health_check_interval: a silent, dead connection is noticed within seconds.
        listener = Redis.from_url(
            self._redis_url, socket_connect_timeout=0.5, socket_timeout=5, health_check_interval=2
        )
        logged = False
        while True:
            pubsub = None
            try:
                pubsub = listener.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                if self._owed:
                    self._publish_bump()
                with self._guard:
                    # Bumps may have been missed while unsubscribed (Redis may even have
                    # restarted, its counter with it): no answer kept until now is trusted.
                    self.local += 1
                self._shared = int(listener.get(REDIS_KEY) or 0)
                if logged:
                    log.warning("schedule cache: listening to Redis again")
                    logged = False
                while True:
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None and message.get("type") == "message":
                        self._shared = int(message["data"])
            except Exception as exc:
                self._shared = None
                if not logged:
                    log.warning(
                        "schedule cache: not listening to Redis (%s); answering without the cache", exc
                    )
                    logged = True
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:
                        pass
                time.sleep(LISTEN_RETRY_SECONDS)


@dataclass(frozen=True, slots=True)  # one per screen: no __dict__ each
class Entry:
    screen_id: int
    generation: tuple[int, int]
    valid_until: datetime
    jwt_hash: str
    body: bytes  # the JSON object without screenId and serverTime
    etag: str


class ScheduleCache:
    def __init__(self, redis_url: str | None) -> None:
        self.generation = Generation(redis_url)
        self._entries: dict[int, Entry] = {}
        # One copy of each distinct answer (by its ETag): the screens of a group in one site
        # get the same one, and a kilobyte or two each was a good part of what a player cost
        # the process. Answers no entry uses any more are let go when they outnumber the rest.
        self._shared: dict[str, tuple[str, bytes]] = {}
        self.hits = 0
        self.misses = 0

    def lookup(self, screen_id: int, token: str, now: datetime) -> Entry | None:
        """The stored answer when it is still true and `token` is the screen's current one."""
        entry = self._entries.get(screen_id)
        if entry is None or now >= entry.valid_until:
            self.misses += 1
            return None
        if entry.generation != self.generation.current():
            self.misses += 1
            return None
        if hashlib.sha256(token.encode()).hexdigest() != entry.jwt_hash:
            return None  # let the database decide (revoked, replaced, another screen's)
        self.hits += 1
        return entry

    def store(
        self,
        screen_id: int,
        generation: tuple[int, int],
        valid_until: datetime,
        jwt_hash: str,
        body: dict[str, Any],
    ) -> Entry:
        """Keep an answer resolved from reads made after `generation` was read."""
        encoded = json.dumps(body, separators=(",", ":")).encode()
        etag = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[
            :32
        ]
        etag, encoded = self._shared.setdefault(etag, (etag, encoded))
        entry = Entry(screen_id, generation, valid_until, jwt_hash, encoded, etag)
        if len(self._entries) >= MAX_ENTRIES:
            self.clear()
        self._entries[screen_id] = entry
        if len(self._shared) > 2 * len(self._entries) + 64:
            self._shared = {kept.etag: (kept.etag, kept.body) for kept in self._entries.values()}
        return entry

    def answers(self) -> int:
        """How many distinct answers the process holds."""
        return len(self._shared)

    def clear(self) -> None:
        self._entries.clear()
        self._shared.clear()


def schedule_cache(app: Flask | None = None) -> ScheduleCache:
    return per_app(EXTENSION_KEY, lambda app: ScheduleCache(app.config["SIGNAGE"].redis_url), app)


def _screen_changed(screen: Screen) -> bool:
    # Only these columns' histories: `inspect(screen).attrs` would build a state object for
    # every column of every screen a heartbeat flush touches, garbage for the collector.
    return any(get_history(screen, name).has_changes() for name in SCREEN_COLUMNS)


def _after_flush(session: Session, _context: Any) -> None:
    if session.info.get(_FLAG):
        return
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, (*_ANY_CHANGE, Screen)):
            session.info[_FLAG] = True
            return
    for obj in session.dirty:
        if isinstance(obj, _ANY_CHANGE) or (isinstance(obj, Screen) and _screen_changed(obj)):
            session.info[_FLAG] = True
            return


def _statement_columns(statement: Any) -> set[str] | None:
    """The columns an UPDATE sets, or None when they cannot be told."""
    values = getattr(statement, "_values", None)
    if not values:
        return None
    names = set()
    for key in values:
        name = getattr(key, "key", None) or (key if isinstance(key, str) else None)
        if name is None:
            return None
        names.add(name)
    return names


def _on_execute(state: ORMExecuteState) -> None:
    """Bulk UPDATE / DELETE / INSERT through the session (e.g. a playlist version bump)."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    cls = mapper.class_ if mapper is not None else None
    if cls is None:
        return
    if issubclass(cls, _ANY_CHANGE):
        state.session.info[_FLAG] = True
    elif issubclass(cls, Screen):
        columns = _statement_columns(state.statement) if state.is_update else None
        if columns is None or columns & SCREEN_COLUMNS:
            state.session.info[_FLAG] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(_FLAG, False) and has_app_context():
        schedule_cache().generation.bump()


def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)


def install(session_class: type[Session], app: Flask) -> None:
    """Listen on the app's session class (idempotent) and give the app its cache."""
    schedule_cache(app)
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "do_orm_execute", _on_execute)
        event.listen(session_class, "after_commit", _after_commit)
        event.listen(session_class, "after_rollback", _after_rollback)
