"""Screenshots (CONTRACT §6, spec "Screenshots — stockage et rétention").

A player answers `player:screenshot {commandId}` with `screen:screenshot_response {commandId,
imageBase64, width, height}`. The image is checked before anything is kept (base64, at most
5 MB, a JPEG that decodes to the last line, at most 1280 px wide), stored through the storage
layer at `screenshots/{screenId}/{timestamp}.jpg`, recorded (ScreenScreenshot, the screen's
lastScreenshotKey/At), the command DELIVERED, and `admin:screenshot_ready` sent. A bad image
fails its command and stores nothing. The newest 10 per screen are kept.

Screenshot keys can be guessed from a screen id and a time, so they are never public: the
console reads them through an authenticated route (signage.web.api.screenshots).
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from signage.core.errors import N_
from signage.extensions import db
from signage.media.keys import SCREENSHOT_PREFIX, is_screenshot_key, screenshot_key
from signage.media.storage import get_storage
from signage.models import (
    CommandStatus,
    CommandType,
    Screen,
    ScreenCommand,
    ScreenGroup,
    ScreenScreenshot,
    ScreenStatus,
)
from signage.monitoring.commands import acknowledge, fail, send_commands
from signage.monitoring.payloads import screenshot_ready_json
from signage.push import to_console

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_WIDTH = 1280
# A portrait 4K screen scaled to 1280 px wide is 2276 px high; beyond this is no screen.
MAX_HEIGHT = 4096
KEEP = 10
# An object with no row younger than this may be a capture whose row is being written.
ORPHAN_GRACE = timedelta(hours=1)
_DATA_URL = "data:image/jpeg;base64,"
_MAX_BASE64 = (MAX_BYTES + 2) // 3 * 4
FIELDS = frozenset({"commandId", "imageBase64", "width", "height"})


class ScreenshotRejected(ValueError):
    """The image cannot be kept; the message says why, for the command's error."""


def decode_jpeg(image_base64: Any) -> tuple[bytes, int, int]:
    """The JPEG's bytes, width and height, or ScreenshotRejected. Sizes are checked before
    decoding, so a crafted header never makes the server allocate a huge image."""
    from PIL import Image

    if not isinstance(image_base64, str) or not image_base64:
        raise ScreenshotRejected(N_("imageBase64 must be a non-empty string."))
    text = image_base64
    if text[: len(_DATA_URL)].lower() == _DATA_URL:  # canvas.toDataURL() gives this prefix
        text = text[len(_DATA_URL) :]
    if len(text) > _MAX_BASE64:
        raise ScreenshotRejected(N_("The screenshot is larger than 5 MB."))
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ScreenshotRejected(N_("imageBase64 is not valid base64.")) from exc
    if len(raw) > MAX_BYTES:
        raise ScreenshotRejected(N_("The screenshot is larger than 5 MB."))
    if not raw.startswith(b"\xff\xd8\xff"):
        raise ScreenshotRejected(N_("The screenshot is not a JPEG."))
    try:
        with Image.open(io.BytesIO(raw), formats=["JPEG"]) as image:
            width, height = image.size
            if not (0 < width <= MAX_WIDTH and 0 < height <= MAX_HEIGHT):
                raise ScreenshotRejected(
                    f"The screenshot is {width}x{height}: at most {MAX_WIDTH} px wide, {MAX_HEIGHT} px high."
                )
            image.load()  # decodes every line: a truncated or corrupt file fails here
    except ScreenshotRejected:
        raise
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError... on bad data
        raise ScreenshotRejected(f"The screenshot could not be decoded as a JPEG: {exc}") from exc
    return raw, width, height


def _command(screen_id: int, raw: Any) -> ScreenCommand | None:
    text = str(raw) if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    return db.session.scalar(
        select(ScreenCommand).where(
            ScreenCommand.id == int(text),
            ScreenCommand.screen_id == screen_id,
            ScreenCommand.command == CommandType.SCREENSHOT,
        )
    )


def _reject(command: ScreenCommand, reason: str) -> None:
    if command.status == CommandStatus.DELIVERED:
        # Acknowledged on receipt, before its capture came: the capture is what was asked for.
        command.status = CommandStatus.PENDING
    fail(command, reason)


def store_screenshot(screen_id: int, data: Any, now: datetime | None = None) -> ScreenScreenshot | None:
    """Handle one `screen:screenshot_response` of the screen `screen_id` (from its socket)."""
    if not isinstance(data, dict):
        log.info("screen %s: screenshot response ignored: not an object", screen_id)
        return None
    command = _command(screen_id, data.get("commandId"))
    if command is None or command.status == CommandStatus.FAILED:
        # Only an answer to this screen's own live request is kept: a player cannot fill the
        # storage with images nobody asked for.
        log.info(
            "screen %s: screenshot ignored: no open SCREENSHOT command %r", screen_id, data.get("commandId")
        )
        db.session.rollback()
        return None
    unknown = sorted(set(data) - FIELDS)
    try:
        if unknown:
            raise ScreenshotRejected(f"Unknown fields: {', '.join(unknown)}.")
        raw, width, height = decode_jpeg(data.get("imageBase64"))
    except ScreenshotRejected as exc:
        log.info("screen %s: screenshot of command %s rejected: %s", screen_id, command.id, exc)
        _reject(command, str(exc))
        return None

    taken_at = now or datetime.now(UTC)
    key = screenshot_key(screen_id, taken_at)
    storage = get_storage()
    fd, tmp = tempfile.mkstemp(prefix="signage-shot-", suffix=".jpg")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        storage.put_file(key, Path(tmp), "image/jpeg")
    finally:
        Path(tmp).unlink(missing_ok=True)
    try:
        shot = ScreenScreenshot(
            screen_id=screen_id,
            s3_key=key,
            taken_at=taken_at,
            command_id=command.id,
            width=width,
            height=height,
            file_size_bytes=len(raw),
        )
        db.session.add(shot)
        screen = db.session.get(Screen, screen_id)
        if screen is None:
            raise LookupError(f"screen {screen_id} is gone")
        screen.last_screenshot_key, screen.last_screenshot_at = key, taken_at
        db.session.commit()
    except Exception:
        db.session.rollback()
        _delete_objects([key])
        raise
    acknowledge(screen_id, command.id, "DELIVERED")
    to_console("admin:screenshot_ready", screenshot_ready_json(shot))
    keep_newest(screen_id)
    return shot


def _delete_objects(keys: list[str]) -> None:
    if not keys:
        return
    try:
        get_storage().delete(keys)
    except Exception:  # an object left behind is found again by purge-screenshots
        log.exception("could not remove screenshots %s", keys)


def keep_newest(screen_id: int, keep: int = KEEP) -> int:
    """Delete the screen's screenshots beyond the newest `keep`, rows then objects."""
    old = db.session.execute(
        select(ScreenScreenshot.id, ScreenScreenshot.s3_key)
        .where(ScreenScreenshot.screen_id == screen_id)
        .order_by(ScreenScreenshot.taken_at.desc(), ScreenScreenshot.id.desc())
        .offset(keep)
    ).all()
    if not old:
        db.session.rollback()
        return 0
    db.session.execute(delete(ScreenScreenshot).where(ScreenScreenshot.id.in_([row.id for row in old])))
    db.session.commit()
    _delete_objects([row.s3_key for row in old])
    return len(old)


def _taken_at(key: str) -> datetime:
    return datetime.strptime(key.rsplit("/", 1)[1][:-4], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)


def purge(moment: datetime) -> int:
    """Keep the newest 10 per screen, and remove stored captures no row names (a screen
    deleted, a failed removal): the purge-screenshots job. Returns objects removed."""
    crowded = db.session.scalars(
        select(ScreenScreenshot.screen_id)
        .group_by(ScreenScreenshot.screen_id)
        .having(func.count(ScreenScreenshot.id) > KEEP)
    ).all()
    removed = sum(keep_newest(screen_id) for screen_id in crowded)
    known = set(db.session.scalars(select(ScreenScreenshot.s3_key)))
    db.session.rollback()
    orphans = [
        key
        for key in get_storage().list(SCREENSHOT_PREFIX)
        if is_screenshot_key(key) and key not in known and moment - _taken_at(key) > ORPHAN_GRACE
    ]
    _delete_objects(orphans)
    log.info("purge-screenshots: %d over the limit, %d orphans removed", removed, len(orphans))
    return removed + len(orphans)


def request_automatic(moment: datetime) -> int:
    """Ask a SCREENSHOT of every screen whose group takes them automatically and whose last
    one is older than the group's interval (spec phase 3). A screen that is offline, not
    activated, or still owes the previous capture is skipped: nothing piles up for it."""
    rows = db.session.execute(
        select(Screen, ScreenGroup.screenshot_interval_minutes)
        .join(ScreenGroup, ScreenGroup.id == Screen.group_id)
        .where(
            ScreenGroup.screenshot_interval_minutes.is_not(None),
            Screen.status != ScreenStatus.OFFLINE,
            Screen.player_jwt_hash.is_not(None),
        )
    ).all()
    due = [
        screen
        for screen, minutes in rows
        if screen.last_screenshot_at is None
        or screen.last_screenshot_at <= moment - timedelta(minutes=minutes)
    ]
    if not due:
        return 0
    waiting = set(
        db.session.scalars(
            select(ScreenCommand.screen_id).where(
                ScreenCommand.screen_id.in_([s.id for s in due]),
                ScreenCommand.command == CommandType.SCREENSHOT,
                ScreenCommand.status == CommandStatus.PENDING,
            )
        )
    )
    due = [screen for screen in due if screen.id not in waiting]
    if due:
        send_commands(due, CommandType.SCREENSHOT.value, now=moment)
    return len(due)
