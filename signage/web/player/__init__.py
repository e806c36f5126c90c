"""The kiosk's way in: its pages (/player/...) and its REST API (/api/player/..., CONTRACT §5)."""

from __future__ import annotations

from flask import Flask

from signage.extensions import csrf
from signage.web.player import (  # noqa: F401  (importing a module adds its routes to the blueprint)
    api,
    datasources,
    heartbeats,
    pages,
    pairings,
    playlists,
    proof_of_play,
    weather,
)
from signage.web.player.blueprint import bp


def register(app: Flask) -> None:
    # Bearer JWT, no cookie: nothing for a cross-site form to ride on.
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.register_blueprint(pages.bp)
