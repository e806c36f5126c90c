"""Which schedule wins, at an instant and over a range, and why (CONTRACT §7.3).

Pure (standard library and zoneinfo). The ranking: interruptions beat normal schedules,
then the higher priority, then the most recent `updated_at`; two schedules equal on all
three (saved in the same instant) are settled by the higher id, so the answer is never
left to the database's row order. `resolve`, `timeline` and `explain` share the windows of
signage.scheduling.windows, so the three always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from signage.core.errors import N_, Text

from .windows import ScheduleRule, intervals, is_active, local_date, one_shot_bounds, weekday_of

# How far ahead `next_change_at` looks; None past it means "not within this horizon".
DEFAULT_HORIZON = timedelta(days=400)


def rank(rule: ScheduleRule) -> tuple[bool, int, datetime, int]:
    return (rule.is_interruption, rule.priority, rule.updated_at, rule.id)


def best_first(rules: Iterable[ScheduleRule]) -> tuple[ScheduleRule, ...]:
    return tuple(sorted(rules, key=rank, reverse=True))


def same_tier(a: ScheduleRule, b: ScheduleRule) -> bool:
    """Equal on what the spec ranks by (interruption, priority): only the edit date separates them."""
    return a.is_interruption == b.is_interruption and a.priority == b.priority


@dataclass(frozen=True)
class Segment:
    """[start, end): `winner` plays; `active` holds every active candidate, best first."""

    start: datetime
    end: datetime
    winner: ScheduleRule | None
    active: tuple[ScheduleRule, ...] = ()

    @property
    def conflicts(self) -> tuple[ScheduleRule, ...]:
        """Other active schedules the winner beat only by being edited more recently."""
        if self.winner is None:
            return ()
        return tuple(r for r in self.active[1:] if same_tier(r, self.winner))


@dataclass(frozen=True)
class Resolution:
    winner: ScheduleRule | None
    next_change_at: datetime | None


@dataclass(frozen=True)
class Verdict:
    """One candidate at one instant. `reason` is a stable code, `message` a sentence."""

    rule: ScheduleRule
    active: bool
    winner: bool
    reason: str
    message: str


@dataclass(frozen=True)
class Explanation:
    at: datetime
    winner: ScheduleRule | None
    next_change_at: datetime | None
    verdicts: tuple[Verdict, ...]


def timeline(rules: Sequence[ScheduleRule], zone: ZoneInfo, start: datetime, end: datetime) -> list[Segment]:
    """Consecutive segments covering [start, end) exactly (gaps have winner None); a new
    segment begins whenever the winner or the set of active candidates changes."""
    if end <= start:
        return []
    events: dict[datetime, list[tuple[int, int]]] = {start: [], end: []}
    for index, rule in enumerate(rules):
        for lo, hi in intervals(rule, zone, start, end):
            events.setdefault(lo, []).append((1, index))
            events.setdefault(hi, []).append((-1, index))
    counts = [0] * len(rules)
    live: set[int] = set()
    segments: list[Segment] = []
    for point, following in pairwise(sorted(events)):
        for delta, index in events[point]:
            counts[index] += delta
            if counts[index] > 0:
                live.add(index)
            else:
                live.discard(index)
        active = best_first(rules[i] for i in live)
        winner = active[0] if active else None
        last = segments[-1] if segments else None
        if last is not None and last.winner == winner and last.active == active:
            segments[-1] = Segment(last.start, following, winner, active)
        else:
            segments.append(Segment(point, following, winner, active))
    return segments


def active_at(rules: Iterable[ScheduleRule], zone: ZoneInfo, at: datetime) -> tuple[ScheduleRule, ...]:
    return best_first(rule for rule in rules if is_active(rule, zone, at))


def _first_start(rule: ScheduleRule, zone: ZoneInfo, at: datetime, until: datetime) -> datetime | None:
    """When an inactive rule next opens after `at` (windows come lazily, in order)."""
    for lo, _hi in intervals(rule, zone, at, until):
        if lo > at:
            return lo
    return None


def _coverage_end(rule: ScheduleRule, zone: ZoneInfo, at: datetime, until: datetime) -> datetime | None:
    """Where the run of back-to-back windows holding `at` ends (None: not before `until`)."""
    reach = at
    for lo, hi in intervals(rule, zone, at, until):
        if lo > reach:
            break
        reach = max(reach, hi)
    return None if reach >= until else reach


def next_change(
    rules: Sequence[ScheduleRule],
    zone: ZoneInfo,
    at: datetime,
    current: ScheduleRule | None,
    horizon: timedelta = DEFAULT_HORIZON,
) -> datetime | None:
    """The first instant after `at` when another schedule (or none) wins; None if not
    within `horizon`.

    The answer changes only when the current winner's run of windows ends or when a
    schedule that outranks it opens: schedules ranked below cannot matter meanwhile, which
    keeps this cheap with hundreds of candidates.
    """
    until = at + horizon
    changes: list[datetime] = []
    if current is not None:
        end = _coverage_end(current, zone, at, until)
        if end is not None:
            changes.append(end)
            until = end
    floor = rank(current) if current is not None else None
    for rule in rules:
        if floor is not None and rank(rule) <= floor:
            continue
        start = _first_start(rule, zone, at, until)
        if start is not None:
            changes.append(start)
            until = start
    return min(changes) if changes else None


def resolve(
    rules: Sequence[ScheduleRule], zone: ZoneInfo, at: datetime, horizon: timedelta = DEFAULT_HORIZON
) -> Resolution:
    active = active_at(rules, zone, at)
    winner = active[0] if active else None
    return Resolution(winner, next_change(rules, zone, at, winner, horizon))


def _why_inactive(rule: ScheduleRule, zone: ZoneInfo, at: datetime) -> tuple[str, str]:
    if not rule.is_recurring:
        start, _end = one_shot_bounds(rule, zone)
        if start is not None and at < start:
            return "not_started", N_("Its one-off period has not started yet.")
        return "ended", N_("Its one-off period is over.")
    today = local_date(at, zone)
    if rule.start_date is not None and today < rule.start_date:
        return "not_started", Text(N_("It starts on %(date)s."), date=rule.start_date.isoformat())
    if rule.end_date is not None and today > rule.end_date:
        return "ended", Text(N_("It ended on %(date)s."), date=rule.end_date.isoformat())
    if weekday_of(today) not in rule.days_of_week:
        return "day_not_selected", N_("It does not run on this day of the week.")
    return "outside_hours", N_("It runs on this day, but not at this time.")


def _why_won(winner: ScheduleRule, runner_up: ScheduleRule | None) -> tuple[str, str]:
    if runner_up is None:
        return "only_candidate", N_("The only schedule active at this instant.")
    if winner.is_interruption and not runner_up.is_interruption:
        return "interruption", N_("An interruption: it beats every normal schedule.")
    if winner.priority > runner_up.priority:
        return "priority", Text(
            N_("Highest priority among the active schedules (%(priority)s)."), priority=winner.priority
        )
    if winner.updated_at > runner_up.updated_at:
        return "most_recent", N_("Same priority as another active schedule: it was edited most recently.")
    return "tie_break", N_("Same priority and edit time as another: the one created last wins.")


def _why_lost(loser: ScheduleRule, winner: ScheduleRule) -> tuple[str, str]:
    if winner.is_interruption and not loser.is_interruption:
        return "interrupted", N_("Active, but an interruption takes precedence.")
    if winner.priority > loser.priority:
        return "lower_priority", Text(
            N_("Active, but its priority (%(priority)s) is lower."), priority=loser.priority
        )
    if winner.updated_at > loser.updated_at:
        return "older_edit", N_("Active with the same priority, but another was edited more recently.")
    return "tie_break", N_("Active with the same priority and edit time; another was created later.")


def explain(
    rules: Sequence[ScheduleRule], zone: ZoneInfo, at: datetime, horizon: timedelta = DEFAULT_HORIZON
) -> Explanation:
    """The resolution at `at`, with a verdict for every candidate: the winner first, then
    the other active ones best first, then the inactive ones in the order given."""
    active = active_at(rules, zone, at)
    winner = active[0] if active else None
    verdicts: list[Verdict] = []
    if winner is not None:
        reason, message = _why_won(winner, active[1] if len(active) > 1 else None)
        verdicts.append(Verdict(winner, True, True, reason, Text(message)))
        for loser in active[1:]:
            reason, message = _why_lost(loser, winner)
            verdicts.append(Verdict(loser, True, False, reason, Text(message)))
    chosen = {rule.id for rule in active}
    for rule in rules:
        if rule.id not in chosen:
            reason, message = _why_inactive(rule, zone, at)
            verdicts.append(Verdict(rule, False, False, reason, Text(message)))
    return Explanation(at, winner, next_change(rules, zone, at, winner, horizon), tuple(verdicts))
