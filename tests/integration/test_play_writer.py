"""The proof-of-play writer (issue 14): plays from many screens are written in one transaction
per flush, a caller's answer (the Socket.IO acknowledgement, the REST body) comes only after
that commit, and a flush that fails answers an error, after which the resent plays are stored
exactly once."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from signage.extensions import db
from signage.models import Media, MediaType, ProofOfPlay
from signage.monitoring.proof_of_play import FlushFailed, PlayWriter, check_plays
from tests.support import listening, make_screen


def a_play(media_id: int, **extra) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": str(uuid.uuid4()),
        "mediaId": str(media_id),
        "playedAt": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        "durationSeconds": 10,
        **extra,
    }


def count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ProofOfPlay)) or 0


@pytest.fixture
def media(app, clean_db) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        row = Media(name="Poster", type=MediaType.IMAGE)
        db.session.add(row)
        db.session.commit()
        return row.id


def submit_in_background(writer: PlayWriter, screen_id: int, items: list) -> dict:  # type: ignore[type-arg]
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = writer.submit(check_plays(screen_id, items, datetime.now(UTC)), wait=20)
        except FlushFailed as exc:
            outcome["error"] = str(exc)

    outcome["thread"] = threading.Thread(target=run)
    outcome["thread"].start()
    return outcome


def wait_pending(writer: PlayWriter, n: int) -> None:
    deadline = datetime.now(UTC) + timedelta(seconds=5)
    while len(writer._pending) < n:
        assert datetime.now(UTC) < deadline, "the submissions never reached the queue"
        threading.Event().wait(0.01)


def test_many_screens_one_transaction_and_answers_only_after_the_commit(app, media) -> None:
    screens = [make_screen(app, f"S{i}") for i in range(3)]
    writer = PlayWriter(app, interval=3600)  # flushed by hand below
    batches = {s: [a_play(media), a_play(media)] for s in screens}
    waiting = [submit_in_background(writer, s, items) for s, items in batches.items()]
    wait_pending(writer, 3)
    assert count(app) == 0 and all("result" not in w for w in waiting)  # nobody answered yet

    commits: list[int] = []
    with listening(app, "commit", lambda _conn: commits.append(1)):
        assert writer.flush() == 3
    for w in waiting:
        w["thread"].join(5)
        assert w["result"].json() == {"accepted": 2, "duplicates": 0, "rejected": []}
    assert len(commits) == 1 and count(app) == 6

    # The same plays again (a player that did not get its answer): duplicates, nothing new.
    again = submit_in_background(writer, screens[0], batches[screens[0]])
    wait_pending(writer, 1)
    writer.flush()
    again["thread"].join(5)
    assert again["result"].json() == {"accepted": 0, "duplicates": 2, "rejected": []}
    assert count(app) == 6


def test_a_failed_flush_acknowledges_nothing_and_the_resend_counts_once(app, media) -> None:
    screen = make_screen(app)
    writer = PlayWriter(app, interval=0.05)
    items = [a_play(media), a_play(media), {"id": "bad"}]
    failures = [1]

    def fail_once(_session) -> None:  # type: ignore[no-untyped-def]
        # Only the writer's commit: another one of this process (a background job an earlier
        # test enqueued, say) must not take the failure instead; it did, now and then.
        if failures and threading.current_thread() is writer._thread:
            failures.pop()
            raise RuntimeError("disk full")

    from flask_sqlalchemy.session import Session

    event.listen(Session, "before_commit", fail_once)
    try:
        with pytest.raises(FlushFailed):
            writer.submit(check_plays(screen, items, datetime.now(UTC)), wait=10)
    finally:
        event.remove(Session, "before_commit", fail_once)
    assert count(app) == 0  # the inserts went with the failed transaction

    resent = writer.submit(check_plays(screen, items, datetime.now(UTC)), wait=10)
    assert (resent.accepted, resent.duplicates, [r["index"] for r in resent.rejected]) == (2, 0, [2])
    resent = writer.submit(check_plays(screen, items, datetime.now(UTC)), wait=10)
    assert (resent.accepted, resent.duplicates) == (0, 2)
    assert count(app) == 2


def test_the_same_play_twice_in_one_flush_is_stored_once(app, media) -> None:
    screen = make_screen(app)
    writer = PlayWriter(app, interval=3600)
    one = a_play(media)
    first, second = (submit_in_background(writer, screen, [one]) for _ in range(2))
    wait_pending(writer, 2)
    writer.flush()
    for w in (first, second):
        w["thread"].join(5)
    answers = sorted((w["result"].accepted, w["result"].duplicates) for w in (first, second))
    assert answers == [(0, 1), (1, 0)] and count(app) == 1


def test_a_batch_with_nothing_to_store_answers_without_waiting(app, media) -> None:
    screen = make_screen(app)
    writer = PlayWriter(app, interval=3600)
    result = writer.submit(check_plays(screen, [{"id": "x"}], datetime.now(UTC)), wait=0.1)
    assert result.accepted == 0 and [r["index"] for r in result.rejected] == [0]
