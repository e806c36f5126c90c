"""Template zones (spec "Zone"): validation, normalisation and the seeded layouts. Pure.

A zone is placed in percentages of the screen, so one template fits every resolution. The
player applies `backgroundColor` and `padding` as inline styles, so both are held to a strict
grammar here: nothing a template author types can become CSS beyond a colour and a length.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from signage.core.errors import N_, Text
from signage.core.validation import at_most_characters, must_be_one_of

ZONE_TYPES = ("CONTENT", "TICKER", "CLOCK", "WEATHER", "DATASET")
# Zones that play playlist items; CLOCK and WEATHER draw themselves from styleJson.
ITEM_ZONE_TYPES = frozenset({"CONTENT", "TICKER", "DATASET"})
MAX_ZONES = 24
MAX_STYLE_BYTES = 4096
ZONE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
COLOR = re.compile(
    r"^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|transparent|[a-zA-Z]{3,20}"
    r"|rgba?\(\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*(,\s*(0|1|0?\.\d+)\s*)?\))$"
)
FIELDS = (
    "id",
    "name",
    "type",
    "x",
    "y",
    "width",
    "height",
    "zIndex",
    "backgroundColor",
    "padding",
    "styleJson",
)
# Rounding in editors (33.333...%) must not make a zone "leave" the screen.
EPSILON = 1e-6


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _zone_problems(zone: Any, seen: set[str]) -> dict[str, str]:
    if not isinstance(zone, dict):
        return {"": N_("Each zone must be an object.")}
    problems: dict[str, str] = {}
    for key in zone:
        if key not in FIELDS:
            problems[key] = N_("Unknown field.")
    zone_id = zone.get("id")
    if not isinstance(zone_id, str) or not ZONE_ID.match(zone_id):
        problems["id"] = N_("Required: 1 to 64 letters, digits, '-' or '_'.")
    elif zone_id in seen:
        problems["id"] = Text(N_("Another zone already has the id %(id)s."), id=repr(zone_id))
    else:
        seen.add(zone_id)
    name = zone.get("name", "")
    if not isinstance(name, str) or len(name) > 120:
        problems["name"] = at_most_characters(120)
    if zone.get("type") not in ZONE_TYPES:
        problems["type"] = must_be_one_of(ZONE_TYPES)
    for key in ("x", "y", "width", "height"):
        value = zone.get(key)
        if not _number(value):
            problems[key] = N_("Required: a number of percent (0 to 100).")
        elif not 0 <= value <= 100:
            problems[key] = Text(N_("Must be between %(minimum)s and %(maximum)s."), minimum=0, maximum=100)
        elif key in ("width", "height") and value <= 0:
            problems[key] = N_("Must be more than 0.")
    if "x" not in problems and "width" not in problems and zone["x"] + zone["width"] > 100 + EPSILON:
        problems["width"] = N_("The zone goes past the right edge of the screen (x + width > 100).")
    if "y" not in problems and "height" not in problems and zone["y"] + zone["height"] > 100 + EPSILON:
        problems["height"] = N_("The zone goes past the bottom of the screen (y + height > 100).")
    z_index = zone.get("zIndex", 0)
    if not isinstance(z_index, int) or isinstance(z_index, bool) or not -1000 <= z_index <= 1000:
        problems["zIndex"] = N_("Must be a whole number between -1000 and 1000.")
    color = zone.get("backgroundColor")
    if color is not None and (not isinstance(color, str) or not COLOR.match(color)):
        problems["backgroundColor"] = N_("A CSS colour: #rgb, #rrggbb, #rrggbbaa, rgb(), rgba(), or a name.")
    padding = zone.get("padding", 0)
    if not _number(padding) or not 0 <= padding <= 200:
        problems["padding"] = N_("Pixels between 0 and 200.")
    style = zone.get("styleJson", {})
    if not isinstance(style, dict):
        problems["styleJson"] = N_("Must be an object.")
    elif len(json.dumps(style)) > MAX_STYLE_BYTES:
        problems["styleJson"] = Text(N_("At most %(count)s bytes of JSON."), count=MAX_STYLE_BYTES)
    return problems


def zones_problems(zones: Any) -> dict[str, str]:
    """Every problem, keyed `zones[i].field` (or `zones`), empty when the list is valid."""
    if not isinstance(zones, list):
        return {"zones": N_("Must be an array of zones.")}
    if not zones:
        return {"zones": "A template needs at least one zone."}
    if len(zones) > MAX_ZONES:
        return {"zones": f"At most {MAX_ZONES} zones."}
    problems: dict[str, str] = {}
    seen: set[str] = set()
    for index, zone in enumerate(zones):
        for key, message in _zone_problems(zone, seen).items():
            problems[f"zones[{index}]" + (f".{key}" if key else "")] = message
    return problems


def normalise(zones: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Valid zones with every field present, in the spec's order (what the API returns)."""
    return [
        {
            "id": zone["id"],
            "name": zone.get("name", ""),
            "type": zone["type"],
            "x": zone["x"],
            "y": zone["y"],
            "width": zone["width"],
            "height": zone["height"],
            "zIndex": zone.get("zIndex", 0),
            "backgroundColor": zone.get("backgroundColor"),
            "padding": zone.get("padding", 0),
            "styleJson": zone.get("styleJson", {}),
        }
        for zone in zones
    ]


def _zone(zone_id: str, name: str, kind: str, x: float, y: float, w: float, h: float, **extra: Any) -> dict:
    return {"id": zone_id, "name": name, "type": kind, "x": x, "y": y, "width": w, "height": h, **extra}


SEEDED_TEMPLATES: tuple[dict[str, Any], ...] = (
    {
        "name": "Fullscreen",
        "description": "One zone over the whole screen.",
        "zones": [_zone("main", "Main", "CONTENT", 0, 0, 100, 100)],
    },
    {
        "name": "Main + bottom ticker",
        "description": "Content above a scrolling ticker.",
        "zones": [
            _zone("main", "Main", "CONTENT", 0, 0, 100, 88),
            _zone(
                "ticker",
                "Ticker",
                "TICKER",
                0,
                88,
                100,
                12,
                backgroundColor="#0f172a",
                styleJson={"speed": 80},
            ),
        ],
    },
    {
        "name": "Main + side panel",
        "description": "Content with a side panel showing the clock and the weather.",
        "zones": [
            _zone("main", "Main", "CONTENT", 0, 0, 75, 100),
            _zone(
                "clock",
                "Clock",
                "CLOCK",
                75,
                0,
                25,
                40,
                backgroundColor="#0f172a",
                styleJson={"format": "HH:mm"},
            ),
            _zone("weather", "Weather", "WEATHER", 75, 40, 25, 60, backgroundColor="#1e293b"),
        ],
    },
    {
        "name": "Two-way split",
        "description": "Two content zones side by side.",
        "zones": [
            _zone("left", "Left", "CONTENT", 0, 0, 50, 100),
            _zone("right", "Right", "CONTENT", 50, 0, 50, 100),
        ],
    },
)


def weather_asks(zones: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """The (city, units) the layout's WEATHER zones ask the server for, read from styleJson as
    the player's weather zone reads it (static/player/src/render/widgets.js): a blank city asks
    nothing, any units but imperial are metric."""
    asks = set()
    for zone in zones:
        style = zone.get("styleJson")
        if zone.get("type") != "WEATHER" or not isinstance(style, dict):
            continue
        city = style.get("city")
        if isinstance(city, str) and city.strip():
            asks.add((city.strip(), "imperial" if style.get("units") == "imperial" else "metric"))
    return asks
