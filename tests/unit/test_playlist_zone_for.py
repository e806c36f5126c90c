"""Where "add to a playlist" puts a media (pure): the first zone, in the layout's order, that
plays its type."""

from __future__ import annotations

from signage.content.playlist_rules import zone_for

ZONES = [
    {"id": "clock", "type": "CLOCK"},
    {"id": "ticker", "type": "TICKER"},
    {"id": "main", "type": "CONTENT"},
    {"id": "side", "type": "CONTENT"},
    {"id": "table", "type": "DATASET"},
]


def test_each_type_goes_to_the_first_zone_that_plays_it() -> None:
    assert zone_for("IMAGE", ZONES) == "main"
    assert zone_for("WEBPAGE", ZONES) == "main"
    assert zone_for("RSS", ZONES) == "ticker"
    assert zone_for("DATASET", ZONES) == "table"


def test_no_zone_for_it_or_a_malformed_layout() -> None:
    assert zone_for("RSS", [{"id": "main", "type": "CONTENT"}]) is None
    assert zone_for("IMAGE", []) is None
    assert zone_for("IMAGE", [{"type": "CONTENT"}]) is None  # a zone without an id
    assert zone_for("IMAGE", [{"id": "x", "type": "SPARKLES"}]) is None
