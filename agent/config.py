"""Settings of the agent and the launcher, from the environment or a KEY=VALUE file.

The file uses the names of the environment (CONTRACT §11), one `NAME=value` per line, `#`
comments, optional quotes, so the same file also works as a systemd `EnvironmentFile`. The
environment wins over the file. Every value is checked here, before anything listens or starts:
a kiosk with a bad setting must stop with a sentence that says which, not misbehave later.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shlex
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(ValueError):
    """A setting is missing or wrong; the message names it."""


# name -> default (None: required or derived)
DEFAULTS: dict[str, str | None] = {
    "AGENT_TOKEN": None,
    "SIGNAGE_SERVER_URL": None,
    "AGENT_HOST": "127.0.0.1",
    "AGENT_PORT": "3001",
    "AGENT_LOG": "/var/log/signage-agent.log",
    "AGENT_REBOOT_COMMAND": "systemctl reboot",
    "AGENT_REBOOT_INTERVAL": "600",
    "AGENT_RESTART_INTERVAL": "10",
    "AGENT_STATE_DIR": "/var/lib/signage-agent",
    "AGENT_RATE_PER_SECOND": "5",
    "AGENT_RATE_BURST": "20",
    "AGENT_MAX_BODY": "1024",
    "KIOSK_SOCKET": "/run/signage-kiosk/launcher.sock",
    "KIOSK_BROWSER": "/usr/bin/chromium",
    "KIOSK_PROFILE": "/var/lib/signage/kiosk-profile",
    "KIOSK_URL": None,
    "KIOSK_DEBUG_PORT": "9222",
    "KIOSK_WATCHDOG_SECONDS": "120",
    "KIOSK_BACKOFF_MAX": "60",
    "KIOSK_FLAGS": "",
}

MIN_TOKEN_LENGTH = 24
# URL-safe so the launcher can put it in the player's URL fragment without escaping.
TOKEN_PATTERN = re.compile(rf"[A-Za-z0-9._~-]{{{MIN_TOKEN_LENGTH},512}}")
LINE_PATTERN = re.compile(r"^(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$")


@dataclass(frozen=True)
class Settings:
    token: str
    server_url: str
    allowed_origin: str
    host: str
    port: int
    log_path: str
    reboot_command: tuple[str, ...]
    reboot_interval: float
    restart_interval: float
    state_dir: str
    rate_per_second: float
    rate_burst: int
    max_body: int
    launcher_socket: str
    browser: str
    profile_dir: str
    kiosk_url: str
    debug_port: int
    watchdog_seconds: float
    backoff_max: float
    browser_flags: tuple[str, ...]

    @property
    def agent_url(self) -> str:
        """The address the player calls (what the launcher passes it)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def read_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """The settings a config file sets. Unknown names are refused (a typo must not pass)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
        mode = file.stat().st_mode
    except OSError as error:
        raise ConfigError(f"Cannot read the config file {path}: {error.strerror}.") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"The config file {path} is not UTF-8 text.") from error
    if mode & stat.S_IROTH:
        print(f"warning: {path} is readable by every user; it holds AGENT_TOKEN (chmod 640)", file=sys.stderr)
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE_PATTERN.match(line)
        if not match:
            raise ConfigError(f"{path}, line {number}: expected NAME=value.")
        name, value = match.group(1), match.group(2).strip()
        if name not in DEFAULTS:
            raise ConfigError(f"{path}, line {number}: unknown setting {name}.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name] = value
    return values


def gather(environ: Mapping[str, str], config_file: str | None) -> dict[str, str]:
    """File values overridden by the environment's (only the names we know)."""
    values = read_file(config_file) if config_file else {}
    values.update({name: environ[name] for name in DEFAULTS if name in environ})
    return values


def origin_of(url: str, name: str = "SIGNAGE_SERVER_URL") -> str:
    """`scheme://host[:port]` as a browser sends it in `Origin` (default ports dropped)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name} must be an http:// or https:// address, e.g. https://signage.example.com.")
    try:
        port = parts.port
    except ValueError as error:
        raise ConfigError(f"{name} has an invalid port.") from error
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def check_loopback(host: str) -> str:
    """The bind address, only if it is a loopback address (CONTRACT §11: never the network)."""
    candidate = host.strip().strip("[]")
    if candidate == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError as error:
        raise ConfigError(
            f"AGENT_HOST={host!r} is not an IP address; the agent listens on 127.0.0.1."
        ) from error
    if not address.is_loopback:
        raise ConfigError(
            f"AGENT_HOST={host} is not a loopback address: the agent only listens on 127.0.0.1 "
            "(anything else would let the network reboot this screen)."
        )
    return str(address)


def _number(values: Mapping[str, str], name: str, *, low: float, high: float, integer: bool = False) -> float:
    raw = values.get(name) or DEFAULTS[name] or ""
    try:
        number = int(raw) if integer else float(raw)
    except ValueError as error:
        raise ConfigError(f"{name}={raw!r} is not a number.") from error
    if not low <= number <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g} (got {raw}).")
    return number


def _split(values: Mapping[str, str], name: str) -> tuple[str, ...]:
    try:
        return tuple(shlex.split(values[name] if name in values else DEFAULTS[name] or ""))
    except ValueError as error:
        raise ConfigError(f"{name}: {error}.") from error


def build(values: Mapping[str, str]) -> Settings:
    """Checked settings from raw values (pure: no file or network access)."""
    token = values.get("AGENT_TOKEN", "").strip()
    if not token:
        raise ConfigError("AGENT_TOKEN is not set: the agent refuses to start without a token.")
    if not TOKEN_PATTERN.fullmatch(token):
        raise ConfigError(
            f"AGENT_TOKEN must be at least {MIN_TOKEN_LENGTH} characters from A-Z a-z 0-9 . _ ~ - "
            "(generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )
    if token.lower().startswith("change-me"):
        raise ConfigError("AGENT_TOKEN is still the example's placeholder: set a random token.")
    server_url = values.get("SIGNAGE_SERVER_URL", "").strip().rstrip("/")
    if not server_url:
        raise ConfigError("SIGNAGE_SERVER_URL is not set: it names the one origin allowed to call the agent.")
    origin = origin_of(server_url)
    reboot = _split(values, "AGENT_REBOOT_COMMAND")
    if not reboot:
        raise ConfigError("AGENT_REBOOT_COMMAND is empty.")
    kiosk_url = (values.get("KIOSK_URL") or f"{server_url}/player").strip()
    origin_of(kiosk_url, "KIOSK_URL")
    if "#" in kiosk_url:
        raise ConfigError("KIOSK_URL must not have a #fragment: the launcher adds the agent's address there.")
    return Settings(
        token=token,
        server_url=server_url,
        allowed_origin=origin,
        host=check_loopback(values.get("AGENT_HOST") or "127.0.0.1"),
        port=int(_number(values, "AGENT_PORT", low=0, high=65535, integer=True)),
        log_path=values.get("AGENT_LOG") or str(DEFAULTS["AGENT_LOG"]),
        reboot_command=reboot,
        reboot_interval=_number(values, "AGENT_REBOOT_INTERVAL", low=0, high=86400 * 7),
        restart_interval=_number(values, "AGENT_RESTART_INTERVAL", low=0, high=3600),
        state_dir=values.get("AGENT_STATE_DIR", str(DEFAULTS["AGENT_STATE_DIR"])),
        rate_per_second=_number(values, "AGENT_RATE_PER_SECOND", low=0.1, high=1000),
        rate_burst=int(_number(values, "AGENT_RATE_BURST", low=1, high=10000, integer=True)),
        max_body=int(_number(values, "AGENT_MAX_BODY", low=0, high=1 << 20, integer=True)),
        launcher_socket=values.get("KIOSK_SOCKET") or str(DEFAULTS["KIOSK_SOCKET"]),
        browser=values.get("KIOSK_BROWSER") or str(DEFAULTS["KIOSK_BROWSER"]),
        profile_dir=values.get("KIOSK_PROFILE") or str(DEFAULTS["KIOSK_PROFILE"]),
        kiosk_url=kiosk_url,
        debug_port=int(_number(values, "KIOSK_DEBUG_PORT", low=1, high=65535, integer=True)),
        watchdog_seconds=_number(values, "KIOSK_WATCHDOG_SECONDS", low=0, high=86400),
        backoff_max=_number(values, "KIOSK_BACKOFF_MAX", low=1, high=3600),
        browser_flags=_split(values, "KIOSK_FLAGS"),
    )


def load(environ: Mapping[str, str], config_file: str | None = None) -> Settings:
    """The settings for this process: `--config` (or AGENT_CONFIG) file, then the environment."""
    return build(gather(environ, config_file or environ.get("AGENT_CONFIG") or None))
