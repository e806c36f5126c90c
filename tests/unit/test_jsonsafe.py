from __future__ import annotations

import pytest

from signage.core.jsonsafe import MAX_DEPTH, JsonError, depth_exceeds, loads


def nested(levels: int, open_: str = "[", close: str = "]") -> str:
    return open_ * levels + close * levels


def test_ordinary_documents_parse() -> None:
    assert loads(b'{"zones": [{"x": 0, "style": {"color": "#fff"}}]}') == {
        "zones": [{"x": 0, "style": {"color": "#fff"}}]
    }
    assert loads('"été"'.encode()) == "été"
    assert loads("[]") == []


def test_the_depth_limit_is_exact_for_arrays_and_objects() -> None:
    assert loads(nested(MAX_DEPTH)) is not None
    with pytest.raises(JsonError, match=f"nests more than {MAX_DEPTH} levels"):
        loads(nested(MAX_DEPTH + 1))
    deep_object = '{"a":' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)
    with pytest.raises(JsonError, match="nests"):
        loads(deep_object)


def test_hostile_depths_never_raise_recursion_error() -> None:
    for levels in (900, 5_000, 100_000):
        with pytest.raises(JsonError):
            loads(nested(levels))
    with pytest.raises(JsonError):
        loads("[" * 100_000)  # unterminated as well


def test_not_json_is_a_json_error() -> None:
    for raw in (b"{nope", b"", b"\xff\xfe\x00", "[1,]"):
        with pytest.raises(JsonError, match="Not valid JSON"):
            loads(raw)


def test_depth_counts_containers_only() -> None:
    assert not depth_exceeds([1, "x", None, {"a": [2]}], 3)
    assert depth_exceeds([1, "x", None, {"a": [2]}], 2)
    assert not depth_exceeds("scalar", 0)
