"""The reports' file answers (issue 17): CSV or XLSX as an attachment, named after the report
and its period."""

from __future__ import annotations

from typing import IO

from flask import Response, request, send_file

from signage.core.errors import N_
from signage.core.validation import ValidationError
from signage.monitoring.report_sheets import MIMETYPE

FORMATS = ("json", "csv", "xlsx")


def export_format() -> str:
    """The `format` argument: json (the default), csv or xlsx."""
    fmt = request.args.get("format", "json")
    if fmt not in FORMATS:
        raise ValidationError({"format": N_("Must be json, csv or xlsx.")}, N_("Invalid report format."))
    return fmt


def xlsx_answer(book: IO[bytes], filename: str) -> Response:
    """`book` (an open file, closed once sent) as `filename`.xlsx."""
    response = send_file(book, mimetype=MIMETYPE, as_attachment=True, download_name=f"{filename}.xlsx")
    response.headers["Cache-Control"] = "no-store"
    return response
