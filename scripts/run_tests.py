"""The legs of scripts/test, each a pytest run, with a count per leg and a total.

Environment: TEST_DATABASE_URL (PostgreSQL leg, default the local `test` database),
TEST_REDIS_URL (default redis://127.0.0.1:6379/15), CI=true to fail on a missing service.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


@dataclass
class Result:
    leg: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    note: str = ""


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), 2):
            return True
    except OSError:
        return False


def run_leg(name: str, paths: list[str], env: dict[str, str], extra: list[str]) -> Result:
    print(f"\n\033[1m==> leg {name}: pytest {' '.join(paths)}\033[0m", flush=True)
    junit = Path(tempfile.mkstemp(prefix=f"junit-{name}-", suffix=".xml")[1])
    started = time.monotonic()
    proc = subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *paths, *extra],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    result = Result(name, seconds=time.monotonic() - started)
    try:
        suite = ET.parse(junit).getroot()
        suites = [suite] if suite.tag == "testsuite" else list(suite.iter("testsuite"))
        for s in suites:
            tests, failures = int(s.get("tests", 0)), int(s.get("failures", 0)) + int(s.get("errors", 0))
            skipped = int(s.get("skipped", 0))
            result.failed += failures
            result.skipped += skipped
            result.passed += tests - failures - skipped
    except (ET.ParseError, FileNotFoundError):
        pass
    finally:
        junit.unlink(missing_ok=True)
    if proc.returncode not in (0, 5) and result.failed == 0:
        result.failed = 1  # pytest itself failed (collection or usage error)
        result.note = f"pytest exited {proc.returncode}"
    if proc.returncode == 5 and extra:
        result.note = "nothing selected"
    elif proc.returncode == 5:
        # A whole leg that runs nothing proves nothing: count it as a failure.
        result.failed, result.note = 1, "no tests collected"
    return result


# Static checks, each counted as one test: the code's style, its floors and its types.
CHECKS = [
    ("ruff", ["ruff", "check", "."]),
    ("ruff format", ["ruff", "format", "--check", "."]),
    ("import-linter (floors)", ["lint-imports"]),
    ("mypy (core, rules, models)", ["mypy"]),
]


def run_checks() -> Result:
    print("\n\033[1m==> leg static: ruff, import-linter, mypy\033[0m", flush=True)
    bin_dir = Path(PYTHON).parent
    result = Result("static")
    started = time.monotonic()
    failed = []
    for name, (tool, *args) in CHECKS:
        proc = subprocess.run([str(bin_dir / tool), *args], cwd=ROOT, capture_output=True, text=True)
        if proc.returncode == 0:
            result.passed += 1
        else:
            result.failed += 1
            failed.append(name)
            print(f"!! {name} failed:\n{proc.stdout[-4000:]}{proc.stderr[-2000:]}", flush=True)
    result.seconds = time.monotonic() - started
    if failed:
        result.note = "failed: " + ", ".join(failed)
    return result


JS_TESTS = ["static/player/test/", "static/console/test/"]


def run_node() -> Result:
    """The pure modules of the player and the console under `node --test`."""
    print(f"\n\033[1m==> leg js: node --test {' '.join(JS_TESTS)}\033[0m", flush=True)
    started = time.monotonic()
    proc = subprocess.run(
        ["node", "--test", "--test-reporter=tap", *JS_TESTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    result = Result("js", seconds=time.monotonic() - started)
    counts = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.removeprefix("# ").partition(" ")
        if key in {"pass", "fail", "skipped"} and value.strip().isdigit():
            counts[key] = int(value)
    result.passed, result.failed, result.skipped = (
        counts.get("pass", 0),
        counts.get("fail", 0),
        counts.get("skipped", 0),
    )
    if proc.returncode != 0:
        print(proc.stdout[-6000:] + proc.stderr[-2000:], flush=True)
        result.failed = max(result.failed, 1)
    elif result.passed == 0:
        result.failed, result.note = 1, "no tests ran"
    return result


def missing(leg: str, why: str) -> Result:
    if CI:
        print(f"\n!! leg {leg}: {why} — CI=true, so this is a failure", flush=True)
        return Result(leg, failed=1, note=f"missing: {why}")
    bar = "!" * 78
    print(f"\n{bar}\n!! SKIPPING leg {leg}: {why}\n{bar}", flush=True)
    return Result(leg, note=f"skipped: {why}")


def main(extra: list[str]) -> int:
    started = time.monotonic()
    results: list[Result] = []
    sqlite_dir = tempfile.mkdtemp(prefix="signage-test-")
    sqlite = f"sqlite:///{sqlite_dir}"
    # (leg, paths, environment, why it cannot run or None)
    legs = [
        ("unit", ["tests/unit", "tests/agent"], {}, None),
        ("integration-sqlite", ["tests/integration"], {"TEST_DATABASE_URL": f"{sqlite}/test.db"}, None),
        # Schemathesis against the running server, from its own /api/openapi.json.
        ("fuzz-sqlite", ["tests/fuzz"], {"TEST_DATABASE_URL": f"{sqlite}/fuzz.db"}, None),
        (
            "integration-postgres",
            ["tests/integration"],
            {"TEST_DATABASE_URL": PG_URL},
            None if reachable(PG_URL, 5432) else f"PostgreSQL not reachable at {PG_URL}",
        ),
        (
            "jobs-redis",
            ["tests/jobs"],
            {"TEST_REDIS_URL": REDIS_URL, "TEST_DATABASE_URL": f"{sqlite}/jobs.db"},
            None if reachable(REDIS_URL, 6379) else f"Redis not reachable at {REDIS_URL}",
        ),
        (
            "browser",
            ["tests/browser"],
            {"CHROMIUM_PATH": CHROMIUM, "TEST_DATABASE_URL": f"{sqlite}/browser.db"},
            None if os.access(CHROMIUM, os.X_OK) else f"no Chromium at {CHROMIUM}",
        ),
    ]
    if not extra:  # `scripts/test -k users` runs tests only
        results.append(run_checks())
        results.append(
            run_node() if shutil.which("node") else missing("js", "no node (apt-get install nodejs)")
        )
    for name, paths, env, unavailable in legs:
        results.append(missing(name, unavailable) if unavailable else run_leg(name, paths, env, extra))

    print("\n\033[1m==> summary\033[0m")
    for r in results:
        counts = f"{r.passed:>4} passed {r.failed:>3} failed {r.skipped:>3} skipped"
        line = f"  {r.leg:<22} {counts}  {r.seconds:6.1f}s"
        print(line + (f"  ({r.note})" if r.note else ""))
    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    skipped = sum(r.skipped for r in results)
    print(f"  wall time {time.monotonic() - started:.1f}s")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
