"""GET /api/player/{screenId}/weather?city=...&units=metric|imperial: for WEATHER zones."""

from __future__ import annotations

from flask import Response, current_app, g, jsonify, request

from signage import schemas
from signage.core.errors import N_
from signage.datasources.weather import WeatherUnavailable, current_weather
from signage.web.errors import ApiError
from signage.web.openapi import answers
from signage.web.player.blueprint import bp


@bp.get("/<screen_id>/weather")
@answers(schemas.Weather)
def player_weather(screen_id: str):
    city, units = weather_args()
    return weather_answer(city, units, g.screen.site.locale)


def weather_args() -> tuple[str, str]:
    """`city` and `units` from the query string, or a 422."""
    city = (request.args.get("city") or "").strip()
    units = request.args.get("units", "metric")
    if not city or len(city) > 100 or units not in ("metric", "imperial"):
        raise ApiError(422, N_("Give `city` (at most 100 characters) and `units` metric or imperial."))
    return city, units


def weather_answer(city: str, units: str, lang: str) -> Response:
    """The city's weather through the process's cache (one OpenWeatherMap call per city, units
    and language every 10 minutes), or a 503. The console's playlist preview answers with it too."""
    settings = current_app.config["SIGNAGE"]
    try:
        weather = current_weather(
            settings.openweather_url, settings.openweather_api_key, city, units, lang=lang
        )
    except WeatherUnavailable as exc:
        raise ApiError(503, N_("Weather is not available."), "weather_unavailable") from exc
    response = jsonify(weather.json())
    response.headers["Cache-Control"] = "max-age=600"
    return response
