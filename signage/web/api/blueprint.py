"""/api/admin: the console's REST API (session cookie + X-CSRFToken, CONTRACT §4). Its routes
live in the modules beside this one."""

from flask import Blueprint

bp = Blueprint("api_admin", __name__, url_prefix="/api/admin")
