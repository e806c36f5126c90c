"""The kiosk pages' CSP: media origins named whatever their scheme, nothing smuggled through a
setting, and the one inline style html2canvas adds allowed by its hash (checked against the
package the player is built with)."""

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from signage.web.player.csp import (
    HTML2CANVAS_STYLE,
    HTML2CANVAS_STYLE_HASH,
    origin_of,
    player_csp,
    service_worker_csp,
)
from tests.support import require

HTML2CANVAS = (
    Path(__file__).resolve().parents[2] / "node_modules" / "html2canvas" / "dist" / "html2canvas.esm.js"
)


def directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in {policy}")


def test_without_settings_the_policy_is_the_strict_one() -> None:
    policy = player_csp()
    assert directive(policy, "style-src") == ["'self'", HTML2CANVAS_STYLE_HASH]
    assert directive(policy, "img-src") == ["'self'", "data:", "blob:", "https:"]
    assert directive(policy, "media-src") == ["'self'", "blob:", "https:"]
    assert "'unsafe-inline'" not in policy and "'unsafe-hashes'" not in policy
    assert directive(policy, "frame-ancestors") == ["'none'"]


def test_the_console_preview_may_be_framed_by_the_console_only() -> None:
    framed = player_csp(framed_by_self=True)
    assert directive(framed, "frame-ancestors") == ["'self'"]
    # Everything else is the kiosk's policy, word for word.
    assert framed.replace("frame-ancestors 'self'", "frame-ancestors 'none'") == player_csp()


def test_a_plain_http_cdn_is_named_for_images_videos_and_the_precache() -> None:
    policy = player_csp(["http://127.0.0.2:8080/bucket/media", None, "https://signage.example.com"])
    for name in ("img-src", "media-src", "connect-src"):
        assert "http://127.0.0.2:8080" in directive(policy, name)
        assert "https://signage.example.com" in directive(policy, name)
    assert "http://127.0.0.2:8080" not in directive(policy, "script-src")
    assert "http://127.0.0.2:8080" in directive(
        service_worker_csp(["http://127.0.0.2:8080/x"]), "connect-src"
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://cdn.example.com; script-src *",
        "http://cdn.example.com 'unsafe-inline'",
        "ftp://cdn.example.com",
        "http://user:pw@cdn.example.com",
        "",
        None,
    ],
)
def test_nothing_but_an_http_origin_gets_in(url) -> None:  # type: ignore[no-untyped-def]
    assert origin_of(url) is None
    assert player_csp([url]) == player_csp()


def test_origins_are_reduced_to_scheme_host_and_port() -> None:
    assert origin_of("HTTPS://CDN.Example.com:8443/a/b?c") == "https://cdn.example.com:8443"
    assert origin_of("http://[::1]:9000/") == "http://[::1]:9000"


def test_the_hash_is_that_of_the_style_html2canvas_adds() -> None:
    require(HTML2CANVAS.is_file(), f"no {HTML2CANVAS} (npm ci)")
    source = HTML2CANVAS.read_text()
    constants = {
        name: json.loads(value) if value.startswith('"') else value.strip("'")
        for name, value in re.findall(
            r"""^var (PSEUDO_[A-Z_]+) = ("(?:[^"\\]|\\.)*"|'[^'\\]*');$""", source, re.MULTILINE
        )
    }
    call = re.search(r"createStyles\(body, (.+)\);\n", source)
    assert call and constants, "html2canvas changed: re-read how it hides pseudo-elements"
    text = ""
    for term in call.group(1).split(" + "):
        text += json.loads(term) if term.startswith('"') else constants[term]
    assert text == HTML2CANVAS_STYLE
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    assert HTML2CANVAS_STYLE_HASH == f"'sha256-{digest}'"
