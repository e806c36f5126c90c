"""The data source parsers and value rules (pure): feeds, CSV, JSON paths, bounds, refusals."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from signage.datasources import parsers, rules
from signage.datasources.parsers import ParseError, parse, parse_csv, parse_feed, parse_json, preview

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News</title>
  <item><title>  First   story </title><link>https://example.com/1</link>
    <pubDate>Tue, 10 Mar 2026 09:30:00 +0100</pubDate></item>
  <item><title>Second</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
  <entry><title type="html">Hello</title>
    <link rel="self" href="https://example.com/self"/>
    <link rel="alternate" href="https://example.com/hello"/>
    <updated>2026-03-10T08:00:00Z</updated><published>2026-03-09T07:00:00+02:00</published></entry>
</feed>"""


def test_rss_items_are_title_link_and_utc_instant() -> None:
    data = parse_feed(RSS)
    assert data == {
        "items": [
            {"title": "First story", "link": "https://example.com/1", "published": "2026-03-10T08:30:00Z"},
            {"title": "Second", "link": None, "published": None},  # only http(s) links
        ]
    }


def test_atom_entries_take_the_alternate_link_and_the_published_date() -> None:
    assert parse_feed(ATOM) == {
        "items": [
            {"title": "Hello", "link": "https://example.com/hello", "published": "2026-03-09T05:00:00Z"}
        ]
    }


def test_a_feed_is_capped_at_fifty_items() -> None:
    items = "".join(f"<item><title>n{i}</title></item>" for i in range(80))
    data = parse_feed(f"<rss><channel>{items}</channel></rss>".encode())
    assert len(data["items"]) == parsers.MAX_ITEMS == 50
    assert data["items"][-1]["title"] == "n49"


def test_billion_laughs_and_external_entities_are_refused() -> None:
    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>"""
    with pytest.raises(ParseError, match="DOCTYPE"):
        parse_feed(laughs)
    external = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>'
    with pytest.raises(ParseError, match="DOCTYPE"):
        parse_feed(external)
    # The same declaration in UTF-16 is still seen.
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "b">]><rss/>'.encode("utf-16")
    with pytest.raises(ParseError, match="DOCTYPE"):
        parse_feed(utf16)


def test_not_a_feed_or_not_xml_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="Not an RSS or Atom feed"):
        parse_feed(b"<html><body/></html>")
    with pytest.raises(ParseError, match="well-formed"):
        parse_feed(b"<rss><channel>")


def test_real_world_feeds_rss_091_with_its_doctype_and_rss_1_0() -> None:
    rss091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title>
  <item><title>March\xe9 de No\xebl</title><link>https://old.example/1</link></item>
</channel></rss>"""
    assert parse_feed(rss091)["items"] == [
        {"title": "March\u00e9 de No\u00ebl", "link": "https://old.example/1", "published": None}
    ]
    rdf = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://r.example/"><title>R</title></channel>
  <item rdf:about="https://r.example/a"><title>A</title><link>https://r.example/a</link>
    <dc:date>2026-03-10T08:00:00+01:00</dc:date></item>
</rdf:RDF>"""
    assert parse_feed(rdf)["items"] == [
        {"title": "A", "link": "https://r.example/a", "published": "2026-03-10T07:00:00Z"}
    ]


def test_markup_and_entities_in_titles_become_plain_text_and_bad_dates_none() -> None:
    body = b"""<rss version="2.0"><channel>
  <item><title>Caf&amp;eacute; &lt;b&gt;ouvert&lt;/b&gt; &amp;amp; terrasse</title>
    <pubDate>Mon, 32 Foo 2026 99:00</pubDate></item>
  <item><title><![CDATA[<script>alert(1)</script>Soldes]]></title>
    <pubDate>10 Mar 2026 09:30 GMT</pubDate></item>
</channel></rss>"""
    items = parse_feed(body)["items"]
    assert items[0] == {"title": "Caf\u00e9 ouvert & terrasse", "link": None, "published": None}
    assert items[1]["title"] == "Soldes"
    assert items[1]["published"] == "2026-03-10T09:30:00Z"


def test_a_sloppy_feed_is_still_read() -> None:
    # An undefined entity and an unclosed item: what a hand-made CMS template produces.
    body = (
        b"<rss version='2.0'><channel><item><title>A &nbsp; B</title></item><item><title>C</title></channel>"
    )
    assert [item["title"] for item in parse_feed(body)["items"]] == ["A B", "C"]


def test_a_body_naming_a_local_file_is_never_opened(tmp_path) -> None:
    secret = tmp_path / "feed.xml"
    secret.write_bytes(
        b"<rss version='2.0'><channel><item><title>local secret</title></item></channel></rss>"
    )
    with pytest.raises(ParseError):
        parse_feed(str(secret).encode())


def test_csv_first_line_names_the_columns_and_rows_are_as_wide() -> None:
    body = "\ufeffCity;Temp;Note\nParis;12;ok\n\nLyon;9\nNice;15;sun;extra\n".encode()
    assert parse_csv(body) == {
        "columns": ["City", "Temp", "Note"],
        "rows": [["Paris", "12", "ok"], ["Lyon", "9", ""], ["Nice", "15", "sun"]],
    }


def test_csv_is_capped_in_rows_and_columns() -> None:
    header = ",".join(f"c{i}" for i in range(40))
    lines = [header] + [",".join(str(i) for _ in range(40)) for i in range(700)]
    data = parse_csv("\n".join(lines).encode())
    assert len(data["columns"]) == parsers.MAX_COLUMNS == 30
    assert len(data["rows"]) == parsers.MAX_ROWS == 500
    assert all(len(row) == 30 for row in data["rows"])


def test_csv_in_a_legacy_encoding_and_an_empty_file() -> None:
    assert parse_csv("Café,Prix\nCrème,3\n".encode("cp1252"))["columns"] == ["Café", "Prix"]
    with pytest.raises(ParseError, match="empty"):
        parse_csv(b"\n \n")


def test_json_path_selects_keys_and_indexes() -> None:
    body = json.dumps({"data": {"items": [{"name": "a"}, {"name": "b"}]}}).encode()
    assert parse_json(body) == {"data": {"items": [{"name": "a"}, {"name": "b"}]}}
    assert parse_json(body, "data.items") == [{"name": "a"}, {"name": "b"}]
    assert parse_json(body, "data.items.1.name") == "b"
    with pytest.raises(ParseError, match='nothing at "data.nope"'):
        parse_json(body, "data.nope.x")
    with pytest.raises(ParseError, match="nothing at"):
        parse_json(body, "data.items.7")


def test_json_too_large_once_selected_or_not_json() -> None:
    big = json.dumps({"small": [1], "big": ["x" * 1000] * 400}).encode()
    with pytest.raises(ParseError, match="config.path"):
        parse_json(big)
    assert parse_json(big, "small") == [1]
    with pytest.raises(ParseError, match="Not valid JSON"):
        parse_json(b"{nope")
    with pytest.raises(ParseError, match="nests more than 64 levels"):
        parse_json(b"[" * 100_000 + b"]" * 100_000)
    # Parses, but would break serialising it again for the screens (a 500 and a job failing
    # for ever before the depth limit).
    with pytest.raises(ParseError, match="nests more than 64 levels"):
        parse_json(b'{"a":' * 900 + b"1" + b"}" * 900)


def test_parse_dispatches_on_the_type_and_preview_keeps_the_first() -> None:
    assert parse("RSS", RSS)["items"][0]["title"] == "First story"
    assert parse("CSV", b"a,b\n1,2\n") == {"columns": ["a", "b"], "rows": [["1", "2"]]}
    assert parse("JSON_URL", b'{"a": [1, 2]}', "a") == [1, 2]
    assert preview({"items": list(range(9))}) == {"items": [0, 1, 2, 3, 4]}
    assert preview({"columns": ["a"], "rows": [[i] for i in range(9)]})["rows"] == [[0], [1], [2], [3], [4]]
    assert preview(list(range(9))) == [0, 1, 2, 3, 4]
    assert preview(42) == 42


def test_config_url_headers_and_path_rules() -> None:
    config, problems = rules.clean_config({"url": " https://x.example/feed "}, "RSS")
    assert (config, problems) == ({"url": "https://x.example/feed"}, {})
    _, problems = rules.clean_config({"url": "ftp://x.example/", "path": "a", "extra": 1}, "CSV")
    assert set(problems) == {"config.url", "config.path", "config.extra"}
    _, problems = rules.clean_config({"url": "https://user:pw@x.example/"}, "RSS")
    assert "credentials" in problems["config.url"]
    _, problems = rules.clean_config({"url": "https://x.example/", "path": "a..b"}, "JSON_URL")
    assert set(problems) == {"config.path"}
    for headers in ({"Bad Name": "v"}, {"X-A": "a\r\nInjected: 1"}, {"Host": "evil"}, {"X-A": 1}, ["x"]):
        _, problems = rules.clean_config({"url": "https://x.example/", "headers": headers}, "RSS")
        assert set(problems) == {"config.headers"}, headers
    assert set(rules.clean_config("nope", "RSS")[1]) == {"config"}


def test_masked_header_values_keep_the_stored_secret() -> None:
    stored = {"url": "https://x.example/", "headers": {"Authorization": "Bearer s3cret"}}
    assert rules.masked(stored) == {"url": "https://x.example/", "headers": {"Authorization": rules.MASK}}
    sent = {"url": "https://x.example/", "headers": {"authorization": rules.MASK, "X-Key": "k"}}
    config, problems = rules.clean_config(sent, "RSS", stored)
    assert not problems
    assert config["headers"] == {"authorization": "Bearer s3cret", "X-Key": "k"}
    # Without a stored value the mask stands for nothing: refused, never stored as a value.
    _, problems = rules.clean_config(
        {"url": "https://x.example/", "headers": {"X-New": rules.MASK}}, "RSS", stored
    )
    assert "type it again" in problems["config.headers"]
    # Nor does it stand for the stored value once the URL points at another server.
    moved = {"url": "https://elsewhere.example/", "headers": {"Authorization": rules.MASK}}
    _, problems = rules.clean_config(moved, "RSS", stored)
    assert "type it again" in problems["config.headers"]


def test_due_when_never_fetched_or_the_interval_elapsed() -> None:
    at = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert rules.is_due(None, 900, at)
    assert not rules.is_due(at - timedelta(seconds=899), 900, at)
    assert rules.is_due(at - timedelta(seconds=900), 900, at)
    assert rules.interval_problem(59) and rules.interval_problem(86401)
    assert rules.interval_problem(60) is None and rules.interval_problem(86400) is None


def test_in_use_message_names_the_media() -> None:
    assert rules.in_use_message("News", ["Ticker"], 1) == (
        '1 media uses the data source "News" (Ticker): point them at another source or delete them first.'
    )
    assert "(A, B and 3 more)" in rules.in_use_message("News", ["A", "B"], 5)
