"""Latency of requests on one kept-alive connection, as Chromium reuses them.

A server that leaves Nagle's algorithm on answers the second request on a connection only
after the client's delayed ACK (~40 ms on Linux). This reports the figure.

    .venv/bin/python -m bench.keepalive                 # starts its own server (SQLite)
    .venv/bin/python -m bench.keepalive --url http://127.0.0.1:5000   # an existing one
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import tempfile
import time
from urllib.parse import urlsplit


def measure(base_url: str, requests: int = 200, path: str = "/healthz") -> dict[str, float]:
    """Milliseconds per request on one connection, first request excluded (it connects)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)
    timings = []
    try:
        for index in range(requests + 1):
            started = time.perf_counter()
            # A POST with a body is the case Nagle hurts most: headers and body leave in
            # separate writes. /healthz ignores the body, so the two cases cost the same.
            if index % 2:
                conn.request("POST", path, body=b'{"ping": 1}', headers={"Content-Type": "application/json"})
            else:
                conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if index:
                timings.append((time.perf_counter() - started) * 1000)
            if response.getheader("Connection", "").lower() == "close":
                raise RuntimeError("the server closed the connection: keep-alive is off")
    finally:
        conn.close()
    timings.sort()
    return {
        "requests": float(len(timings)),
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "max_ms": timings[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--url", help="an already running server")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    if args.url:
        print(json.dumps(measure(args.url, args.requests), indent=2))
        return
    from tests.support import live_server

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        with live_server(url) as base:
            print(json.dumps(measure(base, args.requests), indent=2))


if __name__ == "__main__":
    main()
