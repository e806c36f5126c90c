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
    # the control (the same checks straight on the loop) does not let it tick once. Counting
    # ticks, not timing them: a loaded machine slows both, it cannot make the control tick.
    out = run_under_gevent(
        """
        import gevent
        from werkzeug.security import check_password_hash
        from signage.auth.passwords import hash_password, verify_password
        stored = hash_password("secret-password")
        ticks = []
        def tick():
            while True:
                ticks.append(1); gevent.sleep(0.01)
        ticker = gevent.spawn(tick)
        gevent.sleep(0.05)
        before = len(ticks)
        gevent.joinall([gevent.spawn(verify_password, stored, "guess") for _ in range(20)])
        offloaded = len(ticks) - before
        before = len(ticks)
        for _ in range(5):
            check_password_hash(stored, "guess")
        inline = len(ticks) - before
        print(offloaded, inline)
        """
    )
    offloaded, inline = map(int, out.split())
    assert inline == 0
    assert offloaded >= 10  # twenty hashes take well over 100 ms: the loop ran all along
