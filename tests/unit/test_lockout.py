from datetime import UTC, datetime, timedelta

from signage.auth.lockout import ADDRESS_MAX_FAILURES, MAX_FAILURES, WINDOW, retry_after

NOW = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def minutes_ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_fewer_than_five_failures_never_lock() -> None:
    assert retry_after(minutes_ago(1, 2, 3, 4), NOW) is None
    assert retry_after([], NOW) is None


def test_five_failures_in_the_window_lock_until_the_oldest_leaves_it() -> None:
    wait = retry_after(minutes_ago(10, 8, 6, 4, 2), NOW)
    assert wait == 5 * 60  # the failure 10 minutes ago leaves the 15-minute window in 5


def test_old_failures_do_not_count() -> None:
    assert retry_after(minutes_ago(16, 20, 1, 2, 3), NOW) is None
    assert retry_after(minutes_ago(15, 1, 2, 3, 4), NOW) is None  # exactly 15 min: out


def test_many_failures_lock_until_the_fifth_most_recent_leaves() -> None:
    wait = retry_after(minutes_ago(14, 12, 9, 7, 5, 3), NOW)
    assert wait == int((WINDOW - timedelta(minutes=12)).total_seconds())
    assert MAX_FAILURES == 5


def test_wait_is_at_least_one_second() -> None:
    times = [NOW - WINDOW + timedelta(milliseconds=1)] + minutes_ago(1, 1, 1, 1)
    assert retry_after(times, NOW) == 1


def test_the_limit_is_a_parameter_for_the_per_address_rule() -> None:
    times = minutes_ago(*range(1, 6))
    assert retry_after(times, NOW, limit=ADDRESS_MAX_FAILURES) is None
    many = minutes_ago(*[m / 3 for m in range(1, ADDRESS_MAX_FAILURES + 1)])
    assert retry_after(many, NOW, limit=ADDRESS_MAX_FAILURES) == 5 * 60  # the oldest is 10 min old
