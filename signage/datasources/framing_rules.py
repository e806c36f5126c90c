"""Whether a web page lets our player show it in a frame. Pure (standard library only).

A page refuses with X-Frame-Options (DENY, or SAMEORIGIN from another origin) or with a CSP
`frame-ancestors` that does not list the player's origin; the browser then shows nothing in
the frame and still fires `load`, so the player cannot tell by itself. The server reads the
page's response headers and decides here, the way Chromium does: a CSP with frame-ancestors
wins over X-Frame-Options; every such policy must allow us.

The reason is the header as the page sent it (a quote, not prose): the console puts it
beside a translated sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOWED = "ALLOWED"
REFUSED = "REFUSED"
UNKNOWN = "UNKNOWN"  # the page could not be read, or its policy names hosts we cannot judge
STATUSES = (ALLOWED, REFUSED, UNKNOWN)
REASON_MAX = 500
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Framing:
    status: str
    reason: str | None = None


Origin = tuple[str, str, int]


def origin_of(url: str | None) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, the port made explicit; None otherwise."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def _quote(name: str, value: str) -> str:
    text = f"{name}: {' '.join(value.split())}"
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def _values(headers: Iterable[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key.strip().lower() == name]


def _frame_ancestors(policy: str) -> list[str] | None:
    """The source list of the policy's frame-ancestors directive, or None without one. The
    first occurrence of a directive counts (CSP3 §2.2)."""
    for directive in policy.split(";"):
        tokens = directive.split()
        if tokens and tokens[0].lower() == "frame-ancestors":
            return tokens[1:]
    return None


def _scheme_matches(source_scheme: str, ours: str) -> bool:
    # CSP3 lets an http source match https (the upgrade), never the other way.
    return source_scheme == ours or (source_scheme == "http" and ours == "https")


def _host_source_matches(source: str, ours: Origin) -> bool | None:
    """Does a host-source expression (`https://*.example.com:8443/path`) match our origin?
    None when it is not a host source we can read."""
    scheme, host, port = ours
    rest = source
    source_scheme: str | None = None
    if "://" in rest:
        source_scheme, rest = rest.split("://", 1)
        source_scheme = source_scheme.lower()
        if not _scheme_matches(source_scheme, scheme):
            return False
    elif scheme not in DEFAULT_PORTS:
        return False
    host_port = rest.split("/", 1)[0]
    source_host, _, source_port = host_port.partition(":")
    source_host = source_host.lower()
    if not source_host:
        return None
    if source_host.startswith("*."):
        if not host.endswith(source_host[1:]):
            return False
    elif source_host != host:
        return False
    if source_port == "*":
        return True
    if source_port:
        return source_port.isdigit() and int(source_port) == port
    # No port: the default one of the source's scheme (or of ours when it gave none); an
    # http source upgraded to https accepts 443.
    wanted = DEFAULT_PORTS.get(source_scheme or scheme)
    return port == wanted or (source_scheme == "http" and scheme == "https" and port == 443)


def _allows(sources: list[str], ours: Origin | None, page: Origin | None) -> bool | None:
    """Does a frame-ancestors source list let `ours` frame `page`? None: cannot tell."""
    cleaned = [token for token in sources if token]
    if not cleaned or [token.lower() for token in cleaned] == ["'none'"]:
        return False
    undecided = False
    for token in cleaned:
        lowered = token.lower()
        if lowered == "'none'":
            continue  # ignored beside other sources
        if lowered == "'self'":
            if ours is not None and page is not None and ours == page:
                return True
            undecided = undecided or ours is None
            continue
        if lowered == "*":
            return True
        if lowered.endswith(":") and "/" not in lowered:
            if ours is None:
                undecided = True
            elif _scheme_matches(lowered[:-1], ours[0]):
                return True
            continue
        if lowered.startswith("'"):
            continue  # nonces, hashes, 'unsafe-*': meaningless here
        if ours is None:
            undecided = True
            continue
        if _host_source_matches(token, ours):
            return True
    return None if undecided else False


def verdict(headers: Iterable[tuple[str, str]], page_url: str, our_origin: str | None) -> Framing:
    """ALLOWED or REFUSED (or UNKNOWN) for the page at `page_url` (after redirects) whose
    response carried `headers`, framed by a page of `our_origin` (None when the server does
    not know its public address: only policies that name no host can be judged then)."""
    pairs = list(headers)
    ours = origin_of(our_origin)
    page = origin_of(page_url)
    policies = [
        sources
        for header in _values(pairs, "content-security-policy")
        for value in header.split(",")
        if (sources := _frame_ancestors(value)) is not None
    ]
    if policies:
        undecided: str | None = None
        for sources in policies:
            allowed = _allows(sources, ours, page)
            quoted = _quote("Content-Security-Policy", " ".join(["frame-ancestors", *sources]))
            if allowed is False:
                return Framing(REFUSED, quoted)
            if allowed is None:
                undecided = quoted
        return Framing(UNKNOWN, undecided) if undecided else Framing(ALLOWED)
    raw = _values(pairs, "x-frame-options")
    options = {token.strip().lower() for value in raw for token in value.split(",") if token.strip()}
    if not options:
        return Framing(ALLOWED)
    reason = _quote("X-Frame-Options", ", ".join(value.strip() for value in raw))
    if len(options) > 1:
        # The HTML standard: conflicting values that include a real one block the page.
        return Framing(REFUSED, reason) if options & {"deny", "sameorigin", "allowall"} else Framing(ALLOWED)
    (option,) = options
    if option == "deny":
        return Framing(REFUSED, reason)
    if option == "sameorigin":
        return Framing(ALLOWED) if ours is not None and ours == page else Framing(REFUSED, reason)
    return Framing(ALLOWED)  # ALLOWALL, the obsolete ALLOW-FROM and garbage are ignored
