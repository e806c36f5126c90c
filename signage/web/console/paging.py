"""Long console lists, one page at a time, with links that keep the filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from sqlalchemy import Select

from signage.extensions import db
from signage.web.http import count_of

PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    number: int
    size: int

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.size + len(self.items)

    @property
    def prev_url(self) -> str | None:
        return _url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return _url(self.number + 1) if self.number * self.size < self.total else None


def _url(number: int) -> str:
    args = {**request.args.to_dict(), "page": number}
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


def page_number() -> int:
    """`?page=`; anything that is not a page number shows the first page."""
    raw = request.args.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 6 and int(raw) > 0 else 1


def page_of(query: Select[Any], size: int = PAGE_SIZE) -> Page:
    number = page_number()
    total = count_of(query)
    items = list(db.session.scalars(query.limit(size).offset((number - 1) * size)))
    return Page(items, total, number, size)
