"""The proof-of-play item model of the API's description (signage.web.player.proof_of_play
.PlayItem) gives the same verdict as the rules that check each item of a batch
(signage.monitoring.play_rules.parse_play) on every field but the time window, which only the
rules know (a play's `playedAt` is judged against the server's clock)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from signage.monitoring.play_rules import FIELDS, parse_play
from signage.web.player.proof_of_play import PlayItem

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
PLAYED = "2026-11-30T11:59:00Z"

ids = st.one_of(
    st.text(alphabet="abcXYZ019-_.:", min_size=1, max_size=64),
    st.sampled_from(["", "a b", "é", "x" * 65, "play\n"]),
    st.integers(),
    st.none(),
)
refs = st.one_of(
    st.integers(min_value=-3, max_value=2**31 + 2),
    st.sampled_from(["7", "0007", "0", "-1", "1e3", "abc", "", "12345678901", "٣"]),
    st.booleans(),
    st.floats(allow_nan=False),
    st.none(),
)
durations = st.one_of(
    st.floats(min_value=-10, max_value=90000, allow_nan=False),
    st.integers(-5, 90000),
    st.booleans(),
    st.text(max_size=3),
)


def _model_accepts(item: dict[str, Any]) -> bool:
    try:
        PlayItem.model_validate(item)
    except ValidationError:
        return False
    return True


def test_the_model_names_the_fields_the_rules_read() -> None:
    assert {field.alias for field in PlayItem.model_fields.values()} == FIELDS


@settings(max_examples=400, deadline=None)
@example(client_id="p", media_id="0", playlist_id="absent", duration=1, extra=False)
@example(client_id="p", media_id="9999999999", playlist_id="absent", duration=1, extra=False)
@example(client_id="p", media_id="0007", playlist_id=None, duration=0, extra=False)
@example(client_id="p", media_id=7, playlist_id=2**31, duration=86400.0, extra=False)
@example(client_id="p", media_id=7, playlist_id="7", duration=True, extra=False)
@given(
    client_id=ids,
    media_id=refs,
    playlist_id=st.one_of(refs, st.just("absent")),
    duration=durations,
    extra=st.booleans(),
)
def test_the_model_and_the_rules_agree(
    client_id: Any, media_id: Any, playlist_id: Any, duration: Any, extra: bool
) -> None:
    item: dict[str, Any] = {
        "id": client_id,
        "mediaId": media_id,
        "playedAt": PLAYED,
        "durationSeconds": duration,
    }
    if playlist_id != "absent":
        item["playlistId"] = playlist_id
    if extra:
        item["screenId"] = "1"
    play, problem = parse_play(item, NOW)
    assert _model_accepts(item) == (play is not None), (item, problem)


def test_only_the_rules_judge_the_time() -> None:
    for played_at in ("2020-01-01T00:00:00Z", "2026-12-25T00:00:00Z", "2026-11-30T11:59:00"):
        item = {"id": "p", "mediaId": 1, "playedAt": played_at, "durationSeconds": 1}
        assert _model_accepts(item) and parse_play(item, NOW)[0] is None
