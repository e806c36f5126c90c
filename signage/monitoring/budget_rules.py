"""How much a screen may send (issue 14): a token bucket per screen and kind of message.

A player beats every 30 s, reports a play every few seconds (its outbox, after an outage, a
few batches of up to 1000), an error now and then, a screenshot when asked. A player token
that sends far more is broken or hostile: what exceeds its budget is dropped and counted, and
the screen is flagged. Pure: standard library only; the caller keeps the buckets and the clock.
"""

from __future__ import annotations

from dataclasses import dataclass

HEARTBEAT = "heartbeat"
PROOF_OF_PLAY = "proofOfPlay"
ERROR = "error"
SCREENSHOT = "screenshot"


@dataclass(frozen=True)
class Budget:
    """`burst` messages at once, then one every 1/`per_second` seconds."""

    per_second: float
    burst: float


# Generous against what a healthy player sends, so only a flood ever meets them: heartbeats
# ten times their pace (a reconnect sends one at once), plays one message a second with room
# for an outbox flushed after an outage, errors one every two seconds,
# screenshots (up to 7 MiB each) one every two seconds.
BUDGETS: dict[str, Budget] = {
    HEARTBEAT: Budget(per_second=1 / 3, burst=10),
    PROOF_OF_PLAY: Budget(per_second=1.0, burst=30),
    ERROR: Budget(per_second=0.5, burst=20),
    # Screenshots answer the console's requests (a person clicking, an automatic interval).
    SCREENSHOT: Budget(per_second=0.5, burst=20),
}


@dataclass(frozen=True, slots=True)  # one per screen and kind: no __dict__ each
class Bucket:
    tokens: float
    at: float  # the monotonic second `tokens` was counted at


def take(bucket: Bucket | None, budget: Budget, now: float) -> tuple[Bucket, bool]:
    """Spend one token if there is one: the bucket after, and whether the message may pass.
    A new bucket starts full; tokens come back at `per_second` up to `burst`."""
    if bucket is None:
        tokens = budget.burst
    else:
        elapsed = max(0.0, now - bucket.at)
        tokens = min(budget.burst, bucket.tokens + elapsed * budget.per_second)
    if tokens >= 1.0:
        return Bucket(tokens - 1.0, now), True
    return Bucket(tokens, now), False


def idle(bucket: Bucket, budget: Budget, now: float) -> bool:
    """A bucket back to full: it holds nothing worth keeping (the caller may forget it)."""
    return bucket.tokens + max(0.0, now - bucket.at) * budget.per_second >= budget.burst
