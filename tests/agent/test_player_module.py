"""static/player/src/net/agent.js under `node --test`: its pure parts, and its calls against a
real agent and launcher (with the stand-in browser)."""

from __future__ import annotations

import os
import shutil
import subprocess

from tests.agent.agent_support import ROOT, TOKEN, wait_for
from tests.agent.test_launcher import starts, with_stand_in
from tests.support import require


def test_the_player_agent_module(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    node = shutil.which("node")
    require(node is not None, "no node on PATH (apt-get install nodejs)")
    kiosk = with_stand_in(kiosk_factory)
    kiosk.run("kiosk")
    kiosk.run()
    wait_for(lambda: starts(kiosk), what="the stand-in browser")
    done = subprocess.run(
        [str(node), "--test", "static/player/test/agent.test.mjs"],
        cwd=ROOT,
        env={**os.environ, "AGENT_URL": kiosk.url, "AGENT_TOKEN": TOKEN},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout
    assert "# skipped 0" in done.stdout  # the live test ran
