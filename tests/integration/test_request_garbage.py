"""A player's HTTP requests leave no reference cycles behind (issue 14): served the way gunicorn
serves them (its socket in the environ), the hot routes free everything they made by reference
counting, so the garbage collector has nothing of theirs to walk (signage.gc_tuning,
signage.web.sockets.gunicorn_socket)."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.test import EnvironBuilder

from tests.scheduling_support import make_fleet, player_jwt


def _serve(app, path: str, headers: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    environ = EnvironBuilder(path=path, headers=headers).get_environ()
    environ["gunicorn.socket"] = object()  # what gunicorn's worker puts there
    statuses: list[str] = []
    body = app.wsgi_app(environ, lambda status, _headers, _exc=None: statuses.append(status))
    try:
        b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return statuses[0]


@contextmanager
def garbage() -> Iterator[list[object]]:
    """What became unreachable only through cycles within the block."""
    gc.collect()
    gc.disable()
    found: list[object] = []
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)
        yield found
        gc.collect()
        found.extend(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_the_players_routes_leave_no_cyclic_garbage(app, clean_db) -> None:
    fleet = make_fleet(app)
    screen = fleet["first"]
    auth = {"Authorization": f"Bearer {player_jwt(app, screen)}"}
    routes = [("/healthz", {}), ("/player", {}), (f"/api/player/{screen}/schedule", auth)]
    for path, headers in routes:  # first requests fill caches (the schedule's, the templates')
        _serve(app, path, headers)

    with garbage() as found:
        statuses = [_serve(app, path, headers) for _ in range(5) for path, headers in routes]

    assert {status.split()[0] for status in statuses} == {"200"}
    kinds = Counter(type(thing).__qualname__ for thing in found)
    # Before: Engine.IO's middleware made a class per request (40 objects of garbage per 5).
    assert kinds["type"] == 0, kinds
    assert found == [], kinds.most_common(10)
