"""The reports' file answers (issue 17): CSV or XLSX as an attachment, named after the report
and its period."""

from __future__ import annotations

from typing import IO

from flask import Response, send_file

from signage.monitoring.report_sheets import MIMETYPE

# The `format` a report may be asked in (signage.web.api.report_queries).
FORMATS = ("json", "csv", "xlsx")


def xlsx_answer(book: IO[bytes], filename: str) -> Response:
    """`book` (an open file, closed once sent) as `filename`.xlsx."""
    response = send_file(book, mimetype=MIMETYPE, as_attachment=True, download_name=f"{filename}.xlsx")
    response.headers["Cache-Control"] = "no-store"
    return response
