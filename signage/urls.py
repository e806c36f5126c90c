"""Absolute URLs of this server as the outside sees it.

With PUBLIC_BASE_URL set, every absolute link the server hands out (activation links, media
and screenshot URLs) starts with it, whatever Host header the request carried: a forged Host
must not turn an activation link or a media URL into one pointing at another server. Without
it, the request's own address is used (the embedded default, where the admin's browser and
the kiosks reach the server at the address they typed). Outside a request (a job), only
PUBLIC_BASE_URL can say where the server is.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, url_for


def public_url(endpoint: str, **values: Any) -> str | None:
    """The absolute URL of `endpoint`, or None outside a request without PUBLIC_BASE_URL."""
    base = current_app.config["SIGNAGE"].public_base_url
    if base:
        if has_request_context():
            return base + url_for(endpoint, **values)
        adapter = current_app.url_map.bind("localhost", script_name="/")
        return base + adapter.build(endpoint, values)
    if not has_request_context():
        return None
    return url_for(endpoint, _external=True, **values)
