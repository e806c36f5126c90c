"""Password hashing leaves the event loop free under gevent, and works the same without it."""

from __future__ import annotations

import pytest

from signage.auth.passwords import hash_password, verify_password
from signage.offload import in_thread, under_gevent
from tests.gevent_support import run_under_gevent


def test_without_gevent_calls_run_inline_and_raise() -> None:
    assert not under_gevent()
    assert in_thread(pow, 2, 10) == 1024
    with pytest.raises(ZeroDivisionError):
        in_thread(divmod, 1, 0)


def test_hashes_still_verify() -> None:
    stored = hash_password("correct horse")
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "wrong horse")
    assert not verify_password(None, "anything")


def test_twenty_logins_do_not_stall_the_loop() -> None:
    # A greenlet ticking every 10 ms keeps ticking while 20 password checks run under gevent;
    # the control (the same checks straight on the loop) shows what it would otherwise be.
    out = run_under_gevent(
        """
        import gevent, time
        from werkzeug.security import check_password_hash
        from signage.auth.passwords import hash_password, verify_password
        stored = hash_password("secret-password")
        gaps, last = [], [time.monotonic()]
        def tick():
            while True:
                gevent.sleep(0.01)
                now = time.monotonic(); gaps.append(now - last[0]); last[0] = now
        ticker = gevent.spawn(tick)
        gevent.sleep(0.05)
        gevent.joinall([gevent.spawn(verify_password, stored, "guess") for _ in range(20)])
        offloaded = max(gaps)
        gaps.clear(); gevent.sleep(0.05); gaps.clear(); last[0] = time.monotonic()
        for _ in range(5):
            check_password_hash(stored, "guess")
        gevent.sleep(0.05)
        inline = max(gaps)
        print(offloaded, inline)
        """
    )
    offloaded, inline = map(float, out.split())
    # Inline, the loop stops for five hashes at once; offloaded, never for one hash's length.
    assert inline > 4 * offloaded, (offloaded, inline)
