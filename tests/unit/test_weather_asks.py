"""Which (city, units) a layout's WEATHER zones ask for: what the console's preview of a
playlist on it may fetch, read as the player's weather zone reads styleJson."""

from __future__ import annotations

from signage.content.zones import weather_asks


def zone(kind: str, style: object) -> dict:
    return {"id": "z", "type": kind, "x": 0, "y": 0, "width": 10, "height": 10, "styleJson": style}


def test_each_weather_zone_asks_for_its_city_trimmed_in_its_units() -> None:
    zones = [
        zone("WEATHER", {"city": " Lyon ", "units": "metric"}),
        zone("WEATHER", {"city": "Boston", "units": "imperial"}),
        zone("WEATHER", {"city": "Oslo"}),  # no units: metric, as on a screen
        zone("WEATHER", {"city": "Rome", "units": "kelvin"}),  # unknown units: metric too
        zone("WEATHER", {"city": "Lyon", "units": "metric"}),  # twice, asked once
    ]
    assert weather_asks(zones) == {
        ("Lyon", "metric"),
        ("Boston", "imperial"),
        ("Oslo", "metric"),
        ("Rome", "metric"),
    }


def test_zones_that_ask_nothing() -> None:
    zones = [
        zone("CLOCK", {"city": "Paris"}),  # only WEATHER zones fetch weather
        zone("TICKER", {"city": "Paris"}),
        zone("WEATHER", {"city": "   "}),
        zone("WEATHER", {"city": 42}),
        zone("WEATHER", {}),
        zone("WEATHER", "not an object"),
        {"id": "bare", "type": "WEATHER"},
    ]
    assert weather_asks(zones) == set()
    assert weather_asks([]) == set()
