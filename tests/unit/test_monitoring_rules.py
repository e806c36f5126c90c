"""Screen status rules, player version comparison and screenshot keys, at explicit instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from signage.media.keys import is_screenshot_key, is_storage_key, is_valid_key, screenshot_key
from signage.monitoring.player_versions import is_older, parse_version
from signage.monitoring.status_rules import (
    OFFLINE,
    ONLINE,
    WARNING,
    Period,
    Thresholds,
    heartbeat_status,
    offline_for,
    offline_too_long,
    presence_status,
    status_history,
    swept_status,
)

NOW = datetime(2026, 3, 29, 1, 59, 30, tzinfo=UTC)  # around the Paris spring-forward
LIMITS = Thresholds()


@pytest.mark.parametrize(
    ("visible", "error", "socket", "expected"),
    [(True, None, True, ONLINE), (None, "", True, ONLINE), (False, None, True, WARNING),
     (True, "video failed", True, WARNING), (True, "   ", True, ONLINE), (True, None, False, WARNING)],
)  # fmt: skip
def test_a_heartbeat_status(visible, error, socket, expected) -> None:
    assert heartbeat_status(is_visible=visible, error_message=error, via_socket=socket) == expected


@pytest.mark.parametrize(
    ("online", "status", "seen", "expected"),
    [(True, OFFLINE, None, ONLINE), (True, OFFLINE, -600, ONLINE), (True, WARNING, 0, ONLINE),
     (True, WARNING, 1, None),  # a heartbeat written after the connect decides
     (False, ONLINE, -30, WARNING), (False, WARNING, 0, WARNING), (False, ONLINE, 1, None),
     (False, OFFLINE, -30, None),  # the sweep's OFFLINE stays
     (False, WARNING, None, None)],  # never seen: no socket the console knew of
)  # fmt: skip
def test_a_socket_connecting_or_dropping(online, status, seen, expected) -> None:
    last_seen = None if seen is None else NOW + timedelta(seconds=seen)
    assert presence_status(online, NOW, status, last_seen) == expected


@pytest.mark.parametrize(
    ("status", "silence", "expected"),
    [(ONLINE, 30, ONLINE), (ONLINE, 90, ONLINE), (ONLINE, 91, WARNING), (WARNING, 200, WARNING),
     (WARNING, 300, WARNING), (WARNING, 301, OFFLINE), (ONLINE, 3600, OFFLINE), (ONLINE, None, OFFLINE),
     (OFFLINE, 10, OFFLINE)],
)  # fmt: skip
def test_the_sweep(status, silence, expected) -> None:
    last_seen = None if silence is None else NOW - timedelta(seconds=silence)
    if status == OFFLINE:  # the sweep never raises a status: only heartbeats do
        assert swept_status(status, last_seen, NOW, LIMITS) == OFFLINE
        return
    assert swept_status(status, last_seen, NOW, LIMITS) == expected


def test_thresholds_are_checked_and_configurable() -> None:
    with pytest.raises(ValueError):
        Thresholds(late_after=timedelta(minutes=5), offline_after=timedelta(minutes=5))
    quick = Thresholds(late_after=timedelta(seconds=10), offline_after=timedelta(seconds=20))
    assert swept_status(ONLINE, NOW - timedelta(seconds=15), NOW, quick) == WARNING
    assert swept_status(ONLINE, NOW - timedelta(seconds=21), NOW, quick) == OFFLINE


def test_the_red_badge_and_offline_duration() -> None:
    assert offline_too_long(OFFLINE, NOW - timedelta(minutes=6), NOW)
    assert not offline_too_long(OFFLINE, NOW - timedelta(minutes=4), NOW)
    # Never heard from: not activated yet, not an outage (issue 13's first-day trap).
    assert not offline_too_long(OFFLINE, None, NOW) and not offline_too_long(WARNING, None, NOW)
    assert offline_for(OFFLINE, NOW - timedelta(hours=2), NOW) == timedelta(hours=2)
    assert offline_for(ONLINE, NOW, NOW) is None and offline_for(OFFLINE, None, NOW) is None


def test_status_history_from_heartbeats() -> None:
    t0 = NOW - timedelta(hours=1)
    beats = [
        (t0, True, None),
        (t0 + timedelta(seconds=30), True, None),
        (t0 + timedelta(seconds=60), False, None),  # page hidden
        (t0 + timedelta(seconds=90), True, None),
        (t0 + timedelta(minutes=20), True, None),  # after a long silence
    ]
    history = status_history(beats, NOW, LIMITS)
    assert history == [
        Period(ONLINE, t0, t0 + timedelta(seconds=60)),
        Period(WARNING, t0 + timedelta(seconds=60), t0 + timedelta(seconds=90)),
        Period(ONLINE, t0 + timedelta(seconds=90), t0 + timedelta(seconds=90)),
        Period(OFFLINE, t0 + timedelta(seconds=90), t0 + timedelta(minutes=20)),
        Period(ONLINE, t0 + timedelta(minutes=20), t0 + timedelta(minutes=20)),
        Period(OFFLINE, t0 + timedelta(minutes=20), NOW),
    ]
    assert status_history([], NOW, LIMITS) == []
    recent = status_history([(NOW - timedelta(seconds=20), True, None)], NOW, LIMITS)
    assert recent == [Period(ONLINE, NOW - timedelta(seconds=20), NOW)]


@pytest.mark.parametrize(
    ("reported", "expected", "older"),
    [("1.9.0", "1.10.0", True), ("1.10.0", "1.9.0", False), ("2.0.0", "2.0.0", False),
     ("2.0", "2.0.0", False), ("2.0.0-beta.2", "2.0.0", True), ("2.0.0", "2.0.0-beta.2", False),
     ("2.0.0-beta.2", "2.0.0-beta.10", True),
     ("v1.2.3", "1.2.4", True), ("1.2.3+build.7", "1.2.3", False), (None, "1.0.0", False),
     ("garbage", "1.0.0", False), ("1.0.0", "", False), ("0.9", "1", True)],
)  # fmt: skip
def test_versions_are_compared_as_versions(reported, expected, older) -> None:
    assert is_older(reported, expected) is older


def test_parse_version() -> None:
    assert parse_version("2.10.1-rc.1") == ((2, 10, 1), "rc.1")
    assert parse_version("1..2") is None and parse_version("1.2.3.4.5.6.7") is None


def test_screenshot_keys() -> None:
    key = screenshot_key(42, datetime(2026, 10, 25, 1, 30, 5, 123456, tzinfo=UTC))
    assert key == "screenshots/42/20261025T013005123456Z.jpg"
    assert is_screenshot_key(key) and is_storage_key(key)
    assert not is_valid_key(key)  # the public media route never serves one
    for bad in ("screenshots/42/../../etc/passwd", "screenshots/0/20261025T013005123456Z.jpg",
                "screenshots/42/20261025T013005123456Z.png", "/screenshots/42/20261025T013005123456Z.jpg",
                "screenshots/42/sub/20261025T013005123456Z.jpg"):  # fmt: skip
        assert not is_storage_key(bad), bad
