"""Many rows in one INSERT or UPDATE whose SQL text never changes, for the batched writers.

SQLAlchemy sends a batch of inserts as a multi-row `VALUES` statement ("insertmanyvalues"):
its text grows with the batch, so on PostgreSQL psycopg parses it anew every time (it caches
only short queries) — a third of a 200-play flush's CPU, on the event loop. A batch of
updates goes as an executemany, which psycopg pipelines with two polls of the socket a row.
On PostgreSQL the rows therefore go as one array a column through `unnest`: one parameter a
column, one short text, parsed once and prepared by the server, one round trip. SQLite works
in-process: the rows go as parameter sets of a statement compiled once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table, TextClause, bindparam, insert, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def insert_rows(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    skip_conflicts_on: tuple[str, ...] = (),
    returning: tuple[str, ...] = (),
) -> list[tuple[Any, ...]]:
    """Insert `rows` (each with the same keys) in the session's transaction; with
    `skip_conflicts_on`, rows clashing on that unique key are left out (ON CONFLICT DO
    NOTHING). Answers the `returning` columns of the rows inserted."""
    if not rows:
        return []
    columns = tuple(rows[0])
    _require(table, columns, "default")
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        stmt = _unnest_insert(table, columns, skip_conflicts_on, returning)
        result = connection.execute(stmt, _as_arrays(rows, columns))
    else:
        result = connection.execute(_sqlite_insert(table, skip_conflicts_on, returning), list(rows))
    return [tuple(row) for row in result] if returning else []


@cache
def _unnest_insert(
    table: Table, columns: tuple[str, ...], conflict: tuple[str, ...], returning: tuple[str, ...]
) -> TextClause:
    names = ", ".join(table.c[key].name for key in columns)
    sql = f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({_casts(table, columns)})"
    if conflict:
        sql += f" ON CONFLICT ({', '.join(table.c[key].name for key in conflict)}) DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(table.c[key].name for key in returning)}"
    stmt = text(sql).bindparams(*_arrays(table, columns))
    return stmt.columns(*(table.c[key] for key in returning)) if returning else stmt


@cache
def _require(table: Table, columns: tuple[str, ...], kind: str) -> None:
    # PostgreSQL's statements are text: a column's Python-side default (or onupdate) that the
    # rows leave out would not be applied there. Refused on both databases alike, so code
    # tried on SQLite does not first fail on PostgreSQL.
    missing = [c.key for c in table.c if getattr(c, kind) is not None and c.key not in columns]
    if missing:
        raise ValueError(f"{table.name}: every row must give {', '.join(missing)} (its {kind})")


def _as_arrays(rows: Sequence[Mapping[str, Any]], columns: tuple[str, ...]) -> dict[str, list[Any]]:
    return {f"c{i}": [row[name] for row in rows] for i, name in enumerate(columns)}


def _casts(table: Table, columns: tuple[str, ...]) -> str:
    dialect = postgresql.dialect()
    return ", ".join(
        f"CAST(:c{i} AS {table.c[key].type.compile(dialect=dialect)}[])" for i, key in enumerate(columns)
    )


def _arrays(table: Table, columns: tuple[str, ...]) -> list[Any]:
    # Each array bound with its column's type: the column's own conversions (UTC datetimes,
    # enums as their values) apply to every element.
    return [bindparam(f"c{i}", type_=postgresql.ARRAY(table.c[key].type)) for i, key in enumerate(columns)]


@cache
def _sqlite_insert(table: Table, conflict: tuple[str, ...], returning: tuple[str, ...]) -> Any:
    # Built once; SQLite's own insert (the only one with ON CONFLICT) is still compiled at
    # every use: SQLAlchemy gives it no cache key.
    stmt = insert(table)
    if conflict:
        stmt = sqlite_insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    if returning:
        stmt = stmt.returning(*(table.c[name] for name in returning))
    return stmt


def update_rows(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]], *, key: str = "id"
) -> None:
    """Set the columns the rows give on the table's row whose `key` each names (each row
    with the same keys, `key` among them)."""
    if not rows:
        return
    columns = tuple(rows[0])
    _require(table, columns, "onupdate")
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_unnest_update(table, columns, key), _as_arrays(rows, columns))
    else:
        renamed = [{f"new_{name}": value for name, value in row.items()} for row in rows]
        connection.execute(_sqlite_update(table, columns, key), renamed)


@cache
def _unnest_update(table: Table, columns: tuple[str, ...], key: str) -> TextClause:
    names = [table.c[column].name for column in columns]
    changes = ", ".join(f"{name} = v.{name}" for name in names if name != table.c[key].name)
    sql = (
        f"UPDATE {table.name} SET {changes} FROM unnest({_casts(table, columns)}) AS v({', '.join(names)})"
        f" WHERE {table.name}.{table.c[key].name} = v.{table.c[key].name}"
    )
    return text(sql).bindparams(*_arrays(table, columns))


@cache
def _sqlite_update(table: Table, columns: tuple[str, ...], key: str) -> Any:
    return (
        update(table)
        .where(table.c[key] == bindparam(f"new_{key}"))
        .values({column: bindparam(f"new_{column}") for column in columns if column != key})
    )
