"""Does heavy work stall the event loop? `/healthz` latency while a 200-page PDF is processed
and while 20 sign-ins run at once, against the real server (gunicorn, one gevent worker,
embedded tier: SQLite, local storage, jobs in the web process).

    .venv/bin/python -m bench.event_loop [--pages 200] [--logins 20]

A probe thread asks `/healthz` every 100 ms on a kept-alive connection during three phases
(idle, PDF processing until the media is DONE, concurrent sign-ins) and prints one JSON line
with p50 / p99 / max per phase. The goal (issue 14): every probe under 50 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

PASSWORD = "bench-password-1"


def make_pdf(pages: int) -> bytes:
    """A real document: text drawn on each A4 page, so rendering has work to do."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class Probe:
    def __init__(self, base: str) -> None:
        self.base, self.samples, self.phase = base, {}, "idle"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self) -> None:
        session = requests.Session()
        while not self.stop.is_set():
            started = time.perf_counter()
            session.get(f"{self.base}/healthz", timeout=30)
            self.samples.setdefault(self.phase, []).append((time.perf_counter() - started) * 1000)
            time.sleep(max(0.0, 0.1 - (time.perf_counter() - started)))

    def summary(self) -> dict[str, dict[str, float]]:
        out = {}
        for phase, values in self.samples.items():
            ordered = sorted(values)
            out[phase] = {
                "probes": len(ordered),
                "p50Ms": round(statistics.median(ordered), 1),
                "p99Ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
                "maxMs": round(ordered[-1], 1),
            }
        return out


def sign_in(base: str, email: str, password: str) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{base}/api/auth/login", json={"email": email, "password": password}, timeout=60)
    if response.status_code not in (200, 401):
        raise RuntimeError(f"sign-in answered {response.status_code}: {response.text[:200]}")
    session.headers["X-CSRFToken"] = response.json().get("csrfToken", "") if response.ok else ""
    return session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--logins", type=int, default=20)
    args = parser.parse_args()

    import flask_migrate

    from signage.factory import create_app
    from tests.support import live_server, make_user, settings_for

    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        app = create_app(settings_for(database_url))
        with app.app_context():
            flask_migrate.upgrade()
        make_user(app, "bench@example.com", "ADMIN", PASSWORD)
        pdf = make_pdf(args.pages)
        with live_server(database_url, STORAGE_DIR=f"{tmp}/media") as base:
            probe = Probe(base)
            probe.thread.start()
            time.sleep(3)

            admin = sign_in(base, "bench@example.com", PASSWORD)
            probe.phase = "pdf"
            started = time.monotonic()
            created = admin.post(
                f"{base}/api/admin/medias", files={"file": ("deck.pdf", pdf, "application/pdf")}, timeout=120
            )
            created.raise_for_status()
            media_id = created.json()["id"]
            while True:
                status = admin.get(f"{base}/api/admin/medias/{media_id}", timeout=30).json()
                if status["encodingStatus"] in ("DONE", "ERROR"):
                    break
                time.sleep(0.5)
            pdf_seconds = time.monotonic() - started

            probe.phase = "logins"
            started = time.monotonic()
            with ThreadPoolExecutor(args.logins) as pool:
                emails = [f"nobody{n}@example.com" for n in range(args.logins)]
                list(pool.map(lambda e: sign_in(base, e, "wrong-password"), emails))
            login_seconds = time.monotonic() - started
            probe.phase = "after"
            time.sleep(2)
            probe.stop.set()
            probe.thread.join()
    print(
        json.dumps(
            {
                "pdfPages": args.pages,
                "pdfStatus": status["encodingStatus"],
                "pdfSeconds": round(pdf_seconds, 1),
                "logins": args.logins,
                "loginSeconds": round(login_seconds, 1),
                "healthz": probe.summary(),
            }
        )
    )


if __name__ == "__main__":
    main()
