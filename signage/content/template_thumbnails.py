"""A template's thumbnail: its zones drawn as a small PNG, stored like a media's thumbnail
(content-addressed key under its own folder, served by /media/<key> or the CDN).

Drawing is CPU work (Pillow): it runs on a native thread (signage.offload), never on the
event loop. A thumbnail that cannot be made or stored leaves the previous one and is logged:
saving the layout itself never fails because of it.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from signage import offload
from signage.content.canvas import thumbnail_size
from signage.extensions import db
from signage.media.keys import content_key, folder_of, is_valid_key, new_folder
from signage.media.storage import get_storage
from signage.media.uploads import file_digest
from signage.models import Template

log = logging.getLogger(__name__)

SIZE = (320, 180)  # a 16:9 canvas's; others keep their own aspect (canvas.thumbnail_size)
BACKGROUND = (15, 23, 42)
# The console's colours per zone type (static/console/src/layout-designer.js).
COLOURS = {
    "CONTENT": (56, 189, 248),
    "TICKER": (245, 158, 11),
    "CLOCK": (167, 139, 250),
    "WEATHER": (52, 211, 153),
    "DATASET": (244, 114, 182),
}
OTHER = (148, 163, 184)


def render_layout(zones: list[dict[str, Any]], target: Path, size: tuple[int, int] = SIZE) -> None:
    """The zones (valid, in percent) as a PNG of `size`, stacked by zIndex."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGBA", size, (*BACKGROUND, 255))
    for zone in sorted(zones, key=lambda z: z.get("zIndex", 0)):
        layer = Image.new("RGBA", size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        box = (
            round(zone["x"] * width / 100),
            round(zone["y"] * height / 100),
            max(round((zone["x"] + zone["width"]) * width / 100) - 1, 0),
            max(round((zone["y"] + zone["height"]) * height / 100) - 1, 0),
        )
        colour = COLOURS.get(zone.get("type", ""), OTHER)
        draw.rectangle(box, fill=(*colour, 110), outline=(226, 232, 240, 255), width=1)
        image = Image.alpha_composite(image, layer)
    image.convert("RGB").save(target, "PNG", optimize=True)


def refresh_thumbnail(template: Template) -> None:
    """Draw and store the template's current layout; the row then points at the new object
    and the old one is removed. Commits."""
    storage = get_storage()
    old_key = template.thumbnail_s3_key
    try:
        with tempfile.TemporaryDirectory(prefix="signage-template-") as tmp:
            path = Path(tmp) / "thumbnail.png"
            size = thumbnail_size(template.canvas_width, template.canvas_height)
            offload.in_thread(render_layout, list(template.zones), path, size)
            folder = folder_of(old_key) if old_key and is_valid_key(old_key) else new_folder()
            key = content_key(folder, file_digest(path), "png", role="thumb-")
            if key != old_key:
                storage.put_file(key, path, "image/png")
    except Exception:
        log.exception("template %s: no thumbnail could be made", template.id)
        return
    if key == old_key:
        return
    template.thumbnail_s3_key = key
    db.session.commit()
    if old_key:
        forget_thumbnail(old_key)


def draw_missing_thumbnails() -> int:
    """Thumbnails for the templates that have none (made before thumbnails existed, or whose
    drawing failed); the release step runs it. Returns how many were drawn."""
    drawn = 0
    for template in db.session.scalars(select(Template).where(Template.thumbnail_s3_key.is_(None))).all():
        refresh_thumbnail(template)
        drawn += template.thumbnail_s3_key is not None
    return drawn


def forget_thumbnail(key: str | None) -> None:
    """Remove a thumbnail object no row points at any more (best effort)."""
    if not key:
        return
    try:
        get_storage().delete([key])
    except Exception:
        log.warning("could not remove the thumbnail %s", key, exc_info=True)
