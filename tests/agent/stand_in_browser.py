"""A stand-in for Chromium, started by the launcher in the tests.

Like Chromium towards its profile: it reads `Default/Preferences` when it starts (recording what
it found, so a test sees whether the crash flags were cleared first), then marks the profile as
"Crashed" while it runs, as Chromium does until it exits cleanly. Each start appends one JSON line
{pid, argv, found} to $STAND_IN_RECORD. It runs until killed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path


def main() -> None:
    profile = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--user-data-dir="))
    prefs = Path(profile) / "Default" / "Preferences"
    try:
        found = json.loads(prefs.read_text()).get("profile", {})
    except (OSError, ValueError):
        found = None
    with open(os.environ["STAND_IN_RECORD"], "a") as record:
        record.write(json.dumps({"pid": os.getpid(), "argv": sys.argv[1:], "found": found}) + "\n")
    prefs.parent.mkdir(parents=True, exist_ok=True)
    prefs.write_text(
        json.dumps({"profile": {"exit_type": "Crashed", "exited_cleanly": False, "name": "kiosk"}})
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
