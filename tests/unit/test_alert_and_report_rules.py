"""The pure rules of alerts, proof of play and reports, with explicit instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from signage.alerts.rules import AlertState, color_problem, parse_instant, state, text_problem, window_problem
from signage.monitoring.play_rules import parse_play, synced_at
from signage.monitoring.report_rules import csv_cell, online_seconds, uptime_percent, wall_clock

NOW = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_alert_states() -> None:
    hour = timedelta(hours=1)
    assert state(False, None, None, NOW) == AlertState.INACTIVE
    assert state(True, None, None, NOW) == AlertState.LIVE
    assert state(True, NOW + hour, None, NOW) == AlertState.SCHEDULED
    assert state(True, NOW - hour, NOW, NOW) == AlertState.ENDED  # endAt is exclusive
    assert state(False, None, NOW - hour, NOW) == AlertState.ENDED
    assert state(True, NOW, NOW + hour, NOW) == AlertState.LIVE  # startAt is inclusive


def test_alert_values() -> None:
    assert color_problem("#fff") is None and color_problem("#A1b2C3") is None
    for bad in ("red", "#ffff", "#ggg", "#fff;", "url(x)"):
        assert color_problem(bad)
    assert text_problem("  ", 10) and text_problem("x" * 11, 10) and text_problem("a\x00b", 10)
    assert text_problem("line\nline", 20) is None
    assert parse_instant("2026-03-29T03:30:00+02:00") == (NOW + timedelta(hours=0), None)
    assert parse_instant("2026-03-29T01:30:00")[1] and parse_instant("soon")[1]
    assert window_problem(NOW, NOW) and window_problem(NOW, None) is None


def test_plays_are_parsed_one_by_one() -> None:
    good = {
        "id": "a-1",
        "mediaId": "4",
        "playlistId": None,
        "playedAt": "2026-03-29T01:29:00Z",
        "durationSeconds": 8,
    }
    play, problem = parse_play(good, NOW)
    assert problem is None and play is not None and play.media_id == 4 and play.duration_seconds == 8.0
    for change in ({"mediaId": 0}, {"mediaId": True}, {"playlistId": "x"}, {"durationSeconds": float("nan")},
                   {"playedAt": "2026-03-29T01:29:00"}, {"playedAt": "2026-01-01T00:00:00Z"},
                   {"id": "a" * 65}, {"id": "é"}, {"other": 1}):  # fmt: skip
        assert parse_play({**good, **change}, NOW)[1], change
    assert synced_at(play, NOW) is None
    assert synced_at(play, NOW + timedelta(minutes=5)) == NOW + timedelta(minutes=5)


def test_csv_cells_never_run_as_formulas() -> None:
    assert [csv_cell(v) for v in ("=1+1", "+x", "-x", "@x", "\tx", "plain", None, -3, 2.5)] == [
        "'=1+1", "'+x", "'-x", "'@x", "'\tx", "plain", "", "-3", "2.5",
    ]  # fmt: skip


def test_online_seconds_over_gaps_and_edges() -> None:
    start, end = NOW, NOW + timedelta(minutes=10)
    beats = [start + timedelta(seconds=s) for s in (-60, 0, 30, 60, 400)]
    # -60 is cut short by the beat at 0; 0 and 30 cover 30 s each; 60 covers 90 s (then a
    # gap: offline until 400); 400 covers 90 s.
    assert online_seconds(beats, start, end) == 0 + 30 + 30 + 90 + 90
    assert online_seconds([start - timedelta(seconds=60)], start, end) == 30
    assert online_seconds([], start, end) == 0
    assert uptime_percent(300, start, end) == 50.0 and uptime_percent(1, end, start) == 0.0


def test_plays_that_cannot_have_happened_at_once_are_refused() -> None:
    from signage.monitoring.play_rules import MAX_CONCURRENT, Play, impossible

    at = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

    def play(n: int, offset_s: float, duration: float = 10.0) -> Play:
        return Play(f"p{n}", 1, None, at + timedelta(seconds=offset_s), duration)

    # A day of one zone: one after another, nothing refused; two zones side by side neither.
    sequence = [play(n, 10 * n) for n in range(500)]
    assert impossible(sequence) == set()
    assert impossible([play(0, 0), play(1, 0), play(2, 10), play(3, 10)]) == set()
    # A flood at one instant: the first MAX_CONCURRENT are kept, the rest refused.
    flood = [play(n, 0) for n in range(64)]
    assert impossible(flood) == set(range(MAX_CONCURRENT, 64))
    # Zero-length plays count as a second each.
    zero = [play(n, 0, 0.0) for n in range(MAX_CONCURRENT + 1)]
    assert impossible(zero) == {MAX_CONCURRENT}
    # Once the first ones end, new ones may start.
    assert impossible([play(n, 0) for n in range(MAX_CONCURRENT)] + [play(99, 10)]) == set()


def test_wall_clock_is_the_sites_clock_without_a_zone() -> None:
    before, after = datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    # The hour Paris lives twice when clocks go back: both plays read 02:30.
    assert (
        wall_clock(before, "Europe/Paris")
        == wall_clock(after, "Europe/Paris")
        == datetime(2026, 10, 25, 2, 30)
    )
    assert wall_clock(before, "Nowhere/Atlantis") == datetime(2026, 10, 25, 0, 30)
    assert wall_clock(None, "Europe/Paris") is None
