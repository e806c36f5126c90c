"""`python -m agent [--config FILE]` serves the agent; `python -m agent kiosk` runs the launcher."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from typing import Any

from agent import __version__
from agent.config import ConfigError, Settings, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent", description="The signage kiosk's local agent.")
    parser.add_argument(
        "mode",
        nargs="?",
        choices=("serve", "kiosk"),
        default="serve",
        help="serve: the HTTP agent on 127.0.0.1 (default); kiosk: the Chromium launcher",
    )
    parser.add_argument(
        "--config", help="a KEY=VALUE file (default: $AGENT_CONFIG); the environment wins over it"
    )
    parser.add_argument("--version", action="version", version=__version__)
    args = parser.parse_args(argv)
    try:
        settings = load(os.environ, args.config)
    except ConfigError as error:
        print(f"signage agent: {error}", file=sys.stderr)
        return 2
    if args.mode == "kiosk":
        from agent import kiosk

        return kiosk.main(settings)
    return serve(settings)


def serve(settings: Settings) -> int:
    from agent.logbook import ActionLog
    from agent.server import make_server

    try:
        log = ActionLog(settings.log_path)
    except OSError as error:
        print(f"signage agent: {error}", file=sys.stderr)
        return 2
    try:
        server, _agent = make_server(settings, log)
    except OSError as error:
        print(
            f"signage agent: cannot listen on {settings.host}:{settings.port}: {error.strerror}.",
            file=sys.stderr,
        )
        return 2
    host, port = str(server.server_address[0]), server.server_address[1]
    address = f"http://{host}:{port}" if ":" not in host else f"http://[{host}]:{port}"
    log.write("agent", "listening", address=address, allowedOrigin=settings.allowed_origin)
    signal.signal(signal.SIGTERM, lambda *_: _stop(server))
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        log.write("agent", "stopped")
        log.close()
    return 0


def _stop(server: Any) -> None:
    # shutdown() waits for serve_forever, which runs in this (the main) thread: ask from another.
    threading.Thread(target=server.shutdown, daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
