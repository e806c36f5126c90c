"""The agent's pure parts: settings, log hygiene, limits, launcher decisions, stdlib only."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from agent import config, kiosk
from agent.config import ConfigError
from agent.limits import MinimumInterval, TokenBucket
from agent.logbook import clean
from tests.agent.agent_support import ROOT, TOKEN

BASE = {"AGENT_TOKEN": TOKEN, "SIGNAGE_SERVER_URL": "https://signage.example.com/"}


def test_the_agent_imports_only_the_standard_library_and_itself() -> None:
    for path in (ROOT / "agent").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top == "agent" or top in sys.stdlib_module_names, f"{path.name} imports {name}"


def test_defaults_follow_the_contract() -> None:
    settings = config.build(BASE)
    assert (settings.host, settings.port) == ("127.0.0.1", 3001)
    assert settings.agent_url == "http://127.0.0.1:3001"
    assert settings.allowed_origin == "https://signage.example.com"
    assert settings.log_path == "/var/log/signage-agent.log"
    assert settings.reboot_command == ("systemctl", "reboot")
    assert settings.kiosk_url == "https://signage.example.com/player"
    assert settings.browser == "/usr/bin/chromium"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Signage.Example.com:443/sub/", "https://signage.example.com"),
        ("http://10.0.0.5:80", "http://10.0.0.5"),
        ("http://10.0.0.5:5000/x", "http://10.0.0.5:5000"),
        ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
    ],
)
def test_the_allowed_origin_is_written_as_browsers_send_it(url: str, origin: str) -> None:
    assert config.origin_of(url) == origin


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "fe80::1", "example.com", "127.0.0.1.nip.io"]
)
def test_non_loopback_binds_are_refused(host: str) -> None:
    with pytest.raises(ConfigError):
        config.build({**BASE, "AGENT_HOST": host})


@pytest.mark.parametrize(
    ("host", "bound"), [("127.0.0.1", "127.0.0.1"), ("::1", "::1"), ("localhost", "127.0.0.1")]
)
def test_loopback_binds_are_accepted(host: str, bound: str) -> None:
    assert config.build({**BASE, "AGENT_HOST": host}).host == bound


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SIGNAGE_SERVER_URL": "https://x"}, "AGENT_TOKEN is not set"),
        ({**BASE, "AGENT_TOKEN": "a" * 23}, "at least 24"),
        ({**BASE, "AGENT_TOKEN": "a" * 30 + " b"}, "at least 24"),
        ({**BASE, "AGENT_TOKEN": "a" * 30 + "&x=1"}, "at least 24"),  # would break the URL fragment
        ({"AGENT_TOKEN": TOKEN}, "SIGNAGE_SERVER_URL is not set"),
        ({**BASE, "SIGNAGE_SERVER_URL": "javascript:alert(1)"}, "SIGNAGE_SERVER_URL must be"),
        ({**BASE, "AGENT_PORT": "70000"}, "AGENT_PORT must be between"),
        ({**BASE, "AGENT_REBOOT_INTERVAL": "soon"}, "not a number"),
        ({**BASE, "AGENT_REBOOT_COMMAND": ""}, "AGENT_REBOOT_COMMAND is empty"),
        ({**BASE, "KIOSK_URL": "https://x/player#a"}, "fragment"),
        ({**BASE, "KIOSK_FLAGS": "--a='unclosed"}, "KIOSK_FLAGS"),
    ],
)
def test_bad_settings_are_refused_with_their_name(values: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config.build(values)


def test_the_config_file_sets_the_same_names_and_the_environment_wins(tmp_path: Path) -> None:
    path = tmp_path / "signage-agent.conf"
    path.write_text(
        "# kiosk in the shop window\n"
        f"AGENT_TOKEN={TOKEN}\n"
        'SIGNAGE_SERVER_URL="https://signage.example.com"\n'
        "export AGENT_REBOOT_COMMAND='/sbin/reboot --force'\n"
        "\n"
        "KIOSK_WATCHDOG_SECONDS=90\n"
    )
    path.chmod(0o600)
    settings = config.load({"KIOSK_WATCHDOG_SECONDS": "30", "HOME": "/x"}, str(path))
    assert settings.token == TOKEN
    assert settings.reboot_command == ("/sbin/reboot", "--force")
    assert settings.watchdog_seconds == 30
    path.write_text(f"AGENT_TOKEN={TOKEN}\nAGENT_TOKN=typo\n")
    with pytest.raises(ConfigError, match="line 2: unknown setting AGENT_TOKN"):
        config.load({}, str(path))
    path.write_text("just words\n")
    with pytest.raises(ConfigError, match="line 1: expected NAME=value"):
        config.load({}, str(path))
    with pytest.raises(ConfigError, match="Cannot read the config file"):
        config.load({}, str(tmp_path / "missing.conf"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain text, accents élève", "plain text, accents élève"),
        ("line\nforged", "line?forged"),
        ("carriage\rreturn", "carriage?return"),
        ("\x1b[31mred\x1b[0m", "?[31mred?[0m"),
        ("nul\x00 del\x7f c1\x85\x9b", "nul? del? c1??"),
        ("bidi \u202eevil\u202c", "bidi ?evil?"),
        ("sep\u2028\u2029", "sep??"),
        ("zero\u200bwidth", "zero?width"),
    ],
)
def test_clean_neutralises_control_and_format_characters(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_cuts_long_values() -> None:
    assert clean("x" * 1000) == "x" * 200 + "…"


def test_token_bucket_allows_bursts_then_the_rate() -> None:
    bucket = TokenBucket(rate=2, burst=3)
    assert [bucket.take(now=10.0) for _ in range(4)] == [True, True, True, False]
    assert bucket.take(now=10.4) is False
    assert bucket.take(now=10.5) is True  # 0.5 s at 2/s refilled one
    assert [bucket.take(now=100.0) for _ in range(4)] == [True, True, True, False]  # capped at the burst


def test_minimum_interval_survives_a_restart_through_its_stamp(tmp_path: Path) -> None:
    stamp = tmp_path / "state" / "last-reboot"
    limit = MinimumInterval(600, stamp)
    assert limit.claim(now=1000.0) == 0.0
    assert limit.claim(now=1100.0) == 500.0
    assert MinimumInterval(600, stamp).claim(now=1200.0) == 400.0  # a new process (after the reboot)
    assert MinimumInterval(600, stamp).claim(now=1600.0) == 0.0
    limit = MinimumInterval(600, stamp)
    limit.release()
    assert limit.claim(now=1601.0) == 0.0
    assert MinimumInterval(600, stamp).retry_after(now=1000.0) == 600  # the clock went back


def test_backoff_doubles_to_its_maximum_and_resets_after_a_stable_run() -> None:
    backoff = kiosk.Backoff(maximum=10)
    assert [backoff.after_exit(1.0) for _ in range(6)] == [1, 2, 4, 8, 10, 10]
    assert backoff.after_exit(kiosk.STABLE_RUN) == 1


def test_watchdog_rules() -> None:
    expired = kiosk.watchdog_expired
    assert not expired(now=1000, started_at=0, last_alive=None, armed=False, seconds=60)  # never pinged
    assert not expired(now=1000, started_at=0, last_alive=10, armed=True, seconds=0)  # disabled
    assert expired(now=100, started_at=0, last_alive=30, armed=True, seconds=60)
    assert not expired(now=80, started_at=0, last_alive=30, armed=True, seconds=60)
    # A fresh browser gets the full time from its start, whatever the last ping of the old one.
    assert not expired(now=100, started_at=90, last_alive=10, armed=True, seconds=60)


def test_player_url_keeps_the_agent_in_the_fragment() -> None:
    url = kiosk.player_url("https://s.example/player", "http://127.0.0.1:3001", TOKEN)
    assert url == f"https://s.example/player#agent=http://127.0.0.1:3001&agentToken={TOKEN}"


def test_clear_crash_flags(tmp_path: Path) -> None:
    prefs = tmp_path / "Default" / "Preferences"
    assert kiosk.clear_crash_flags(tmp_path) is False  # no profile yet
    prefs.parent.mkdir()
    prefs.write_text(json.dumps({"profile": {"exit_type": "Crashed", "exited_cleanly": False}, "other": 1}))
    assert kiosk.clear_crash_flags(tmp_path) is True
    assert json.loads(prefs.read_text()) == {
        "profile": {"exit_type": "Normal", "exited_cleanly": True},
        "other": 1,
    }
    assert kiosk.clear_crash_flags(tmp_path) is False  # already clean: untouched
    prefs.write_text("{not json")
    assert kiosk.clear_crash_flags(tmp_path) is False
    assert prefs.read_text() == "{not json"
