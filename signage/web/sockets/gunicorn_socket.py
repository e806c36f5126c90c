"""Hands gunicorn's socket to the WebSocket code without a class per request (issue 14).

Under gunicorn, Engine.IO's WSGI middleware copies `environ["gunicorn.socket"]` into the
`eventlet.input` form eventlet's WebSocket code expects, through a class it defines inside its
`__call__`: every HTTP request made a new class. A class is a reference cycle (its `__dict__`,
its methods, its `__mro__`), so each one, about 2 KB, lived until the garbage collector's next
pass, and each WebSocket's lived as long as the connection: a class per connected player, and
thousands of dead ones for every young-generation pass to walk and free (`gc_tuning` makes
those passes rare, so the garbage piled up). Measured with `gc.DEBUG_SAVEALL` under
bench.fleet: 412 of the 3,796 objects of garbage in 10 s at 500 players were those classes,
and most of the rest their dicts, methods and descriptors.

`wrap` runs in front of the middleware: it moves the socket into `eventlet.input` with one
class made once, so the middleware's test finds no `gunicorn.socket` and makes no class.
simple-websocket takes the socket from `eventlet.input` when `gunicorn.socket` is absent;
code of ours that needs the raw socket asks `raw_socket`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class SocketInput:
    """eventlet's `wsgi.input` shape: the one method readers call."""

    __slots__ = ("socket",)

    def __init__(self, socket: Any) -> None:
        self.socket = socket

    def get_socket(self) -> Any:
        return self.socket


def raw_socket(environ: dict[str, Any]) -> Any | None:
    """The client's socket under gunicorn, None under other servers. By the time Engine.IO
    runs, `eventlet.input` holds it: put there by `wrap`, or by the middleware itself."""
    wsgi_input = environ.get("eventlet.input")
    return wsgi_input.get_socket() if wsgi_input is not None else None


def wrap(wsgi_app: WsgiApp) -> WsgiApp:
    """The app, with gunicorn's socket moved to `eventlet.input` before it runs."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        sock = environ.pop("gunicorn.socket", None)
        if sock is not None:
            environ["eventlet.input"] = SocketInput(sock)
        return wsgi_app(environ, start_response)

    return app
