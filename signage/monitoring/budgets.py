"""Per-screen budgets for what players send (issue 14; the rules in budget_rules).

Checked in memory where each message arrives (socket handlers, the REST fallback): no database
on the way. Drops are counted in memory too, and a writer adds them to the screens' rows (their
`dropped_messages` and `over_budget_at`) every FLUSH_SECONDS, in one transaction on the batched
writers' native thread (`Flusher.write`), then tells the console from the loop
(`admin:screen_status`, with the screen's flag). The buckets are per process: behind
several processes a screen's sockets all live in one of them (sticky sessions).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import update

from signage.extensions import db, per_app
from signage.models import Screen
from signage.monitoring.announce import commit_status, screen_states, tell_console
from signage.monitoring.budget_rules import BUDGETS, Bucket, idle, take
from signage.monitoring.flusher import Flusher

log = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0
EXTENSION_KEY = "signage.budgets"
# Every this many checks, buckets back to full are forgotten (bounded memory for any fleet).
PRUNE_EVERY = 50_000


class Budgets(Flusher):
    """The buckets, checked on the loop; the drops, written every `interval` by a Flusher."""

    thread_name = "signage-budgets"

    def __init__(self, app: Flask, interval: float = FLUSH_SECONDS) -> None:
        super().__init__(app, interval)
        self._buckets: dict[tuple[int, str, str], Bucket] = {}
        self._drops: dict[int, Counter[str]] = {}
        self._checks = 0
        self.dropped = 0

    def allow(self, screen_id: int, kind: str, token: str = "", now: float | None = None) -> bool:
        """Whether this message of the screen fits its budget; counted as dropped when not.
        `token` (the digest of the player's token) gives a re-activated screen fresh buckets."""
        now = time.monotonic() if now is None else now
        key = (screen_id, token, kind)
        budget = BUDGETS[kind]
        bucket, ok = take(self._buckets.get(key), budget, now)
        self._buckets[key] = bucket
        self._checks += 1
        if self._checks % PRUNE_EVERY == 0:
            self._prune(now)
        if not ok:
            self._drops.setdefault(screen_id, Counter())[kind] += 1
            self.dropped += 1
            self.ensure_running()
        return ok

    def _prune(self, now: float) -> None:
        for key, bucket in list(self._buckets.items()):
            if idle(bucket, BUDGETS[key[2]], now):
                del self._buckets[key]

    def flush(self) -> int:
        """Add the drops counted so far to the screens' rows; how many screens were flagged."""
        drops, self._drops = self._drops, {}
        if not drops:
            return 0
        payloads = self.write(_record_drops, drops, datetime.now(UTC))
        tell_console(payloads)  # back on the event loop: Socket.IO's queues are not thread-safe
        return len(payloads)


def _record_drops(drops: dict[int, Counter[str]], now: datetime) -> list[dict[str, Any]]:
    for screen_id, kinds in sorted(drops.items()):  # the writers' lock order (presence)
        log.warning("screen %s over its budget, dropped: %s", screen_id, dict(kinds))
        db.session.execute(
            update(Screen)
            .where(Screen.id == screen_id)
            .values(dropped_messages=Screen.dropped_messages + sum(kinds.values()), over_budget_at=now)
            .execution_options(synchronize_session=False)
        )
    return commit_status(screen_states(drops))


def budgets(app: Flask | None = None) -> Budgets:
    return per_app(EXTENSION_KEY, Budgets, app)


def within_budget(screen_id: int, kind: str, token: str | None = None) -> bool:
    """The check every handler of a player's message makes first."""
    return budgets().allow(screen_id, kind, token or "")
