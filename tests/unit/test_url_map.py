"""The app's URL map remembers its matches (signage.web.url_map): the same answers as
werkzeug's, no reference cycle per match, failures raised every time."""

from __future__ import annotations

import gc

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from signage.web.url_map import MAX_REMEMBERED, RememberingMap


def rules() -> list[Rule]:
    return [
        Rule("/api/player/<int:screen_id>/schedule", endpoint="schedule", methods=["GET"]),
        Rule("/media/<path:key>", endpoint="media", defaults={"inline": True}),
        Rule("/healthz", endpoint="health"),
    ]


@pytest.mark.parametrize(
    ("path", "method"),
    [("/api/player/7/schedule", "GET"), ("/media/a/b.png", "GET"), ("/healthz", "HEAD"),
     ("/api/player/7/schedule/", "GET")],  # a redirect to the canonical path
)  # fmt: skip
def test_it_answers_as_werkzeug_does(path: str, method: str) -> None:
    ours, theirs = RememberingMap(rules()).bind("example.org"), Map(rules()).bind("example.org")
    for _ in range(2):  # the second answer comes from memory
        try:
            expected = theirs.match(path, method)
        except Exception as error:
            with pytest.raises(type(error)):
                ours.match(path, method)
        else:
            assert ours.match(path, method) == expected


def test_failures_are_raised_every_time_and_values_are_copies() -> None:
    adapter = RememberingMap(rules()).bind("example.org")
    for _ in range(2):
        with pytest.raises(NotFound):
            adapter.match("/nowhere")
        with pytest.raises(MethodNotAllowed):
            adapter.match("/api/player/7/schedule", "POST")
    endpoint, values = adapter.match("/media/a.png")
    values["key"] = "changed"
    assert adapter.match("/media/a.png") == ("media", {"key": "a.png", "inline": True})


def test_a_rule_added_later_is_matched_and_memory_is_bounded() -> None:
    url_map = RememberingMap(rules())
    adapter = url_map.bind("example.org")
    assert adapter.match("/api/player/1/schedule")[0] == "schedule"
    url_map.add(Rule("/api/player/<int:screen_id>/<name>", endpoint="other"))
    assert url_map.bind("example.org").match("/api/player/1/config")[0] == "other"
    for n in range(MAX_REMEMBERED + 10):
        adapter.match(f"/api/player/{n}/schedule")
    assert len(url_map._matcher._remembered) <= MAX_REMEMBERED


def test_a_remembered_match_makes_no_reference_cycle() -> None:
    adapter = RememberingMap(rules()).bind("example.org")
    adapter.match("/api/player/7/schedule")
    gc.collect()
    gc.disable()
    try:
        for _ in range(50):
            adapter.match("/api/player/7/schedule")
        assert gc.collect() == 0
        Map(rules()).bind("example.org").match("/api/player/7/schedule")
        assert gc.collect() > 0  # werkzeug's own matcher: what this module avoids
    finally:
        gc.enable()
