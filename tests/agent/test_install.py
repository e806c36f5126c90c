"""agent/install.sh staged under a directory (--root): what it writes, twice; the units."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.agent.agent_support import ROOT, free_port, wait_for
from tests.support import require

INSTALL = ROOT / "agent" / "install.sh"


def install(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(INSTALL), "--root", str(root), *args], capture_output=True, text=True, timeout=60
    )


def settings(conf: Path) -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in conf.read_text().splitlines() if line and not line.startswith("#")
    )


def test_install_is_idempotent_and_keeps_the_token(tmp_path: Path) -> None:
    root = tmp_path / "root"
    first = install(root, "--server", "https://signage.example.com/")
    assert first.returncode == 0, first.stderr
    conf = root / "etc" / "signage-agent.conf"
    values = settings(conf)
    assert values["SIGNAGE_SERVER_URL"] == "https://signage.example.com"
    token = values["AGENT_TOKEN"]
    assert len(token) >= 40
    assert conf.stat().st_mode & 0o777 == 0o640
    units = root / "etc" / "systemd" / "system"
    agent_unit = (units / "signage-agent.service").read_text()
    assert "CapabilityBoundingSet=CAP_SYS_BOOT" in agent_unit
    assert "Restart=always" in agent_unit
    assert "User=signage" in agent_unit
    assert "Restart=always" in (units / "signage-kiosk.service").read_text()
    assert (root / "opt" / "signage-agent" / "agent" / "server.py").exists()
    assert "signage" in (root / "etc" / "polkit-1" / "rules.d" / "50-signage-agent.rules").read_text()

    again = install(root)
    assert again.returncode == 0, again.stderr
    assert settings(conf)["AGENT_TOKEN"] == token
    moved = install(root, "--server", "https://new.example.com:8443")
    assert moved.returncode == 0, moved.stderr
    assert settings(conf) == {**values, "SIGNAGE_SERVER_URL": "https://new.example.com:8443"}
    policy = json.loads(
        (root / "etc" / "chromium" / "policies" / "managed" / "signage-kiosk.json").read_text()
    )
    assert policy["LocalNetworkAccessAllowedForUrls"] == ["https://new.example.com:8443"]
    assert policy["LoopbackNetworkAllowedForUrls"] == ["https://new.example.com:8443"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--server is required the first time"),
        (("--server", "signage.example.com"), "must start with http"),
        (("--server", "https://x.example/$(reboot)"), "must not contain"),
        (("--server", "https://x.example", "--token", "short"), "at least 24"),
        (("--server", "https://x.example", "--token", "a" * 30 + ";rm"), "at least 24"),
        (("--bogus",), "unknown option --bogus"),
    ],
)
def test_install_refuses_bad_input(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    done = install(tmp_path / "root", *args)
    assert done.returncode != 0
    assert message in done.stderr
    assert not (tmp_path / "root" / "etc" / "signage-agent.conf").exists()


def test_the_installed_agent_starts_from_the_written_settings(tmp_path: Path) -> None:
    root = tmp_path / "root"
    assert install(root, "--server", "https://signage.example.com").returncode == 0
    conf = root / "etc" / "signage-agent.conf"
    token = settings(conf)["AGENT_TOKEN"]
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(root / "opt" / "signage-agent"),
        "AGENT_PORT": str(port),
        "AGENT_LOG": str(root / "var" / "log" / "signage-agent.log"),
        "AGENT_STATE_DIR": str(tmp_path / "state"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "agent", "--config", str(conf)], cwd=tmp_path, env=env, stderr=subprocess.PIPE
    )
    try:
        import http.client

        def health() -> int:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/health", headers={"Authorization": f"Bearer {token}"})
                return conn.getresponse().status
            except OSError:
                return 0

        assert wait_for(health, what="the installed agent") == 200
    finally:
        process.terminate()
        process.wait(10)


def test_install_sh_is_shellcheck_clean() -> None:
    shellcheck = shutil.which("shellcheck")
    require(shellcheck is not None, "shellcheck is not installed (apt-get install shellcheck)")
    assert shellcheck is not None
    done = subprocess.run([shellcheck, str(INSTALL)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_the_units_pass_systemd_analyze() -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    for unit in ("signage-agent.service", "signage-kiosk.service"):
        done = subprocess.run(
            [analyze, "verify", str(ROOT / "agent" / "systemd" / unit)], capture_output=True, text=True
        )
        complaints = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        if not Path("/usr/bin/cage").exists():  # not on a build machine; it is on a kiosk (install.sh)
            complaints = [line for line in complaints if "/usr/bin/cage is not executable" not in line]
        assert complaints == [], unit
