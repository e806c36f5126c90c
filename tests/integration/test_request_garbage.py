"""A player's HTTP requests leave no reference cycles behind (issue 14): served the way gunicorn
serves them (its socket in the environ), the hot routes free everything they made by reference
counting, so the garbage collector has nothing of theirs to walk (signage.gc_tuning,
signage.web.sockets.gunicorn_socket).

Measured in a fresh interpreter patched by gevent, as the web process is: in this test process,
what earlier tests left behind (a failed test's traceback, SQLAlchemy's statement cache making
room) can become garbage at any moment and would be counted."""

from __future__ import annotations

import json

from tests.gevent_support import run_under_gevent
from tests.scheduling_support import make_fleet, player_jwt

SCRIPT = """
import gc, json
from collections import Counter

from werkzeug.test import EnvironBuilder

from signage.factory import create_app
from tests.support import settings_for

app = create_app(settings_for(@URL@))
auth = {"Authorization": "Bearer @JWT@"}
routes = [("/healthz", {}), ("/player", {}), ("/api/player/@SCREEN@/schedule", auth)]

def serve(path, headers):
    environ = EnvironBuilder(path=path, headers=headers).get_environ()
    environ["gunicorn.socket"] = object()  # what gunicorn's worker puts there
    statuses = []
    body = app.wsgi_app(environ, lambda status, _headers, _exc=None: statuses.append(status))
    try:
        b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return statuses[0]

for path, headers in routes:  # first requests fill caches (the schedule's, the templates')
    serve(path, headers)

gc.collect()
gc.disable()
gc.set_debug(gc.DEBUG_SAVEALL)
statuses = [serve(path, headers) for _ in range(5) for path, headers in routes]
gc.collect()  # what became unreachable only through cycles since the last collection
kinds = Counter(type(thing).__qualname__ for thing in gc.garbage)
print(json.dumps({"statuses": statuses, "kinds": kinds, "garbage": len(gc.garbage)}))
"""


def test_the_players_routes_leave_no_cyclic_garbage(app, clean_db, database_url) -> None:  # type: ignore[no-untyped-def]
    fleet = make_fleet(app)
    screen = fleet["first"]
    out = json.loads(
        run_under_gevent(
            SCRIPT.replace("@URL@", repr(database_url))
            .replace("@JWT@", player_jwt(app, screen))
            .replace("@SCREEN@", str(screen))
        )
    )

    assert {status.split()[0] for status in out["statuses"]} == {"200"}
    kinds = out["kinds"]
    # Before: Engine.IO's middleware made a class per request (40 objects of garbage per 5).
    assert kinds.get("type", 0) == 0, kinds
    assert out["garbage"] == 0, sorted(kinds.items(), key=lambda kv: -kv[1])[:10]
