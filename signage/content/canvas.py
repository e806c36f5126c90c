"""A template's canvas: the resolution its layout is drawn for (issue 16, "landscape and
portrait canvases, and custom resolutions").

Pure (standard library only). Zones are percentages, so a screen of any size plays the
template; the canvas gives the aspect the designer, the thumbnail and the console's preview
draw it at. The bounds are the designer's (static/console/src/layout-geometry.js).
"""

from __future__ import annotations

from typing import Any

from signage.core.errors import N_, Text

MIN = 100
MAX = 16384
DEFAULT = (1920, 1080)
THUMBNAIL_LONGEST = 320


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def side_problem(value: Any) -> str | None:
    if not _whole(value) or not MIN <= value <= MAX:
        return Text(N_("Whole pixels between %(minimum)s and %(maximum)s."), minimum=MIN, maximum=MAX)
    return None


def canvas_problems(width: Any, height: Any) -> dict[str, str]:
    """Problems by field (`canvas_width`, `canvas_height`); None means not given."""
    problems: dict[str, str] = {}
    for name, value in (("canvas_width", width), ("canvas_height", height)):
        if value is not None and (problem := side_problem(value)):
            problems[name] = problem
    return problems


def thumbnail_size(width: int, height: int, longest: int = THUMBNAIL_LONGEST) -> tuple[int, int]:
    """The thumbnail's pixels: the canvas's aspect, its longer side `longest` (1920×1080 gives
    320×180, 1080×1920 gives 180×320)."""
    if width >= height:
        return longest, max(1, round(longest * height / width))
    return max(1, round(longest * width / height)), longest
