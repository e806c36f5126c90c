"""GET /api/openapi.json (generated, signage.web.openapi) and /api/docs, which renders it
with Swagger UI from npm (CONTRACT §15). Public: the description holds no data and no secret
(the server's version stays out of it)."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, url_for

from signage.web.openapi import current_document

bp = Blueprint("api_docs", __name__, url_prefix="/api")


@bp.get("/openapi.json")
def openapi():
    return jsonify(current_document())


@bp.get("/docs")
def docs():
    return render_template("api_docs.html", spec_url=url_for("api_docs.openapi"))
