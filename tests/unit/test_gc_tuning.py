"""The production worker's garbage collector (signage.gc_tuning, called by wsgi.py): checked
in a fresh interpreter, so this test process keeps its own settings."""

from __future__ import annotations

import json
import subprocess
import sys

from signage.gc_tuning import SWITCH_INTERVAL, THRESHOLDS


def test_serving_freezes_what_the_app_built_and_collects_the_young_rarely() -> None:
    code = (
        "import gc, json\n"
        "before = gc.get_freeze_count()\n"
        "from signage.gc_tuning import tune_for_serving\n"
        "tune_for_serving()\n"
        "import gevent\n"
        "spawned = gevent.spawn(lambda: None)\n"
        "tracked = spawned.spawning_stack is not None\n"
        "import sys\n"
        "switch = sys.getswitchinterval()\n"
        "print(json.dumps([before, gc.get_freeze_count(), gc.get_threshold(), tracked, switch]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, frozen, thresholds, tracked, switch = json.loads(out.stdout)
    assert before == 0
    assert frozen > 1000  # the interpreter's and the imported modules' objects
    assert tuple(thresholds) == THRESHOLDS
    assert THRESHOLDS[0] >= 10_000  # far above CPython's 700
    assert tracked is False  # greenlets no longer carry their spawning stack
    assert switch == SWITCH_INTERVAL < 0.005  # the loop waits less for the GIL than by default
