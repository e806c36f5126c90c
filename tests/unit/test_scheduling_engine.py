"""The pure scheduling engine (CONTRACT §7): tables of instants, DST in four timezones,
overnight windows, ties; and properties with hypothesis tying resolve, timeline and explain."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signage.scheduling.field_rules import days_problem, parse_calendar_date, parse_clock
from signage.scheduling.resolution import explain, rank, resolve, timeline
from signage.scheduling.windows import ScheduleRule, is_active, wall_to_utc

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
KOLKATA = ZoneInfo("Asia/Kolkata")
ALL_DAYS = frozenset(range(7))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def rule(
    id: int = 1,
    start: str | None = None,
    end: str | None = None,
    days: frozenset[int] = ALL_DAYS,
    **fields,
) -> ScheduleRule:
    clock = {k: time.fromisoformat(v) if v else None for k, v in (("start_time", start), ("end_time", end))}
    return ScheduleRule(id=id, playlist_id=100 + id, days_of_week=days, **clock, **fields)


def windows_on(r: ScheduleRule, zone: ZoneInfo, day_start: datetime, hours: int = 48):
    return [
        (s.start, s.end)
        for s in timeline([r], zone, day_start, day_start + timedelta(hours=hours))
        if s.winner
    ]


# The spec's example: wall-clock 08:00-18:00 in Paris, in summer and in winter.
@pytest.mark.parametrize(
    ("at", "active"),
    [
        (utc(2026, 7, 1, 5, 59), False),
        (utc(2026, 7, 1, 6, 0), True),
        (utc(2026, 7, 1, 15, 59), True),
        (utc(2026, 7, 1, 16, 0), False),
        (utc(2026, 1, 5, 6, 59), False),
        (utc(2026, 1, 5, 7, 0), True),
        (utc(2026, 1, 5, 16, 59), True),
        (utc(2026, 1, 5, 17, 0), False),
    ],
)
def test_office_hours_in_paris_summer_and_winter(at: datetime, active: bool) -> None:
    assert is_active(rule(start="08:00", end="18:00"), PARIS, at) is active


@pytest.mark.parametrize(
    ("zone", "day", "start", "end", "expected"),
    [
        # Paris, spring forward 2026-03-29 (02:00 -> 03:00): the day is already on summer time.
        (PARIS, date(2026, 3, 29), "08:00", "18:00", (utc(2026, 3, 29, 6), utc(2026, 3, 29, 16))),
        # Opening inside the gap: opens when the clocks jump, 03:00 local.
        (PARIS, date(2026, 3, 29), "02:30", "04:00", (utc(2026, 3, 29, 1), utc(2026, 3, 29, 2))),
        # Closing inside the gap: closes at the jump; one hour of wall time, one real hour.
        (PARIS, date(2026, 3, 29), "01:00", "02:30", (utc(2026, 3, 29, 0), utc(2026, 3, 29, 1))),
        # Paris, fall back 2026-10-25 (03:00 -> 02:00): 02:xx happens twice, the window holds both.
        (PARIS, date(2026, 10, 25), "02:00", "03:00", (utc(2026, 10, 25, 0), utc(2026, 10, 25, 2))),
        (PARIS, date(2026, 10, 25), "08:00", "18:00", (utc(2026, 10, 25, 7), utc(2026, 10, 25, 17))),
        # New York: 2026-03-08 spring forward, 2026-11-01 fall back (01:xx twice; the first counts).
        (NEW_YORK, date(2026, 3, 6), "09:00", "17:00", (utc(2026, 3, 6, 14), utc(2026, 3, 6, 22))),
        (NEW_YORK, date(2026, 3, 9), "09:00", "17:00", (utc(2026, 3, 9, 13), utc(2026, 3, 9, 21))),
        (NEW_YORK, date(2026, 3, 8), "02:30", "05:00", (utc(2026, 3, 8, 7), utc(2026, 3, 8, 9))),
        (NEW_YORK, date(2026, 11, 1), "01:30", "03:00", (utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 8))),
        # Sydney, southern hemisphere: summer in January, DST ends 2026-04-05, starts 2026-10-04.
        (SYDNEY, date(2026, 1, 15), "08:00", "18:00", (utc(2026, 1, 14, 21), utc(2026, 1, 15, 7))),
        (SYDNEY, date(2026, 7, 15), "08:00", "18:00", (utc(2026, 7, 14, 22), utc(2026, 7, 15, 8))),
        (SYDNEY, date(2026, 4, 5), "02:30", "04:00", (utc(2026, 4, 4, 15, 30), utc(2026, 4, 4, 18))),
        (SYDNEY, date(2026, 10, 4), "02:30", "04:00", (utc(2026, 10, 3, 16), utc(2026, 10, 3, 17))),
        # Kolkata: +05:30 all year, no DST.
        (KOLKATA, date(2026, 3, 29), "08:00", "18:00", (utc(2026, 3, 29, 2, 30), utc(2026, 3, 29, 12, 30))),
        (
            KOLKATA,
            date(2026, 10, 25),
            "08:00",
            "18:00",
            (utc(2026, 10, 25, 2, 30), utc(2026, 10, 25, 12, 30)),
        ),
    ],
)
def test_windows_in_utc_on_dst_days(zone, day, start, end, expected) -> None:
    r = rule(start=start, end=end, start_date=day, end_date=day)
    begin = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(days=1)
    assert windows_on(r, zone, begin, 72) == [expected]


def test_a_window_wholly_inside_the_spring_gap_is_empty_that_day() -> None:
    r = rule(start="02:10", end="02:50", start_date=date(2026, 3, 28), end_date=date(2026, 3, 30))
    assert windows_on(r, PARIS, utc(2026, 3, 28), 72) == [
        (utc(2026, 3, 28, 1, 10), utc(2026, 3, 28, 1, 50)),
        (utc(2026, 3, 30, 0, 10), utc(2026, 3, 30, 0, 50)),
    ]


def test_gap_and_repeated_times_never_raise() -> None:
    for zone, day in ((PARIS, date(2026, 3, 29)), (PARIS, date(2026, 10, 25)), (NEW_YORK, date(2026, 3, 8))):
        for minute in range(0, 24 * 60, 15):
            assert wall_to_utc(day, time(minute // 60, minute % 60), zone).tzinfo is UTC


@pytest.mark.parametrize(
    ("saturday", "expected"),
    [
        # 22:00 Saturday to 06:00 Sunday, across spring forward: 7 real hours.
        (date(2026, 3, 28), (utc(2026, 3, 28, 21), utc(2026, 3, 29, 4))),
        # ... and across fall back: 9 real hours.
        (date(2026, 10, 24), (utc(2026, 10, 24, 20), utc(2026, 10, 25, 5))),
    ],
)
def test_overnight_windows_across_a_dst_change(saturday: date, expected) -> None:
    r = rule(start="22:00", end="06:00", days=frozenset({6}))  # Saturdays only
    begin = datetime.combine(saturday, time(0), tzinfo=UTC)
    assert windows_on(r, PARIS, begin, 48) == [expected]


def test_an_overnight_window_belongs_to_the_day_it_starts_on() -> None:
    saturday_night = rule(start="22:00", end="06:00", days=frozenset({6}))
    assert is_active(saturday_night, PARIS, utc(2026, 6, 7, 1))  # Sunday 03:00 local
    assert not is_active(saturday_night, PARIS, utc(2026, 6, 7, 21))  # Sunday 23:00 local
    assert not is_active(saturday_night, PARIS, utc(2026, 6, 5, 1))  # Friday 03:00 local
    # The last date bounds the start: the night that begins on end_date runs to its morning.
    bounded = rule(start="22:00", end="06:00", end_date=date(2026, 6, 6))
    assert is_active(bounded, PARIS, utc(2026, 6, 7, 1))
    assert not is_active(bounded, PARIS, utc(2026, 6, 7, 21))


@pytest.mark.parametrize(
    ("local_day", "weekday"),
    [(date(2026, 6, 7), 0), (date(2026, 6, 8), 1), (date(2026, 6, 13), 6)],
)
def test_days_of_week_count_from_sunday(local_day: date, weekday: int) -> None:
    only = rule(days=frozenset({weekday}))
    noon = datetime.combine(local_day, time(12), tzinfo=PARIS)
    assert is_active(only, PARIS, noon)
    assert not is_active(only, PARIS, noon + timedelta(days=1))


def test_missing_times_mean_all_day_and_equal_times_mean_24_hours() -> None:
    all_day = rule()
    assert windows_on(all_day, PARIS, utc(2026, 1, 5), 24)[0][0] == utc(2026, 1, 5)
    from_noon = rule(start="12:00", days=frozenset({1}))  # Monday from 12:00 to midnight
    assert windows_on(from_noon, PARIS, utc(2026, 1, 5), 48) == [(utc(2026, 1, 5, 11), utc(2026, 1, 5, 23))]
    until_noon = rule(end="12:00", days=frozenset({1}))
    assert windows_on(until_noon, PARIS, utc(2026, 1, 4), 48) == [(utc(2026, 1, 4, 23), utc(2026, 1, 5, 11))]
    full_turn = rule(start="09:00", end="09:00", days=frozenset({1}))
    assert windows_on(full_turn, PARIS, utc(2026, 1, 5), 48) == [(utc(2026, 1, 5, 8), utc(2026, 1, 6, 8))]


def test_one_shot_runs_from_its_first_to_its_last_instant_whatever_the_weekday() -> None:
    r = rule(
        start="10:00",
        end="12:00",
        is_recurring=False,
        start_date=date(2026, 5, 1),
        end_date=date(2026, 5, 3),
        days=frozenset({3}),
    )
    assert not is_active(r, PARIS, utc(2026, 5, 1, 7, 59))
    assert is_active(r, PARIS, utc(2026, 5, 1, 8))  # 10:00 local on a Friday
    assert is_active(r, PARIS, utc(2026, 5, 2, 3))  # overnight too: one continuous period
    assert is_active(r, PARIS, utc(2026, 5, 3, 9, 59))
    assert not is_active(r, PARIS, utc(2026, 5, 3, 10))
    open_ended = rule(is_recurring=False, start_date=date(2026, 5, 1))
    assert is_active(open_ended, PARIS, utc(2030, 1, 1))
    assert not is_active(open_ended, PARIS, utc(2026, 4, 30, 21, 59))


T0 = utc(2026, 1, 1)


@pytest.mark.parametrize(
    ("candidates", "winner", "reason"),
    [
        ([rule(1, priority=90), rule(2, priority=10, is_interruption=True)], 2, "interruption"),
        ([rule(1, priority=40), rule(2, priority=60)], 2, "priority"),
        ([rule(1, updated_at=T0 + timedelta(hours=1)), rule(2, updated_at=T0)], 1, "most_recent"),
        ([rule(1, updated_at=T0), rule(2, updated_at=T0 + timedelta(seconds=1))], 2, "most_recent"),
        ([rule(1, updated_at=T0), rule(2, updated_at=T0)], 2, "tie_break"),
        (
            [rule(1, is_interruption=True, priority=5), rule(2, is_interruption=True, priority=6)],
            2,
            "priority",
        ),
        ([rule(1)], 1, "only_candidate"),
    ],
)
def test_ties_and_precedence(candidates, winner: int, reason: str) -> None:
    at = utc(2026, 6, 1, 12)
    assert resolve(candidates, PARIS, at).winner.id == winner
    first = explain(candidates, PARIS, at).verdicts[0]
    assert (first.rule.id, first.winner, first.reason) == (winner, True, reason)


def test_explain_says_why_each_candidate_is_out() -> None:
    at = utc(2026, 6, 3, 12)  # Wednesday 14:00 in Paris
    candidates = [
        rule(1, priority=80),
        rule(2, priority=20),
        rule(3, start_date=date(2026, 7, 1)),
        rule(4, end_date=date(2026, 5, 1)),
        rule(5, days=frozenset({0, 6})),
        rule(6, start="18:00", end="20:00"),
        rule(7, is_recurring=False, start_date=date(2026, 9, 1)),
        rule(8, is_recurring=False, end_date=date(2026, 1, 1)),
        rule(9, is_interruption=True, start="18:00"),
    ]
    verdicts = {v.rule.id: (v.active, v.winner, v.reason) for v in explain(candidates, PARIS, at).verdicts}
    assert verdicts == {
        1: (True, True, "priority"),
        2: (True, False, "lower_priority"),
        3: (False, False, "not_started"),
        4: (False, False, "ended"),
        5: (False, False, "day_not_selected"),
        6: (False, False, "outside_hours"),
        7: (False, False, "not_started"),
        8: (False, False, "ended"),
        9: (False, False, "outside_hours"),
    }
    # At 18:00 local the interruption takes over: that is the next change.
    assert explain(candidates, PARIS, at).next_change_at == utc(2026, 6, 3, 16)


def test_next_change_and_none_when_nothing_ever_changes() -> None:
    office = rule(1, start="08:00", end="18:00", days=frozenset({1, 2, 3, 4, 5}))
    friday_evening = utc(2026, 6, 5, 17)
    assert resolve([office], PARIS, friday_evening) == resolve([office], PARIS, friday_evening)
    assert resolve([office], PARIS, friday_evening).next_change_at == utc(2026, 6, 8, 6)  # Monday 08:00
    assert resolve([rule(2)], PARIS, friday_evening).next_change_at is None
    assert resolve([], PARIS, friday_evening).winner is None


def test_timeline_flags_equal_priority_conflicts() -> None:
    a = rule(1, start="08:00", end="12:00", updated_at=T0)
    b = rule(2, start="10:00", end="14:00", updated_at=T0 + timedelta(days=1))
    segments = [s for s in timeline([a, b], KOLKATA, utc(2026, 6, 1, 0), utc(2026, 6, 1, 12)) if s.winner]
    assert [(s.winner.id, len(s.conflicts)) for s in segments] == [(1, 0), (2, 1), (2, 0)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-29", date(2026, 3, 29)),
        ("2026-03-29T23:30:00Z", date(2026, 3, 29)),
        ("2026-03-30T00:30:00+02:00", date(2026, 3, 29)),
        ("2026-02-30", None),
        ("29/03/2026", None),
        ("2026-03-29T10:00:00", None),
    ],
)
def test_calendar_dates(raw: str, expected) -> None:
    assert parse_calendar_date(raw)[0] == expected


def test_clock_and_days() -> None:
    assert parse_clock("08:05")[0] == time(8, 5)
    for bad in ("8:05", "24:00", "12:60", "12:00:00", " 12:00", "12h00"):
        assert parse_clock(bad)[0] is None
    assert days_problem([0, 6]) is None
    for bad in ([], [7], [-1], [True], [1, 1], ["1"]):
        assert days_problem(bad) is not None


# Properties

ZONES = [PARIS, NEW_YORK, SYDNEY, KOLKATA, ZoneInfo("UTC")]
# Around the 2026 changes of all four zones, so the gaps and repeated hours come up often.
ANCHORS = [utc(2026, 3, 7), utc(2026, 3, 28), utc(2026, 4, 4), utc(2026, 10, 3), utc(2026, 10, 24)]
clocks = st.one_of(st.none(), st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])))
dates = st.one_of(st.none(), st.dates(date(2026, 3, 1), date(2026, 11, 10)))


@st.composite
def rules(draw, id: int) -> ScheduleRule:
    start_date, end_date = draw(dates), draw(dates)
    if start_date and end_date and start_date > end_date:
        start_date, end_date = end_date, start_date
    return ScheduleRule(
        id=id,
        playlist_id=draw(st.integers(1, 4)),
        priority=draw(st.integers(1, 3)),
        is_interruption=draw(st.booleans()),
        is_recurring=draw(st.booleans()),
        updated_at=T0 + timedelta(hours=draw(st.integers(0, 2))),
        start_date=start_date,
        end_date=end_date,
        start_time=draw(clocks),
        end_time=draw(clocks),
        days_of_week=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
    )


@st.composite
def scenarios(draw):
    count = draw(st.integers(0, 6))
    candidates = [draw(rules(i + 1)) for i in range(count)]
    zone = draw(st.sampled_from(ZONES))
    start = draw(st.sampled_from(ANCHORS)) + timedelta(minutes=15 * draw(st.integers(0, 4 * 24 * 3)))
    end = start + timedelta(hours=draw(st.integers(1, 96)))
    at = start + (end - start) * draw(st.floats(0, 0.999999))
    return candidates, zone, start, end, at.replace(microsecond=0)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_timeline_tiles_the_range_and_agrees_with_resolve(scenario) -> None:
    candidates, zone, start, end, at = scenario
    segments = timeline(candidates, zone, start, end)
    assert segments[0].start == start and segments[-1].end == end
    for segment, following in zip(segments, segments[1:], strict=False):
        assert segment.start < segment.end == following.start  # no overlap, no hole
    [here] = [s for s in segments if s.start <= at < s.end]
    resolution = resolve(candidates, zone, at)
    assert resolution.winner == here.winner
    assert explain(candidates, zone, at).winner == here.winner


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_the_winner_is_a_maximal_active_candidate(scenario) -> None:
    candidates, zone, _start, _end, at = scenario
    active = [r for r in candidates if is_active(r, zone, at)]
    winner = resolve(candidates, zone, at).winner
    if not active:
        assert winner is None
        return
    assert winner in active
    assert all(rank(r) <= rank(winner) for r in active)


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_the_answer_holds_until_the_next_change(scenario) -> None:
    candidates, zone, _start, _end, at = scenario
    resolution = resolve(candidates, zone, at, horizon=timedelta(days=30))
    change = resolution.next_change_at
    if change is None:
        probe = at + timedelta(days=30) - timedelta(seconds=1)
        assert resolve(candidates, zone, probe, horizon=timedelta(0)).winner == resolution.winner
        return
    assert change > at
    assert resolve(candidates, zone, change - timedelta(seconds=1)).winner == resolution.winner
    assert resolve(candidates, zone, change).winner != resolution.winner


def test_the_week_view_follows_the_wall_clock_through_dst() -> None:
    from signage.scheduling.week import monday_of, week_of

    night = rule(1, start="01:00", end="04:00")
    spring = week_of([night], PARIS, monday_of(date(2026, 3, 29)))
    sunday = spring.days[6]
    assert sunday.day == date(2026, 3, 29)
    assert [h.clock for h in sunday.hours if h.skipped] == ["02:00"]
    assert [(s.start, s.end) for s in sunday.segments if s.winner] == [
        (utc(2026, 3, 29, 0), utc(2026, 3, 29, 2))
    ]
    autumn = week_of([night], PARIS, monday_of(date(2026, 10, 25))).days[6]
    two_am = autumn.hours[2]
    assert (two_am.start, two_am.end) == (utc(2026, 10, 25, 0), utc(2026, 10, 25, 2))  # twice 02:xx
    a = rule(1, start="08:00", end="12:00", updated_at=T0)
    b = rule(2, start="10:00", end="14:00", updated_at=T0 + timedelta(days=1))
    week = week_of([a, b], KOLKATA, date(2026, 6, 1))
    assert week.has_conflicts and [r.id for r in week.schedules] == [1, 2]
    assert len(week.days) == 7 and all(len(d.hours) == 24 for d in week.days)
