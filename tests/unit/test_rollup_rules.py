from __future__ import annotations

from datetime import UTC, date, datetime

from signage.monitoring.rollup_rules import day_bounds, days_to_compute, elapsed_seconds, local_day, percent


def test_a_paris_day_in_utc_across_both_dst_changes() -> None:
    assert day_bounds(date(2026, 1, 15), "Europe/Paris") == (
        datetime(2026, 1, 14, 23, 0, tzinfo=UTC),
        datetime(2026, 1, 15, 23, 0, tzinfo=UTC),
    )
    spring_start, spring_end = day_bounds(date(2026, 3, 29), "Europe/Paris")
    assert (spring_end - spring_start).total_seconds() == 23 * 3600
    autumn_start, autumn_end = day_bounds(date(2026, 10, 25), "Europe/Paris")
    assert (autumn_end - autumn_start).total_seconds() == 25 * 3600
    assert autumn_start == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)


def test_local_days_follow_the_sites_zone() -> None:
    moment = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
    assert local_day(moment, "Europe/Paris") == date(2026, 3, 1)
    assert local_day(moment, "America/Montreal") == date(2026, 2, 28)
    assert days_to_compute(moment, "Europe/Paris", back=3) == [
        date(2026, 2, 27),
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]


def test_elapsed_time_of_today_and_of_a_finished_day() -> None:
    moment = datetime(2026, 3, 29, 10, 0, tzinfo=UTC)  # noon in Paris on the 23-hour day
    assert elapsed_seconds(date(2026, 3, 29), "Europe/Paris", moment) == 11 * 3600
    assert elapsed_seconds(date(2026, 3, 28), "Europe/Paris", moment) == 24 * 3600
    assert elapsed_seconds(date(2026, 3, 30), "Europe/Paris", moment) == 0
    assert percent(1800, 3600) == 50.0 and percent(5, 0) == 0.0 and percent(10, 5) == 100.0
