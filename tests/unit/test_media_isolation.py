"""The child process that runs media processing steps: results, refusals, deaths, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from signage.media import isolation
from signage.media.processing import ProcessingError
from tests import isolation_targets as targets
from tests.gevent_support import run_under_gevent


def test_the_result_comes_back_and_files_are_shared(tmp_path: Path) -> None:
    assert isolation.run(targets.add, 2, 3) == 5
    out = tmp_path / "out.txt"
    assert isolation.run(targets.write_beside, out) == str(out)
    assert out.read_text() == "from the child"


def test_a_processing_error_keeps_its_message() -> None:
    with pytest.raises(ProcessingError, match="^This PDF is encrypted.$"):
        isolation.run(targets.refuse, "This PDF is encrypted.")


def test_any_other_exception_becomes_a_processing_error() -> None:
    with pytest.raises(ProcessingError, match="Processing failed: 'no such page'"):
        isolation.run(targets.crash)


def test_an_overrun_is_killed_with_the_reason() -> None:
    with pytest.raises(ProcessingError, match="took longer than 0.5 s and was stopped"):
        isolation.run(targets.sleep, 30, timeout=0.5)


def test_a_killed_child_is_reported() -> None:
    with pytest.raises(ProcessingError, match=r"die was killed \(SIGKILL\)"):
        isolation.run(targets.die)


def test_the_memory_limit_stops_a_bomb_in_the_child() -> None:
    with pytest.raises(ProcessingError, match="more memory"):
        isolation.run(targets.exhaust_memory, memory_bytes=256 * 1024**2)


def test_the_event_loop_keeps_running_while_a_child_computes() -> None:
    # Under gevent (as in the web process), a greenlet ticking every 10 ms must keep ticking
    # while a 1 s CPU-bound step runs; in-process, it would not tick once.
    out = run_under_gevent(
        """
        import gevent
        from signage.media import isolation
        from tests import isolation_targets as targets
        ticks = []
        def tick():
            while True:
                ticks.append(1); gevent.sleep(0.01)
        ticker = gevent.spawn(tick)
        gevent.sleep(0.05)
        before = len(ticks)
        isolation.run(targets.spin, 1.0)
        during = len(ticks) - before
        inline_before = len(ticks)
        targets.spin(0.3)
        inline = len(ticks) - inline_before
        print(during, inline)
        """
    )
    during, inline = map(int, out.split())
    assert inline == 0  # the control: CPU work in-process starves the loop
    assert during >= 10  # counted, not timed: a loaded machine slows the ticks, never stops them
