"""signage.datasources.fields: the records a mapping reads and the checks of a mapping."""

from __future__ import annotations

from signage.datasources.fields import available, clean_fields, mapping_of, records

ROWS = [{"a": 1, "b": 2}, {"c": 3, "a": 4}, "not a record"]


def test_records_and_their_fields() -> None:
    assert records(ROWS) == [{"a": 1, "b": 2}, {"c": 3, "a": 4}]
    assert available(ROWS) == ["a", "b", "c"]
    table = {"columns": ["Train", "Time"], "rows": [["TGV", "10:05"]]}
    assert records(table) == [{"Train": "TGV", "Time": "10:05"}]
    assert available(table) == ["Train", "Time"]
    assert available({"title": "alone"}) == ["title"]
    assert available(42) == [] and records(None) == []


def test_clean_mapping() -> None:
    assert clean_fields(None, "RSS", None) == ({"title": None, "text": None, "image": None}, {})
    clean, problems = clean_fields({"title": "a", "text": "", "image": None}, "JSON_URL", ROWS)
    assert clean == {"title": "a", "text": None, "image": None} and problems == {}
    assert mapping_of(None, None, None) is None
    assert mapping_of("a", None, None) == {"title": "a", "text": None, "image": None}


def test_refusals_name_the_field() -> None:
    _, problems = clean_fields({"title": "z", "image": "c"}, "JSON_URL", ROWS)
    assert list(problems) == ["fields.title"] and '"z"' in problems["fields.title"]
    assert "a, b, c" in problems["fields.title"]
    _, problems = clean_fields({"title": "a"}, "RSS", {"items": []})
    assert list(problems) == ["fields"]
    _, problems = clean_fields({"title": "a"}, "CSV", None)
    assert "Nothing fetched yet" in problems["fields"]
    _, problems = clean_fields({"title": "x" * 201, "other": "a"}, "CSV", ROWS)
    assert set(problems) == {"fields.title", "fields.other"}
    _, problems = clean_fields(["a"], "CSV", ROWS)
    assert list(problems) == ["fields"]
    _, problems = clean_fields({"title": "q"}, "JSON_URL", [])
    assert "no records" in problems["fields.title"]
