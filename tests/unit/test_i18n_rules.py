"""Languages and wall clocks (signage.i18n): which language a browser gets, and local times typed
in a picker as UTC instants across Europe/Paris's DST changes (2026-03-29 and 2026-10-25)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from signage.i18n import (
    NotOnTheClock,
    local_to_utc,
    locale_problem,
    negotiate_locale,
    to_local_input,
    zone_abbreviation,
    zone_or_utc,
    zone_problem,
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        (["fr-FR", "fr", "en-US"], "fr"),
        (["fr-CA"], "fr"),
        (["FR_be"], "fr"),
        (["en-GB", "fr"], "en"),
        (["de-DE", "fr-FR"], "fr"),  # the first language we speak wins
        (["de-DE", "es"], "en"),
        ([], "en"),
        (["*"], "en"),
    ],
)
def test_french_for_fr_else_english(accepted: list[str], expected: str) -> None:
    assert negotiate_locale(accepted) == expected


def test_locale_and_zone_names() -> None:
    assert locale_problem("fr") is None and locale_problem("en") is None
    assert locale_problem("de") and locale_problem("FR") and locale_problem("")
    assert zone_problem("Europe/Paris") is None
    assert zone_problem("europe/paris") and zone_problem("CET+1") and zone_problem("")
    assert zone_or_utc("Nowhere/Town") == ZoneInfo("UTC") and zone_or_utc(None) == ZoneInfo("UTC")


def test_a_paris_morning_is_eight_in_winter_and_seven_in_summer() -> None:
    assert local_to_utc("2026-01-15T09:00", PARIS) == datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
    assert local_to_utc("2026-07-15T09:00", PARIS) == datetime(2026, 7, 15, 7, 0, tzinfo=UTC)
    # Either side of the changes themselves.
    assert local_to_utc("2026-03-28T09:00", PARIS) == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert local_to_utc("2026-03-29T09:00", PARIS) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert local_to_utc("2026-10-25T09:00", PARIS) == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_the_skipped_spring_hour_is_refused_and_the_doubled_autumn_hour_is_the_first() -> None:
    with pytest.raises(NotOnTheClock):
        local_to_utc("2026-03-29T02:30", PARIS)
    # 02:30 happens twice on 2026-10-25: first in summer time (00:30Z), then in winter time.
    assert local_to_utc("2026-10-25T02:30", PARIS) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_other_zones_and_bad_text() -> None:
    assert local_to_utc("2026-07-01T12:00", ZoneInfo("America/New_York")) == datetime(
        2026, 7, 1, 16, 0, tzinfo=UTC
    )
    assert local_to_utc(" 2026-07-01T12:00 ", ZoneInfo("UTC")) == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    for text in ("2026-07-01T12:00Z", "2026-07-01", "tomorrow", "2026-13-01T12:00"):
        with pytest.raises(ValueError):
            local_to_utc(text, PARIS)


def test_stored_instants_show_on_the_local_clock() -> None:
    assert to_local_input(datetime(2026, 1, 15, 8, 0, tzinfo=UTC), PARIS) == "2026-01-15T09:00"
    assert to_local_input(datetime(2026, 7, 15, 7, 0, tzinfo=UTC), PARIS) == "2026-07-15T09:00"
    assert to_local_input(datetime(2026, 7, 15, 7, 0), PARIS) == "2026-07-15T09:00"  # naive = UTC
    assert to_local_input(None, PARIS) == ""
    assert zone_abbreviation(datetime(2026, 1, 15, 8, 0, tzinfo=UTC), PARIS) == "CET"
    assert zone_abbreviation(datetime(2026, 7, 15, 7, 0, tzinfo=UTC), PARIS) == "CEST"


def test_default_locale_setting() -> None:
    from signage.config import ConfigError, load_settings

    assert load_settings({"SIGNAGE_ENV": "development"}).default_locale == "fr"
    assert load_settings({"SIGNAGE_ENV": "development", "DEFAULT_LOCALE": " EN "}).default_locale == "en"
    with pytest.raises(ConfigError, match="DEFAULT_LOCALE must be one of fr, en"):
        load_settings({"SIGNAGE_ENV": "development", "DEFAULT_LOCALE": "de"})
