"""What a screen plays of a playlist (CONTRACT §5): the items it may show right now."""

from __future__ import annotations

from datetime import datetime

from signage.content.media_rules import is_showable
from signage.content.payloads import ordered_items
from signage.models import EncodingStatus, Media, MediaType, Playlist, PlaylistItem

# Types whose files are only usable once processed: a video is transcoded for playback, a
# PDF is shown as its rendered pages.
NEEDS_PROCESSING = frozenset({MediaType.VIDEO, MediaType.PDF})


def playable(media: Media, at: datetime) -> bool:
    if not is_showable(media.valid_from, media.valid_until, at):
        return False
    if media.encoding_status == EncodingStatus.ERROR:
        return False
    return media.type not in NEEDS_PROCESSING or media.encoding_status == EncodingStatus.DONE


def playable_items(playlist: Playlist, at: datetime) -> list[PlaylistItem]:
    """The playlist's items in play order, less those a screen may not show at `at`."""
    return [item for item in ordered_items(playlist) if playable(item.media, at)]
