"""The console's blueprint; its pages live in the modules beside this one."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
