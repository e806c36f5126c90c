"""The calendar's blocks: where each schedule's windows sit on the site's wall clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from signage.scheduling.calendar import blocks_of, clock, pieces_of
from signage.scheduling.windows import ScheduleRule

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 3, 23)  # the week Paris springs forward (Sunday 29 March)


def test_a_weekday_window_is_one_block_per_matching_day() -> None:
    rule = ScheduleRule(1, 10, start_time=time(8), end_time=time(12), days_of_week=frozenset({1, 3}))
    blocks = blocks_of([rule], PARIS, MONDAY, 7)
    assert [(b.day.isoformat(), b.start_minute, b.end_minute) for b in blocks] == [
        ("2026-03-23", 480, 720),
        ("2026-03-25", 480, 720),
    ]
    assert all(b.starts_here and b.ends_here and b.plays for b in blocks)


def test_a_window_past_midnight_is_cut_at_the_local_midnight() -> None:
    rule = ScheduleRule(1, 10, start_time=time(22), end_time=time(2), days_of_week=frozenset({1}))
    first, second = blocks_of([rule], PARIS, MONDAY, 7)
    assert (first.day, first.start_minute, first.end_minute, first.ends_here) == (MONDAY, 1320, 1440, False)
    assert (second.day, second.start_minute, second.end_minute, second.starts_here) == (
        date(2026, 3, 24),
        0,
        120,
        False,
    )


def test_the_spring_forward_day_keeps_wall_clock_minutes() -> None:
    rule = ScheduleRule(1, 10, start_time=time(1), end_time=time(4), days_of_week=frozenset({0}))
    (block,) = blocks_of([rule], PARIS, MONDAY, 7)
    assert (block.day, block.start_minute, block.end_minute) == (date(2026, 3, 29), 60, 240)


def test_a_one_shot_over_two_days_and_an_overridden_schedule() -> None:
    shot = ScheduleRule(
        1, 10, priority=90, is_recurring=False, start_date=MONDAY, start_time=time(18),
        end_date=date(2026, 3, 24), end_time=time(9),
    )  # fmt: skip
    low = ScheduleRule(
        2, 11, priority=10, start_time=time(19), end_time=time(20), days_of_week=frozenset({1})
    )
    blocks = blocks_of([shot, low], PARIS, MONDAY, 1)
    assert [(b.rule.id, b.start_minute, b.end_minute, b.plays) for b in blocks] == [
        (1, 1080, 1440, True),
        (2, 1140, 1200, False),  # under the higher priority all along
    ]


def test_days_are_bounded_and_clock_reads_24_00() -> None:
    rule = ScheduleRule(1, 10)
    assert len(blocks_of([rule], PARIS, MONDAY, 99)) == 7
    assert len(blocks_of([rule], PARIS, MONDAY, 0)) == 1
    assert clock(1440) == "24:00" and clock(485) == "08:05"


def test_a_window_open_on_one_side_is_cut_into_days() -> None:
    start = datetime(2026, 3, 27, 21, 30, tzinfo=UTC)  # Friday 22:30 in Paris
    pieces = pieces_of(start, None, PARIS, MONDAY, 7)
    assert [(p.day.isoformat(), p.start_minute, p.end_minute) for p in pieces] == [
        ("2026-03-27", 1350, 1440),
        ("2026-03-28", 0, 1440),
        ("2026-03-29", 0, 1440),
    ]
    assert pieces[0].starts_here and not pieces[-1].ends_here
    assert pieces_of(None, start, PARIS, MONDAY, 1)[0].start_minute == 0


def test_a_switched_off_schedule_is_drawn_but_never_plays_nor_overrides() -> None:
    high = ScheduleRule(
        1, 10, priority=90, start_time=time(19), end_time=time(20), days_of_week=frozenset({1})
    )
    low = ScheduleRule(
        2, 11, priority=10, start_time=time(18), end_time=time(21), days_of_week=frozenset({1})
    )
    blocks = blocks_of([low], PARIS, MONDAY, 1, disabled=[high])
    assert [(b.rule.id, b.start_minute, b.end_minute, b.plays, b.enabled) for b in blocks] == [
        (2, 1080, 1260, True, True),  # plays all along: the switched-off one overrides nothing
        (1, 1140, 1200, False, False),
    ]
