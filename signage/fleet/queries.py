"""The fleet's read path: every list of sites, groups and screens the API and the console show.

Each function takes plain values (a search text, the id a client sent, a status) and returns
a `Select`, for the API's paginate() or the console's pager, or the rows themselves. Nothing
here reads the request: the views parse it (and decide what a bad value means there).

Filters by id take what the client sent: None or "" filters nothing; a value that cannot be
an id matches nothing (ids are opaque to clients), rather than being an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import joinedload, selectinload

from signage.extensions import db
from signage.fleet.store import by_name
from signage.models import Screen, ScreenGroup, ScreenStatus, Site
from signage.models.filters import id_is


def _named(query: Select[Any], column: Any, search: str | None) -> Select[Any]:
    """Names containing `search`, case-insensitively (% and _ are plain characters)."""
    return query.where(column.icontains(search, autoescape=True)) if search else query


def _where_ids(query: Select[Any], *filters: tuple[Any, object]) -> Select[Any]:
    for column, raw in filters:
        clause = id_is(column, raw)
        if clause is not None:
            query = query.where(clause)
    return query


def with_site_counts(query: Select[Any]) -> Select[Any]:
    """Preload the ids of each site's screens and groups (their counts, in the JSON and the
    console): two queries for the whole page."""
    return query.options(
        selectinload(Site.screens).load_only(Screen.id),
        selectinload(Site.groups).load_only(ScreenGroup.id),
    )


def with_group_counts(query: Select[Any]) -> Select[Any]:
    """Preload the ids of each group's screens (its screen count): one query for the page."""
    return query.options(selectinload(ScreenGroup.screens).load_only(Screen.id))


def sites_query(search: str | None = None) -> Select[Any]:
    """Sites by name, with their screen and group counts preloaded."""
    return with_site_counts(_named(select(Site).order_by(*by_name(Site)), Site.name, search))


def groups_query(search: str | None = None, site_id: object = None) -> Select[Any]:
    """Groups by name, with their screen counts preloaded."""
    query = _named(select(ScreenGroup).order_by(*by_name(ScreenGroup)), ScreenGroup.name, search)
    return with_group_counts(_where_ids(query, (ScreenGroup.site_id, site_id)))


def screens_query(
    search: str | None = None,
    site_id: object = None,
    group_id: object = None,
    status: ScreenStatus | None = None,
) -> Select[Any]:
    """Screens by name. Nothing related is loaded: see with_placement."""
    query = _named(select(Screen).order_by(*by_name(Screen)), Screen.name, search)
    query = _where_ids(query, (Screen.site_id, site_id), (Screen.group_id, group_id))
    if status is not None:
        query = query.where(Screen.status == status)
    return query


def with_placement(query: Select[Any]) -> Select[Any]:
    """Load each screen's site and group in the same query (a list naming both)."""
    return query.options(joinedload(Screen.site), joinedload(Screen.group))


def site_groups(site_id: int) -> Sequence[ScreenGroup]:
    """A site's groups by name, with their screen counts."""
    return db.session.scalars(groups_query(site_id=site_id)).all()


def site_screens(site_id: int) -> Sequence[Screen]:
    """A site's screens by name, each with its group's name (one more query for them all)."""
    query = screens_query(site_id=site_id).options(selectinload(Screen.group).load_only(ScreenGroup.name))
    return db.session.scalars(query).all()


def group_screens(group_id: int) -> Sequence[Screen]:
    """A group's screens by name."""
    return db.session.scalars(screens_query(group_id=group_id)).all()


def site_options() -> Sequence[Row[Any]]:
    """(id, name) of every site, by name: what a site select offers."""
    return db.session.execute(select(Site.id, Site.name).order_by(*by_name(Site))).all()


def group_options() -> Sequence[Row[Any]]:
    """(id, name, site_name) of every group, by site then name: the same name often exists on
    several sites."""
    return db.session.execute(
        select(ScreenGroup.id, ScreenGroup.name, Site.name.label("site_name"))
        .join(Site, ScreenGroup.site_id == Site.id)
        .order_by(*by_name(Site), *by_name(ScreenGroup))
    ).all()
