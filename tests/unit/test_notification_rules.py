"""Who hears about what, and when a screen's notices are due (signage.notifications.rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from signage.access.matrix import Role
from signage.notifications.rules import (
    END,
    OFFLINE_NOTICE,
    RECOVERY_NOTICE,
    SCREEN_ROLES,
    START,
    chosen,
    incident_notice,
    storage_step,
    storage_template,
)

T0 = datetime(2026, 10, 25, 0, 50, tzinfo=UTC)
TEN = timedelta(minutes=10)


def notice(minutes: int, status: str = "OFFLINE", **state: object) -> str | None:
    values: dict[str, object] = {
        "started_at": T0,
        "recovered_at": None,
        "closed_at": None,
        "offline_notified_at": None,
        "recovery_notified_at": None,
    } | state
    return incident_notice(
        status=status,
        now=T0 + timedelta(minutes=minutes),
        alert_after=TEN,
        settle_after=TEN,
        **values,  # type: ignore[arg-type]
    )


def test_an_outage_is_told_after_the_threshold_and_its_end_once_settled() -> None:
    assert notice(9) is None and notice(10) == OFFLINE_NOTICE
    told = {"offline_notified_at": T0 + TEN}
    assert notice(30, **told) is None  # told already
    back = told | {"recovered_at": T0 + timedelta(minutes=40)}
    assert notice(45, "ONLINE", **back) is None  # back, not settled
    assert notice(50, "ONLINE", **back) == RECOVERY_NOTICE
    # The contact's recovery mail may have closed the incident first: the users still hear it.
    assert notice(51, "ONLINE", **back, closed_at=T0 + timedelta(minutes=50)) == RECOVERY_NOTICE
    assert notice(52, "ONLINE", **back, recovery_notified_at=T0 + timedelta(minutes=50)) is None


def test_an_outage_closed_before_the_threshold_or_never_told_says_nothing() -> None:
    assert notice(20, "ONLINE", recovered_at=T0 + timedelta(minutes=5)) is None
    assert notice(20, closed_at=T0 + timedelta(minutes=15)) is None
    assert notice(20, "WARNING") is None  # alive again: no offline notice


def test_storage_episodes_start_and_end_once() -> None:
    assert storage_step(False, False, True) == START
    assert storage_step(False, True, False) == START
    assert storage_step(True, True, True) is None  # the same episode
    assert storage_step(True, False, False) == END
    assert storage_step(False, False, False) is None
    assert storage_step(False, True, True, offline=True) is None
    assert storage_step(True, False, False, offline=True) is None
    assert "not persisted" in storage_template(True, False) and "24 hours" in storage_template(False, True)
    both = storage_template(True, True)
    assert "not persisted" in both and "24 hours" in both


def test_every_role_that_sees_screens_hears_of_them_and_choices_are_cleaned() -> None:
    assert SCREEN_ROLES == frozenset(Role)
    assert chosen(["weekly_summary", "storage_low", "bogus", "screen_offline", "storage_low"]) == [
        "screen_offline",
        "storage_low",
        "weekly_summary",
    ]
    assert chosen("screen_offline") == []
