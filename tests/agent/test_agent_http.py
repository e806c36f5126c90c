"""The agent over real HTTP on loopback (CONTRACT §11): token, whitelist, CORS/PNA, limits, log."""

from __future__ import annotations

import math
import socket
import subprocess
import sys
import time
import unicodedata

import pytest

from tests.agent.agent_support import ORIGIN, ROOT, TOKEN, Kiosk, free_port, wait_for

OTHER = "https://evil.example.net"


def read_all(conn: socket.socket) -> bytes:
    data = b""
    while chunk := conn.recv(65536):
        data += chunk
    return data


def test_health_needs_the_token(agent: Kiosk) -> None:
    ok = agent.request("GET", "/health")
    assert ok.status == 200
    assert ok.json()["status"] == "ok"
    assert ok.json()["launcher"]["launcher"] == "unreachable"  # no launcher in this test

    missing = agent.request("GET", "/health", token=None)
    assert missing.status == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "authorization",
    [
        f"Bearer {TOKEN[:-1]}x",  # same length, last character wrong
        f"Bearer {TOKEN}x",  # longer
        f"Bearer {TOKEN[:10]}",  # a prefix
        "Bearer ",
        f"Basic {TOKEN}",  # the right secret in the wrong scheme
        TOKEN,
    ],
)
def test_wrong_tokens_are_refused_and_nothing_happens(agent: Kiosk, authorization: str) -> None:
    response = agent.request("POST", "/reboot", headers={"Authorization": authorization})
    assert response.status == 401
    assert agent.systemctl_calls() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/reboot"),  # a known action with the wrong method
        ("POST", "/health"),
        ("PUT", "/restart_browser"),
        ("DELETE", "/reboot"),
        ("POST", "/reboot/"),
        ("POST", "/REBOOT"),
        ("POST", "/shutdown"),
        ("GET", "/../../etc/passwd"),
        ("GET", "/"),
    ],
)
def test_anything_off_the_whitelist_is_404_even_with_the_token(agent: Kiosk, method: str, path: str) -> None:
    response = agent.request(method, path)
    assert response.status == 404
    assert response.json()["error"]["code"] == "not_found"
    assert agent.systemctl_calls() == []


def test_preflight_and_private_network_access_for_the_server_origin_only(agent: Kiosk) -> None:
    asked = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
        "Access-Control-Request-Private-Network": "true",
    }
    allowed = agent.request("OPTIONS", "/reboot", token=None, headers={"Origin": ORIGIN, **asked})
    assert allowed.status == 204
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert allowed.headers["access-control-allow-private-network"] == "true"
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert agent.systemctl_calls() == []  # a preflight runs nothing

    for origin in (OTHER, "null", ORIGIN + ":8443", ORIGIN.replace("https", "http"), ORIGIN + ".evil.net"):
        refused = agent.request("OPTIONS", "/reboot", token=None, headers={"Origin": origin, **asked})
        assert refused.status == 403, origin
        assert "access-control-allow-origin" not in refused.headers
        assert "access-control-allow-private-network" not in refused.headers

    unknown = agent.request("OPTIONS", "/shutdown", token=None, headers={"Origin": ORIGIN, **asked})
    assert unknown.status == 404
    assert "access-control-allow-private-network" not in unknown.headers


def test_actual_requests_carry_cors_headers_for_the_server_origin_only(agent: Kiosk) -> None:
    allowed = agent.request("GET", "/health", headers={"Origin": ORIGIN})
    assert allowed.status == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert allowed.headers["vary"] == "Origin"

    # Even with the token, a page of another origin is refused (a leaked token is not enough).
    other = agent.request("POST", "/reboot", headers={"Origin": OTHER})
    assert other.status == 403
    assert other.json()["error"]["code"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in other.headers
    assert agent.systemctl_calls() == []


def test_a_rebound_host_name_is_refused(agent: Kiosk) -> None:
    # DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 is same-origin.
    response = agent.request("GET", "/health", headers={"Host": f"evil.example:{agent.port}"})
    assert response.status == 403
    assert response.json()["error"]["code"] == "host_not_allowed"
    assert agent.request("GET", "/health", headers={"Host": f"localhost:{agent.port}"}).status == 200


def test_oversize_bodies_are_refused_before_anything_runs(agent: Kiosk) -> None:
    with socket.create_connection(("127.0.0.1", agent.port), 5) as conn:
        conn.sendall(
            f"POST /reboot HTTP/1.1\r\nHost: 127.0.0.1:{agent.port}\r\nAuthorization: Bearer {TOKEN}\r\n"
            "Content-Length: 104857600\r\n\r\n".encode()
            + b"x" * 4096
        )
        reply = read_all(conn).decode()
    assert reply.startswith("HTTP/1.0 413")
    assert '"body_too_large"' in reply
    chunked = agent.request("POST", "/reboot", headers={"Transfer-Encoding": "chunked"}, body=b"0\r\n\r\n")
    assert chunked.status == 411
    assert agent.systemctl_calls() == []


def test_floods_are_throttled(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = kiosk_factory(AGENT_RATE_PER_SECOND="1", AGENT_RATE_BURST="5")
    kiosk.run()
    started = time.monotonic()
    replies = [kiosk.request("GET", "/health", token="wrong-token-wrong-token-wrong") for _ in range(30)]
    elapsed = time.monotonic() - started
    allowed = [r for r in replies if r.status == 401]
    throttled = [r for r in replies if r.status == 429]
    # The burst, plus what the rate (1/s) refilled meanwhile; everything else throttled.
    assert 5 <= len(allowed) <= 5 + math.ceil(elapsed) + 1
    assert len(allowed) + len(throttled) == 30
    assert all(r.headers["retry-after"] == "1" for r in throttled)
    assert throttled[0].json()["error"]["code"] == "rate_limited"
    assert any(line["outcome"] == "throttled" and line["count"] >= 1 for line in kiosk.log())
    # The log holds one line per allowed request plus a summary, not one per flooding request.
    assert len(kiosk.log()) <= len(allowed) + 3
    time.sleep(1.1)
    assert kiosk.request("GET", "/health").status == 200


def test_reboot_runs_the_command_once_per_interval_even_across_restarts(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = kiosk_factory(AGENT_REBOOT_INTERVAL="600")
    kiosk.run()
    first = kiosk.request("POST", "/reboot", headers={"Origin": ORIGIN})
    assert first.status == 202
    assert first.json() == {"status": "rebooting"}
    assert first.headers["access-control-allow-origin"] == ORIGIN
    assert kiosk.systemctl_calls() == ["reboot"]

    again = kiosk.request("POST", "/reboot")
    assert again.status == 429
    assert again.json()["error"]["code"] == "rate_limited"
    assert 590 <= int(again.headers["retry-after"]) <= 600
    assert kiosk.systemctl_calls() == ["reboot"]

    # The machine came back up (the agent restarts): a server still sending REBOOT gets no boot loop.
    kiosk.stop()
    kiosk.run()
    assert kiosk.request("POST", "/reboot").status == 429
    assert kiosk.systemctl_calls() == ["reboot"]


def test_a_failed_reboot_says_why_and_does_not_hold_the_slot(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = kiosk_factory()
    kiosk.run()
    (kiosk.base / "fail").touch()
    failed = kiosk.request("POST", "/reboot")
    assert failed.status == 503
    assert failed.json()["error"]["code"] == "reboot_failed"
    assert "Access denied" in failed.json()["error"]["message"]
    (kiosk.base / "fail").unlink()
    assert kiosk.request("POST", "/reboot").status == 202
    assert kiosk.systemctl_calls() == ["reboot", "reboot"]


def test_the_reboot_command_is_run_without_a_shell(kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    marker = "$(touch pwned)"
    kiosk = kiosk_factory(AGENT_REBOOT_COMMAND=f"systemctl reboot '{marker}'")
    kiosk.run()
    assert kiosk.request("POST", "/reboot").status == 202
    assert kiosk.systemctl_calls() == [f"reboot {marker}"]
    assert not (ROOT / "pwned").exists()


def test_actions_without_a_launcher_or_browser_fail_clearly(agent: Kiosk) -> None:
    restart = agent.request("POST", "/restart_browser")
    assert restart.status == 503
    assert restart.json()["error"]["code"] == "launcher_unavailable"
    shot = agent.request("POST", "/screenshot")
    assert shot.status == 503
    assert shot.json()["error"]["code"] == "screenshot_unavailable"
    alive = agent.request("POST", "/alive")
    assert alive.status == 503


def test_every_action_is_logged_with_time_origin_and_outcome(agent: Kiosk) -> None:
    agent.request("POST", "/reboot", headers={"Origin": ORIGIN})
    agent.request("POST", "/reboot", headers={"Origin": ORIGIN})
    agent.request("POST", "/restart_browser", headers={"Origin": ORIGIN})
    agent.request("POST", "/screenshot")
    agent.request("POST", "/reboot", token="nope-nope-nope-nope-nope-nope")
    agent.request("GET", "/secret")
    lines = agent.log()
    by = [(line["action"], line["outcome"], line.get("status")) for line in lines]
    assert ("reboot", "done", 202) in by
    assert ("reboot", "refused", 429) in by
    assert ("restart_browser", "refused", 503) in by
    assert ("screenshot", "refused", 503) in by
    assert ("reboot", "refused", 401) in by
    assert ("request", "refused", 404) in by
    for line in lines:
        assert line["time"].endswith("Z")
    actions = [line for line in lines if line["action"] != "agent"]
    assert all("origin" in line for line in actions)
    assert [line["origin"] for line in actions[:3]] == [ORIGIN] * 3
    assert TOKEN not in (agent.base / "agent.log").read_text()


def test_the_log_takes_no_control_characters_from_a_request(agent: Kiosk) -> None:
    hostile_origin = "https://x\x1b[2J\x07\x08\x7f\x85.example"
    hostile_path = "/x\x1b[31mFAKE\x00line\x9b"
    with socket.create_connection(("127.0.0.1", agent.port), 5) as conn:
        host = f"Host: 127.0.0.1:{agent.port}"
        head = f"POST {hostile_path} HTTP/1.1\r\n{host}\r\nOrigin: {hostile_origin}\r\n\r\n"
        conn.sendall(head.encode("latin-1"))
        assert conn.recv(4096).startswith(b"HTTP/1.0 403")
    with socket.create_connection(("127.0.0.1", agent.port), 5) as conn:
        conn.sendall(f"GET {hostile_path} HTTP/1.1\r\nHost: 127.0.0.1:{agent.port}\r\n\r\n".encode("latin-1"))
        assert conn.recv(4096).startswith(b"HTTP/1.0 404")
    with socket.create_connection(("127.0.0.1", agent.port), 5) as conn:
        conn.sendall(
            b"GET /a\x0b\x1b]0;title\x07 b HTTP/1.1\r\n\r\n"
        )  # malformed: refused by http.server itself
        assert conn.recv(4096).startswith(b"HTTP/1.0 400")
    raw = (agent.base / "agent.log").read_text(encoding="utf-8")
    lines = agent.log()
    assert len(raw.splitlines()) == len(lines)
    refused = [line for line in lines if line["outcome"] == "refused"]
    assert len(refused) == 3
    for line in refused:
        for value in line.values():
            if isinstance(value, str):
                assert not any(unicodedata.category(ch).startswith("C") for ch in value), value
    assert refused[0]["origin"].startswith("https://x?[2J")
    assert refused[1]["path"].startswith("/x?[31mFAKE?line?")
    assert refused[2]["status"] == 400
    assert refused[2]["request"].startswith("GET /a??]0;title? b HTTP/1.1")


def test_the_agent_refuses_to_start_without_a_token_or_on_the_network(tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    base_env = {
        "PATH": "/usr/bin:/bin",
        "SIGNAGE_SERVER_URL": ORIGIN,
        "AGENT_PORT": str(port),
        "AGENT_LOG": str(tmp_path / "a.log"),
        "AGENT_STATE_DIR": "",
    }
    cases = [
        ({}, "AGENT_TOKEN is not set"),
        ({"AGENT_TOKEN": "short"}, "at least 24 characters"),
        ({"AGENT_TOKEN": TOKEN, "AGENT_HOST": "0.0.0.0"}, "not a loopback address"),
        ({"AGENT_TOKEN": TOKEN, "AGENT_HOST": "::"}, "not a loopback address"),
        ({"AGENT_TOKEN": TOKEN, "AGENT_HOST": "192.168.1.10"}, "not a loopback address"),
        ({"AGENT_TOKEN": TOKEN, "AGENT_HOST": "signage.local"}, "not an IP address"),
        ({"AGENT_TOKEN": TOKEN, "SIGNAGE_SERVER_URL": "ftp://x"}, "SIGNAGE_SERVER_URL must be"),
        ({"AGENT_TOKEN": TOKEN, "AGENT_LOG": "/nonexistent/dir/agent.log"}, "Cannot write the agent's log"),
    ]
    for extra, message in cases:
        done = subprocess.run(
            [sys.executable, "-m", "agent"],
            cwd=ROOT,
            env={**base_env, **extra},
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert done.returncode == 2, extra
        assert message in done.stderr, (extra, done.stderr)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), 0.5).close()


def test_a_config_file_sets_the_same_names(tmp_path, kiosk_factory) -> None:  # type: ignore[no-untyped-def]
    kiosk = kiosk_factory()
    kiosk.run()  # all its settings come from --config (Kiosk.env strips AGENT_*, KIOSK_*, SIGNAGE_*)
    assert kiosk.request("GET", "/health").status == 200
    wait_for(lambda: any(line["outcome"] == "listening" for line in kiosk.log()), what="the start line")
