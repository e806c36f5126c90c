"""GET /api/player/{screenId}/weather?city=...&units=metric|imperial: for WEATHER zones."""

from __future__ import annotations

from flask import current_app, g, jsonify, request

from signage import schemas
from signage.core.errors import N_
from signage.datasources.weather import WeatherUnavailable, current_weather
from signage.web.errors import ApiError
from signage.web.openapi import answers
from signage.web.player.blueprint import bp


@bp.get("/<screen_id>/weather")
@answers(schemas.Weather)
def player_weather(screen_id: str):
    city = (request.args.get("city") or "").strip()
    units = request.args.get("units", "metric")
    if not city or len(city) > 100 or units not in ("metric", "imperial"):
        raise ApiError(422, N_("Give `city` (at most 100 characters) and `units` metric or imperial."))
    settings = current_app.config["SIGNAGE"]
    try:
        weather = current_weather(
            settings.openweather_url, settings.openweather_api_key, city, units, lang=g.screen.site.locale
        )
    except WeatherUnavailable as exc:
        raise ApiError(503, N_("Weather is not available."), "weather_unavailable") from exc
    response = jsonify(weather.json())
    response.headers["Cache-Control"] = "max-age=600"
    return response
