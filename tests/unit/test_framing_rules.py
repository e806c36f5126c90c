"""Whether a web page lets the player frame it, from its response headers (as Chromium decides)."""

from __future__ import annotations

import pytest

from signage.datasources.framing_rules import ALLOWED, REFUSED, UNKNOWN, origin_of, verdict

PAGE = "https://news.example.com/board"
OURS = "https://signage.shop.fr"


def judge(*headers: tuple[str, str], page: str = PAGE, ours: str | None = OURS) -> str:
    return verdict(list(headers), page, ours).status


def test_no_header_allows() -> None:
    assert judge() == ALLOWED
    assert judge(("Content-Type", "text/html")) == ALLOWED


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("DENY", REFUSED),
        ("deny", REFUSED),
        (" SameOrigin ", REFUSED),
        ("ALLOW-FROM https://signage.shop.fr", ALLOWED),  # obsolete: Chromium ignores it
        ("ALLOWALL", ALLOWED),
        ("nonsense", ALLOWED),
        ("DENY, DENY", REFUSED),
        ("DENY, SAMEORIGIN", REFUSED),  # conflicting: blocked
        ("nonsense, other", ALLOWED),
    ],
)
def test_x_frame_options(value: str, status: str) -> None:
    assert judge(("X-Frame-Options", value)) == status


def test_x_frame_options_reason_quotes_the_header() -> None:
    got = verdict([("x-frame-options", "DENY")], PAGE, OURS)
    assert got.reason == "X-Frame-Options: DENY"


def test_sameorigin_allows_our_own_pages_only() -> None:
    assert judge(("X-Frame-Options", "SAMEORIGIN"), page="https://signage.shop.fr/media/x") == ALLOWED
    assert judge(("X-Frame-Options", "SAMEORIGIN"), page="https://signage.shop.fr:8443/x") == REFUSED
    assert judge(("X-Frame-Options", "SAMEORIGIN"), page=PAGE, ours=None) == REFUSED


def test_two_x_frame_options_headers_are_combined() -> None:
    assert judge(("X-Frame-Options", "DENY"), ("X-Frame-Options", "SAMEORIGIN")) == REFUSED


@pytest.mark.parametrize(
    ("policy", "status"),
    [
        ("frame-ancestors 'none'", REFUSED),
        ("frame-ancestors", REFUSED),  # an empty list is 'none'
        ("default-src 'self'; frame-ancestors 'self'", REFUSED),
        ("frame-ancestors *", ALLOWED),
        ("frame-ancestors https:", ALLOWED),
        ("frame-ancestors http:", ALLOWED),  # http: also matches https
        ("frame-ancestors wss:", REFUSED),
        ("frame-ancestors https://signage.shop.fr", ALLOWED),
        ("frame-ancestors http://signage.shop.fr", ALLOWED),  # upgraded to https on 443
        ("frame-ancestors https://SIGNAGE.shop.fr/some/path", ALLOWED),
        ("frame-ancestors signage.shop.fr", ALLOWED),
        ("frame-ancestors https://*.shop.fr", ALLOWED),
        ("frame-ancestors https://*.signage.shop.fr", REFUSED),  # a wildcard needs a subdomain
        ("frame-ancestors https://signage.shop.fr:443", ALLOWED),
        ("frame-ancestors https://signage.shop.fr:*", ALLOWED),
        ("frame-ancestors https://signage.shop.fr:8443", REFUSED),
        ("frame-ancestors https://other.example", REFUSED),
        ("frame-ancestors 'self' https://other.example https://signage.shop.fr", ALLOWED),
        ("frame-ancestors 'none' https://signage.shop.fr", ALLOWED),  # 'none' beside others is ignored
        ("frame-ancestors 'unsafe-inline'", REFUSED),
        ("FRAME-ANCESTORS https://signage.shop.fr", ALLOWED),
        ("script-src 'self'", ALLOWED),  # no frame-ancestors: nothing said about frames
    ],
)
def test_csp_frame_ancestors(policy: str, status: str) -> None:
    assert judge(("Content-Security-Policy", policy)) == status


def test_the_first_frame_ancestors_of_a_policy_counts() -> None:
    policy = "frame-ancestors https://signage.shop.fr; frame-ancestors 'none'"
    assert judge(("Content-Security-Policy", policy)) == ALLOWED


def test_every_policy_must_allow() -> None:
    allow = ("Content-Security-Policy", "frame-ancestors *")
    deny = ("Content-Security-Policy", "frame-ancestors 'none'")
    assert judge(allow, deny) == REFUSED
    # Several policies in one header, comma-separated.
    both = "frame-ancestors *, frame-ancestors https://a.example"
    assert judge(("Content-Security-Policy", both)) == REFUSED


def test_csp_frame_ancestors_wins_over_x_frame_options() -> None:
    assert judge(("X-Frame-Options", "DENY"), ("Content-Security-Policy", "frame-ancestors *")) == ALLOWED
    got = verdict(
        [("X-Frame-Options", "ALLOWALL"), ("Content-Security-Policy", "frame-ancestors 'none'")], PAGE, OURS
    )
    assert got.status == REFUSED and got.reason == "Content-Security-Policy: frame-ancestors 'none'"


def test_report_only_policies_do_not_block() -> None:
    assert judge(("Content-Security-Policy-Report-Only", "frame-ancestors 'none'")) == ALLOWED


def test_a_plain_http_player_is_not_an_https_ancestor() -> None:
    ours = "http://10.0.0.5:5000"
    assert judge(("Content-Security-Policy", "frame-ancestors https:"), ours=ours) == REFUSED
    assert judge(("Content-Security-Policy", "frame-ancestors http://10.0.0.5:5000"), ours=ours) == ALLOWED
    assert judge(("Content-Security-Policy", "frame-ancestors http://10.0.0.5"), ours=ours) == REFUSED


def test_without_our_origin_host_lists_cannot_be_judged() -> None:
    assert judge(("Content-Security-Policy", "frame-ancestors https://a.example"), ours=None) == UNKNOWN
    assert judge(("Content-Security-Policy", "frame-ancestors 'none'"), ours=None) == REFUSED
    assert judge(("Content-Security-Policy", "frame-ancestors *"), ours=None) == ALLOWED
    assert judge(("X-Frame-Options", "DENY"), ours=None) == REFUSED


def test_a_long_header_is_cut_in_the_reason() -> None:
    policy = "frame-ancestors " + " ".join(f"https://h{n}.example" for n in range(200))
    got = verdict([("Content-Security-Policy", policy)], PAGE, OURS)
    assert got.status == REFUSED and got.reason is not None and len(got.reason) <= 500


def test_origin_of() -> None:
    assert origin_of("https://A.example/x?y") == ("https", "a.example", 443)
    assert origin_of("http://a.example:8080") == ("http", "a.example", 8080)
    assert origin_of("ftp://a.example") is None
    assert origin_of("http://a.example:99999") is None
    assert origin_of(None) is None
