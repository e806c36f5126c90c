"""What a screen plays of a playlist (CONTRACT §5): the items it may show right now."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, or_, select

from signage.content.media_rules import is_showable
from signage.extensions import db
from signage.models import (
    EncodingStatus,
    Media,
    MediaType,
    Schedule,
    ScheduleTarget,
    Screen,
)

# Types whose files are only usable once processed: a video is transcoded for playback, a
# PDF is shown as its rendered pages.
NEEDS_PROCESSING = frozenset({MediaType.VIDEO, MediaType.PDF})


def is_scheduled_for(playlist_id: int, screen: Screen) -> bool:
    """Whether any schedule (past, present or future) plays the playlist on this screen, so
    a player may fetch what its `upcoming` list announces, and nothing else."""
    targets = [(Schedule.target_type == ScheduleTarget.SCREEN) & (Schedule.target_id == screen.id)]
    if screen.group_id is not None:
        targets.append(
            (Schedule.target_type == ScheduleTarget.GROUP) & (Schedule.target_id == screen.group_id)
        )
    query = select(exists().where(Schedule.playlist_id == playlist_id, or_(*targets)))
    return bool(db.session.scalar(query))


def playable(media: Media, at: datetime) -> bool:
    if not is_showable(media.valid_from, media.valid_until, at):
        return False
    if media.encoding_status == EncodingStatus.ERROR:
        return False
    return media.type not in NEEDS_PROCESSING or media.encoding_status == EncodingStatus.DONE
