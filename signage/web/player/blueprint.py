"""/api/player: what kiosks call (CONTRACT §5). Its routes live in the modules beside this one;
the guard in front of all of them is signage.web.player.api."""

from flask import Blueprint

bp = Blueprint("api_player", __name__, url_prefix="/api/player")
