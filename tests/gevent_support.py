"""Run a snippet in a fresh interpreter patched by gevent, as the web process is."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_under_gevent(body: str, timeout: float = 120) -> str:
    """Runs `body` after `monkey.patch_all()` from the repository root; returns its stdout."""
    script = "from gevent import monkey; monkey.patch_all()\n" + textwrap.dedent(body)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
