"""`/schedule` GETs from a process of their own: bench.fleet starts it for its measured window.

The fleet's players are greenlets of the generator, and so is its own `/schedule` probe: a
burst of answers the players handle (a flush's acknowledgements, the alert) delays the probe's
reading of its responses, and the generator's loop lag lands in the p99. This process does
nothing else, so its timings are the server's (and the network's).

Reads one JSON object on stdin: base URL, [screen id, JWT] pairs, rate (GETs a second),
seconds, connections (each kept alive). Writes one JSON object on stdout: the successful
requests' milliseconds and the count per status (0: the connection failed).
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit

STRIDE = 7919  # a prime: every screen in turn, in no particular order


def get_schedule(conn: http.client.HTTPConnection, screen_id: str, jwt: str) -> tuple[int, float | None]:
    """One GET on a kept-alive connection: the status (0: the connection failed) and the
    milliseconds it took when it answered. The connection is closed when it cannot go on,
    and the next request opens a new one."""
    started = time.perf_counter()
    try:
        conn.request("GET", f"/api/player/{screen_id}/schedule", headers={"Authorization": f"Bearer {jwt}"})
        response = conn.getresponse()
        response.read()
    except (OSError, http.client.HTTPException):
        conn.close()
        return 0, None
    took = (time.perf_counter() - started) * 1000
    if response.getheader("Connection", "").lower() == "close":
        conn.close()
    return response.status, took


def probe(job: dict) -> dict:
    parts = urlsplit(job["base"])
    pairs = job["pairs"]
    connections = job["connections"]
    period = connections / job["rate"]  # each connection's interval
    timings: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start = time.monotonic()
    end = start + job["seconds"]

    def run(n: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        next_at = start + n * period / connections
        index = n * STRIDE
        while next_at < end:
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += period  # late requests do not shift the next ones
            screen_id, jwt = pairs[index % len(pairs)]
            index += STRIDE
            status, took = get_schedule(conn, screen_id, jwt)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if took is not None:
                    timings.append(took)
        conn.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"timings": timings, "statuses": statuses}


if __name__ == "__main__":
    json.dump(probe(json.load(sys.stdin)), sys.stdout)
