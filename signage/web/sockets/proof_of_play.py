"""`screen:proof_of_play` (CONTRACT §6): one play or a list of plays from the player's socket,
answered through the Socket.IO acknowledgement with the REST endpoint's body, so the player
can drop from its outbox exactly what the server kept. The handler reads nothing: the plays
are checked here and written by the process's writer with every other screen's (group commit);
the acknowledgement leaves once they are committed, or says they were not."""

from __future__ import annotations

import logging
from typing import Any

from signage.monitoring.budget_rules import PROOF_OF_PLAY
from signage.monitoring.proof_of_play import FLUSH_FAILED, BatchTooLarge, FlushFailed, submit_plays
from signage.web.sockets.player_events import socket_screen_id, socket_within_budget

log = logging.getLogger(__name__)

OVER_BUDGET = "Too many proof-of-play messages: send them again later."


def on_proof_of_play(data: Any = None) -> dict[str, Any] | None:
    screen_id = socket_screen_id()
    if screen_id is None:
        return None
    if not socket_within_budget(screen_id, PROOF_OF_PLAY):
        # Not stored, not acknowledged: the player keeps the plays and sends them again later.
        return {"error": OVER_BUDGET}
    items = data if isinstance(data, list) else [data]
    # A socket handler must never raise: record what can be recorded and say what was not.
    try:
        return submit_plays(screen_id, items).json()
    except (BatchTooLarge, FlushFailed) as exc:
        return {"error": str(exc)}
    except Exception:
        log.exception("screen %s: could not store its plays", screen_id)
        return {"error": FLUSH_FAILED}
