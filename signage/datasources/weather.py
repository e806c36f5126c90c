"""Weather for the players' WEATHER zones, fetched by the server from OpenWeatherMap.

The key never reaches a browser, and a fleet makes one call per city every 10 minutes
whatever its size: answers are cached per city (per server process).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

TTL_SECONDS = 600
TIMEOUT_SECONDS = 5
MAX_BYTES = 64 * 1024


class WeatherUnavailable(Exception):
    """No key configured, an unknown city, or the service did not answer."""


@dataclass(frozen=True)
class Weather:
    city: str
    temperature: float
    description: str
    icon: str

    def json(self) -> dict[str, Any]:
        return {
            "city": self.city,
            "temperature": self.temperature,
            "description": self.description,
            "icon": self.icon,
        }


_cache: dict[tuple[str, str, str], tuple[float, Weather]] = {}
_lock = threading.Lock()


def _fetch(url: str, key: str, city: str, units: str, lang: str) -> Weather:
    query = urllib.parse.urlencode({"q": city, "appid": key, "units": units, "lang": lang})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=TIMEOUT_SECONDS) as response:
            data = json.loads(response.read(MAX_BYTES))
        return Weather(
            city=str(data["name"])[:120],
            temperature=round(float(data["main"]["temp"]), 1),
            description=str(data["weather"][0]["description"])[:120],
            icon=str(data["weather"][0]["icon"])[:8],
        )
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        log.warning("weather for %r unavailable: %s", city, exc)
        raise WeatherUnavailable(str(exc)) from exc


def current_weather(
    url: str, key: str | None, city: str, units: str = "metric", now: float | None = None, lang: str = "en"
) -> Weather:
    """The city's weather, its description in `lang` (the screen's site's language)."""
    if not key:
        raise WeatherUnavailable("OPENWEATHER_API_KEY is not set")
    now = time.monotonic() if now is None else now
    cache_key = (city.casefold(), units, lang)
    with _lock:
        hit = _cache.get(cache_key)
        if hit and now - hit[0] < TTL_SECONDS:
            return hit[1]
    weather = _fetch(url, key, city, units, lang)
    with _lock:
        _cache[cache_key] = (now, weather)
    return weather
