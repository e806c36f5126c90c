"""The Content-Security-Policy of the kiosk's pages and of its Service Worker (pure).

Media may come from another origin than the page (CDN_BASE_URL, or PUBLIC_BASE_URL when the
kiosk opened the server under another name): those origins are named in img-src, media-src and
connect-src (the media precache fetches them) whatever their scheme, so a plain-http CDN on a
shop's network works too. `https:` stays allowed for web-page items and remote images.

The remote screenshot's fallback (html2canvas, static/player/src/telemetry/screenshot.js)
copies the page into a hidden iframe under the same policy and adds one fixed <style> to it, to
hide pseudo-elements it has redrawn; that exact text is allowed by its hash rather than opening
style-src to every inline style. tests/unit/test_player_csp.py checks it against the package.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

_PSEUDO_HIDE = '{\n    content: "" !important;\n    display: none !important;\n}'
HTML2CANVAS_STYLE = (
    ".___html2canvas___pseudoelement_before:before"
    + _PSEUDO_HIDE
    + "\n         .___html2canvas___pseudoelement_after:after"
    + _PSEUDO_HIDE
)
HTML2CANVAS_STYLE_HASH = (
    "'sha256-" + base64.b64encode(hashlib.sha256(HTML2CANVAS_STYLE.encode()).digest()).decode() + "'"
)

_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def origin_of(url: str | None) -> str | None:
    """`scheme://host[:port]` of an http(s) URL; None for anything else (nothing that could
    smuggle a directive into the header)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not _HOST.match(parts.netloc or ""):
        return None
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _extra(origins: Iterable[str | None]) -> str:
    named = sorted({origin for origin in (origin_of(url) for url in origins) if origin})
    return "".join(f" {origin}" for origin in named)


def player_csp(
    media_urls: Iterable[str | None] = (), *, http_frames: bool = False, framed_by_self: bool = False
) -> str:
    """`http_frames` (ALLOW_HTTP_WEBPAGES): plain http:// pages (intranet dashboards) may be
    framed too. `framed_by_self`: the console's preview, shown in a frame of the console."""
    extra = _extra(media_urls)
    frames = "'self' https: http:" if http_frames else "'self' https:"
    ancestors = "'self'" if framed_by_self else "'none'"
    return (
        f"default-src 'self'; script-src 'self'; style-src 'self' {HTML2CANVAS_STYLE_HASH}; "
        f"img-src 'self' data: blob: https:{extra}; media-src 'self' blob: https:{extra}; "
        f"connect-src 'self' ws: wss: https: http://127.0.0.1:3001{extra}; "
        f"frame-src {frames}; object-src 'none'; base-uri 'none'; "
        f"frame-ancestors {ancestors}"
    )


def service_worker_csp(media_urls: Iterable[str | None] = ()) -> str:
    extra = _extra(media_urls)
    return f"default-src 'self'; connect-src 'self' https:{extra}; object-src 'none'; base-uri 'none'"
