"""Rate limits: a token bucket against floods, a minimum interval between drastic actions.

Time is passed in (`now`), so the rules are tested without sleeping.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


class TokenBucket:
    """`rate` requests per second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._tokens = float(burst)
        self._at: float | None = None
        self._lock = threading.Lock()

    def take(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            if self._at is not None:
                self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False


class MinimumInterval:
    """At most one action per `seconds`; optionally remembered in a file across restarts.

    A reboot must be remembered across the reboot itself (wall-clock time in `stamp`), or a
    server that keeps sending REBOOT would keep the screen in a boot loop.
    """

    def __init__(self, seconds: float, stamp: str | os.PathLike[str] | None = None) -> None:
        self.seconds = seconds
        self._stamp = Path(stamp) if stamp else None
        self._last: float | None = self._read()
        self._lock = threading.Lock()

    def _read(self) -> float | None:
        if self._stamp is None:
            return None
        try:
            return float(self._stamp.read_text().strip())
        except (OSError, ValueError):
            return None

    def retry_after(self, now: float | None = None) -> float:
        """Seconds to wait before the next action is allowed (0: allowed now)."""
        now = time.time() if now is None else now
        if self._last is None:
            return 0.0
        if now < self._last:  # the clock went back: count from now
            return self.seconds
        return max(0.0, self._last + self.seconds - now)

    def claim(self, now: float | None = None) -> float:
        """Take the slot if free: 0.0 when taken, else the seconds left."""
        now = time.time() if now is None else now
        with self._lock:
            wait = self.retry_after(now)
            if wait > 0:
                return wait
            self._last = now
            if self._stamp is not None:
                try:
                    self._stamp.parent.mkdir(parents=True, exist_ok=True)
                    self._stamp.write_text(f"{now:.3f}\n")
                except OSError:
                    pass  # memory still limits this run; the reboot clears it either way
            return 0.0

    def release(self) -> None:
        """The action did not happen (its command failed): do not hold the slot."""
        with self._lock:
            self._last = None
            if self._stamp is not None:
                self._stamp.unlink(missing_ok=True)
