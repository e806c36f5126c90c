"""Token buckets per screen and kind of message (issue 14)."""

from __future__ import annotations

import pytest

from signage.monitoring.budget_rules import BUDGETS, HEARTBEAT, Bucket, Budget, idle, take


def run(budget: Budget, times: list[float]) -> list[bool]:
    bucket: Bucket | None = None
    passed = []
    for now in times:
        bucket, ok = take(bucket, budget, now)
        passed.append(ok)
    return passed


def test_a_burst_passes_then_the_rate() -> None:
    budget = Budget(per_second=1.0, burst=3)
    assert run(budget, [0, 0, 0, 0, 0]) == [True, True, True, False, False]
    # One token back each second, never more than the burst.
    assert run(budget, [0, 0, 0, 0.5, 1.0, 1.2, 2.0]) == [True, True, True, False, True, False, True]
    assert run(budget, [0, 100, 100, 100, 100]) == [True, True, True, True, False]


def test_a_flood_is_cut_to_the_rate() -> None:
    budget = BUDGETS[HEARTBEAT]
    times = [i / 1000 for i in range(10_000)]  # 1,000 a second for 10 s
    passed = sum(run(budget, times))
    assert passed == pytest.approx(budget.burst + 10 * budget.per_second, abs=1)


def test_a_healthy_player_never_meets_its_budgets() -> None:
    # Heartbeats every 30 s, after a reconnect one at once; plays every 5 s; an outbox of 20
    # batches after an outage.
    assert all(run(BUDGETS[HEARTBEAT], [0, 0.1, 0.2, *range(30, 3600, 30)]))
    assert all(run(BUDGETS["proofOfPlay"], [0.01 * i for i in range(20)] + list(range(5, 3600, 5))))


def test_a_clock_going_back_gives_nothing() -> None:
    budget = Budget(per_second=1.0, burst=1)
    bucket, ok = take(None, budget, 10.0)
    assert ok
    bucket, ok = take(bucket, budget, 5.0)
    assert not ok


def test_idle_buckets_can_be_forgotten() -> None:
    budget = Budget(per_second=1.0, burst=2)
    bucket, _ = take(None, budget, 0.0)
    assert not idle(bucket, budget, 0.5) and idle(bucket, budget, 1.0)
