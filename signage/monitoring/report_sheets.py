"""XLSX exports of the reports (issue 17), beside their CSV: the same header and rows, with
dates and instants as real Excel dates (instants on the site's clock, as a spreadsheet has no
time zones) and numbers as numbers.

XlsxWriter is write-only and, in constant-memory mode, flushes each row to a temporary file as
it goes, so a million-row export does not sit in memory. Writing rows and zipping the book is
CPU work: it runs on a native thread (signage.offload) a slice at a time, while the rows
themselves are read from the database on the calling greenlet.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import islice
from typing import IO

import xlsxwriter

from signage.offload import in_thread

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An Excel sheet holds 1,048,576 rows; one is the header.
MAX_ROWS = 1_048_575
# What one request builds while the client (and a proxy's read timeout, 60 s by default in
# nginx) waits: about 0.1 ms per 14-column row on one free core, so ~10 s; a bigger export
# is refused with a clear error (narrow the filters, or take the streamed CSV).
EXPORT_ROWS = 100_000
SLICE = 2000


class _Book:
    def __init__(self, title: str, header: Sequence[str]) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()
        # Text stays text: no formula, URL or number is read into a cell's string (the CSV's
        # injection rule, here by construction).
        self.book = xlsxwriter.Workbook(
            self.file,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.sheet = self.book.add_worksheet(title[:31])
        self.instant = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.day = self.book.add_format({"num_format": "yyyy-mm-dd"})
        bold = self.book.add_format({"bold": True})
        self.width = len(header)
        self.sheet.write_row(0, 0, list(header), bold)
        self.sheet.freeze_panes(1, 0)
        self.sheet.set_column(0, max(0, self.width - 1), 16)
        self.rows = 0

    def write(self, rows: list[Sequence[object]]) -> None:
        for values in rows:
            self.rows += 1
            for column, value in enumerate(values):
                self._cell(self.rows, column, value)

    def _cell(self, row: int, column: int, value: object) -> None:
        sheet = self.sheet
        if value is None or value == "":
            return
        if isinstance(value, datetime):
            sheet.write_datetime(row, column, value.replace(tzinfo=None), self.instant)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, value, self.day)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value)
        else:
            sheet.write_string(row, column, str(value))

    def close(self) -> IO[bytes]:
        self.sheet.autofilter(0, 0, self.rows, max(0, self.width - 1))
        self.book.close()
        self.file.seek(0)
        return self.file


def workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> IO[bytes]:
    """An open temporary file holding the XLSX book: one sheet named `title`, `header` in bold
    and frozen, then `rows` (datetimes naive on the wall clock they are to show). The caller
    sends and closes it. At most MAX_ROWS rows (the caller counts first: ValueError past it)."""
    book = _Book(title, header)
    try:
        source = iter(rows)
        while chunk := list(islice(source, SLICE)):
            if book.rows + len(chunk) > MAX_ROWS:
                raise ValueError(f"more than {MAX_ROWS} rows")
            in_thread(book.write, chunk)
        return in_thread(book.close)
    except BaseException:
        book.file.close()
        raise
