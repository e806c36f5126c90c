"""The production app (wsgi.py) on a clock moved to SIGNAGE_TEST_NOW (ISO 8601), ticking on.

Test-only: the 72-hour offline test needs a server that lived 72 h ago, so the plays a
player makes through those hours are in the real server's past when they reach it. The wall
clock of this process only (time, datetime) moves; monotonic clocks, which gevent and gunicorn
time their work with, do not.
"""

from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
from datetime import datetime  # noqa: E402

import time_machine  # noqa: E402

time_machine.travel(datetime.fromisoformat(os.environ["SIGNAGE_TEST_NOW"]), tick=True).start()

from wsgi import app  # noqa: E402, F401
