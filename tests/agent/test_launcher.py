"""The launcher with a stand-in browser: restarts, crash flags, watchdog, restart_browser."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

from tests.agent.agent_support import ORIGIN, TOKEN, Kiosk, wait_for

STAND_IN = Path(__file__).with_name("stand_in_browser.py")


def with_stand_in(kiosk_factory, **settings: str) -> Kiosk:  # type: ignore[no-untyped-def]
    kiosk: Kiosk = kiosk_factory(**settings)
    browser = kiosk.base / "bin" / "chromium"
    browser.write_text(
        f'#!/bin/sh\nSTAND_IN_RECORD="{kiosk.base}/starts.jsonl" exec "{sys.executable}" "{STAND_IN}" "$@"\n'
    )
    browser.chmod(0o755)
    kiosk.settings["KIOSK_BROWSER"] = str(browser)
    return kiosk


def starts(kiosk: Kiosk) -> list[dict]:  # type: ignore[type-arg]
    path = kiosk.base / "starts.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_the_browser_starts_with_the_signage_flags_and_the_agent_in_the_fragment(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = with_stand_in(kiosk_factory, KIOSK_FLAGS="--ozone-platform=wayland")
    kiosk.run("kiosk")
    first = wait_for(lambda: starts(kiosk), what="the first start")[0]
    argv = first["argv"]
    for flag in (
        "--kiosk",
        "--noerrdialogs",
        "--no-first-run",
        "--autoplay-policy=no-user-gesture-required",
        "--hide-crash-restore-bubble",
        "--disable-features=Translate,TranslateUI",
        "--remote-debugging-address=127.0.0.1",
        "--ozone-platform=wayland",
    ):
        assert flag in argv, flag
    assert f"--user-data-dir={kiosk.settings['KIOSK_PROFILE']}" in argv
    assert f"--remote-debugging-port={kiosk.settings['KIOSK_DEBUG_PORT']}" in argv
    assert argv[-1] == f"{ORIGIN}/player#agent=http://127.0.0.1:{kiosk.port}&agentToken={TOKEN}"
    assert first["found"] is None  # a fresh profile


def test_a_killed_browser_is_restarted_with_its_crash_flags_cleared(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = with_stand_in(kiosk_factory)
    kiosk.run("kiosk")
    first = wait_for(lambda: starts(kiosk), what="the first start")[0]
    os.kill(first["pid"], signal.SIGKILL)
    second = wait_for(lambda: starts(kiosk)[1:], timeout=10, what="a restart")[0]
    assert second["pid"] != first["pid"]
    # The stand-in left "Crashed" behind; the launcher cleared it before the restart.
    assert second["found"]["exit_type"] == "Normal"
    assert second["found"]["exited_cleanly"] is True
    assert second["found"]["name"] == "kiosk"  # the rest of the profile is kept
    outcomes = [line["outcome"] for line in kiosk.log()]
    assert "exited" in outcomes
    assert "crash flags cleared" in outcomes


def test_restart_browser_goes_through_the_launcher(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = with_stand_in(kiosk_factory)
    kiosk.run("kiosk")
    kiosk.run()
    first = wait_for(lambda: starts(kiosk), what="the first start")[0]
    health = kiosk.request("GET", "/health").json()
    assert health["launcher"]["browser"] == "running"
    assert health["launcher"]["pid"] == first["pid"]

    response = kiosk.request("POST", "/restart_browser", headers={"Origin": ORIGIN})
    assert response.status == 202
    assert response.json() == {"status": "restarting"}
    second = wait_for(lambda: starts(kiosk)[1:], timeout=10, what="the restart")[0]
    assert second["found"]["exit_type"] == "Normal"
    wait_for(lambda: not running(first["pid"]), what="the old browser to be gone")
    # Twice in a row is refused (AGENT_RESTART_INTERVAL), and nothing restarts.
    again = kiosk.request("POST", "/restart_browser")
    assert again.status == 429
    time.sleep(0.5)
    assert len(starts(kiosk)) == 2
    actions = [(line["action"], line["outcome"]) for line in kiosk.log()]
    assert ("restart_browser", "done") in actions
    assert ("browser", "restarted (requested)") in actions


def test_the_watchdog_restarts_a_browser_whose_page_stopped_pinging(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = with_stand_in(kiosk_factory, KIOSK_WATCHDOG_SECONDS="3")
    kiosk.run("kiosk")
    kiosk.run()
    first = wait_for(lambda: starts(kiosk), what="the first start")[0]
    # Not armed before the first ping: a player that does not ping is never restarted in a loop.
    time.sleep(3.5)
    assert len(starts(kiosk)) == 1, kiosk.log()
    # While the page pings, nothing happens (for longer than the watchdog's time).
    for _ in range(14):
        time.sleep(0.25)
        assert kiosk.request("POST", "/alive", headers={"Origin": ORIGIN}).status == 204
    silent_since = time.monotonic()
    assert len(starts(kiosk)) == 1, kiosk.log()
    # Silence: restarted once the watchdog's time has passed (not before), within a few ticks.
    second = wait_for(lambda: starts(kiosk)[1:], timeout=10, what="the watchdog restart")[0]
    assert 2.8 <= time.monotonic() - silent_since <= 8
    assert second["pid"] != first["pid"]
    wait_for(lambda: not running(first["pid"]), what="the hung browser to be gone")
    assert ("watchdog", "no ping from the player") in [
        (line["action"], line["outcome"]) for line in kiosk.log()
    ]
    # The new page gets the full watchdog time again, counted from its start (not from the
    # old page's last ping, long past).
    time.sleep(0.5)
    assert len(starts(kiosk)) == 2, kiosk.log()


def test_the_launcher_backs_off_when_the_browser_keeps_dying(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk: Kiosk = kiosk_factory()
    browser = kiosk.base / "bin" / "chromium"
    browser.write_text(f'#!/bin/sh\necho "$$" >> "{kiosk.base}/starts"\nexit 3\n')
    browser.chmod(0o755)
    kiosk.settings["KIOSK_BROWSER"] = str(browser)
    kiosk.run("kiosk")
    path = kiosk.base / "starts"
    wait_for(lambda: path.exists() and len(path.read_text().split()) >= 3, timeout=10, what="three starts")
    exits = [line for line in kiosk.log() if line["outcome"] == "exited"]
    assert [line["restartIn"] for line in exits[:2]] == [1.0, 2.0]
    assert exits[0]["returncode"] == 3


def test_a_missing_browser_is_retried_not_fatal(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk: Kiosk = kiosk_factory(KIOSK_BROWSER="/nonexistent/chromium")
    process = kiosk.run("kiosk")
    wait_for(
        lambda: any(line["outcome"] == "failed to start" for line in kiosk.log()), what="the failure line"
    )
    assert process.poll() is None
    assert "/nonexistent/chromium" in next(
        line["error"] for line in kiosk.log() if line["outcome"] == "failed to start"
    )


def test_the_launcher_socket_is_private_and_a_second_launcher_is_refused(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = with_stand_in(kiosk_factory)
    kiosk.run("kiosk")
    socket_path = Path(kiosk.settings["KIOSK_SOCKET"])
    assert socket_path.stat().st_mode & 0o777 == 0o600
    second = kiosk.run("kiosk", wait=False)
    assert second.wait(10) == 1
    assert "Another launcher is already listening" in kiosk.stderr()


def test_stopping_the_launcher_stops_the_browser(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = with_stand_in(kiosk_factory)
    process = kiosk.run("kiosk")
    first = wait_for(lambda: starts(kiosk), what="the first start")[0]
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 0
    wait_for(lambda: not running(first["pid"]), what="the browser to stop")
    assert not Path(kiosk.settings["KIOSK_SOCKET"]).exists()
