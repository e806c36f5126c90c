"""Resolving many screens: 1,000 screens with 200 schedules each, the engine alone.

Each screen gets its own random mix (recurring office hours, overnight windows, weekends,
one-off interruptions, date bounds) in one of four timezones; each resolution returns the
winner and the exact next change. Prints the total and the time per screen.

    .venv/bin/python -m bench.scheduling
    .venv/bin/python -m bench.scheduling --screens 200 --schedules 50 --seed 7
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from signage.scheduling.resolution import resolve, timeline
from signage.scheduling.windows import ScheduleRule

ZONES = ["Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]
AT = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # the night Paris springs forward


def random_rule(rng: random.Random, rule_id: int) -> ScheduleRule:
    start_day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 120))
    recurring = rng.random() < 0.85
    start_time = clock(rng.randrange(24), rng.choice([0, 15, 30, 45])) if rng.random() < 0.9 else None
    end_time = clock(rng.randrange(24), rng.choice([0, 15, 30, 45])) if rng.random() < 0.9 else None
    return ScheduleRule(
        id=rule_id,
        playlist_id=rng.randrange(1, 50),
        priority=rng.randint(1, 100),
        is_interruption=rng.random() < 0.05,
        is_recurring=recurring,
        updated_at=AT - timedelta(minutes=rng.randrange(100_000)),
        start_date=start_day if rng.random() < 0.7 else None,
        end_date=start_day + timedelta(days=rng.randrange(1, 200)) if rng.random() < 0.7 else None,
        start_time=start_time,
        end_time=end_time,
        days_of_week=frozenset(rng.sample(range(7), rng.randint(1, 7))),
    )


def run(screens: int, schedules: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    fleet = [
        ([random_rule(rng, s * schedules + i + 1) for i in range(schedules)], ZoneInfo(rng.choice(ZONES)))
        for s in range(screens)
    ]
    started = time.perf_counter()
    playing = sum(1 for rules, zone in fleet if resolve(rules, zone, AT).winner is not None)
    resolved = time.perf_counter() - started
    started = time.perf_counter()
    for rules, zone in fleet[:100]:
        timeline(rules, zone, AT, AT + timedelta(days=7))
    week = (time.perf_counter() - started) / min(100, screens)
    return {
        "resolve_total_s": resolved,
        "per_screen_ms": resolved / screens * 1000,
        "playing": playing,
        "week_timeline_ms": week * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screens", type=int, default=1000)
    parser.add_argument("--schedules", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    result = run(args.screens, args.schedules, args.seed)
    print(
        f"{args.screens} screens x {args.schedules} schedules: resolved (winner + next change) in "
        f"{result['resolve_total_s']:.2f} s, {result['per_screen_ms']:.2f} ms per screen; "
        f"{int(result['playing'])} screens playing; "
        f"a 7-day timeline takes {result['week_timeline_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
