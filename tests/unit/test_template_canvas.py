"""signage.content.canvas: a template's resolution, its bounds and its thumbnail's size."""

from __future__ import annotations

from signage.content.canvas import canvas_problems, thumbnail_size


def test_bounds() -> None:
    assert canvas_problems(1920, 1080) == {} and canvas_problems(None, None) == {}
    assert canvas_problems(100, 16384) == {}
    assert set(canvas_problems(99, 16385)) == {"canvas_width", "canvas_height"}
    assert set(canvas_problems(True, "1080")) == {"canvas_width", "canvas_height"}
    assert set(canvas_problems(1920.5, None)) == {"canvas_width"}
    assert "between 100 and 16384" in canvas_problems(0, None)["canvas_width"]


def test_thumbnail_keeps_the_aspect() -> None:
    assert thumbnail_size(1920, 1080) == (320, 180)
    assert thumbnail_size(1080, 1920) == (180, 320)
    assert thumbnail_size(1000, 1000) == (320, 320)
    assert thumbnail_size(16384, 100) == (320, 2)
