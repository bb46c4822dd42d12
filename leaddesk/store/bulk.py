"""Fast writes of many rows: one ``executemany`` per table and batch, on
plain tuples, without building an ORM object or a parameter dict per row.

Used by demo data and imports. Inside :func:`bulk_load`, SQLite's search
triggers stand aside and :func:`index_leads` indexes the new leads in one
statement; on other engines both are no-ops.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from leaddesk.store.schema import Base


def table(name: str) -> Table:
    return Base.metadata.tables[name]


@contextmanager
def bulk_load(session: Session) -> Iterator[None]:
    """Marks this transaction as a bulk load (see the first migration).

    On SQLite this also takes the write lock at once, so ids handed out by
    :func:`reserve_ids` cannot be taken by another writer.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        write_alone(session)
        yield
        return
    connection.exec_driver_sql("INSERT INTO bulk_load (owner) VALUES (1)")
    # Not in a ``finally``: a load that fails is rolled back, the mark with
    # it, and a statement on a transaction cut short (a Ctrl-C) would only
    # raise again, hiding the first error.
    yield
    connection.exec_driver_sql("DELETE FROM bulk_load")


def write_alone(session: Session) -> None:
    """Makes this transaction the only one adding or changing leads until it
    ends, as SQLite's single writer does: two imports at once then run one
    after the other, each seeing the other's leads when looking for
    duplicates, and ids from :func:`reserve_ids` stay free. Readers are
    not held up. Call it before reading what the load depends on."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE leads IN SHARE ROW EXCLUSIVE MODE")
    elif connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        # The write lock now, waiting its turn (busy_timeout), rather than at
        # the first write, when a snapshot read earlier may be out of date.
        if raw is not None and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def reserve_ids(session: Session, table_name: str, count: int) -> int:
    """The first of ``count`` consecutive free ids for explicit inserts.

    Only valid inside :func:`bulk_load` (which holds SQLite's write lock).
    """
    connection = session.connection()
    target = table(table_name)
    if connection.dialect.name == "postgresql":
        sequence = f"{table_name}_id_seq"
        first = connection.exec_driver_sql(
            f"SELECT setval('{sequence}', nextval('{sequence}') + %s - 1)", (count,)
        ).scalar_one()
        return int(first) - count + 1
    highest = session.scalar(select(func.max(target.c.id)))
    return (highest or 0) + 1


def dialect_named(name: str) -> Dialect:
    """A dialect object for converting values away from any connection (in
    worker processes, say)."""
    dialect: Dialect = make_url(f"{name}://").get_dialect()()
    return dialect


def convert_rows(
    dialect: Dialect, table_name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[list[Any]]:
    """Values as the database driver takes them: each column type's own
    conversion (dates and times, booleans), exactly as SQLAlchemy would
    store them. Can run in another process before :func:`insert_rows`."""
    target = table(table_name)
    converters = [
        (index, processor)
        for index, name in enumerate(columns)
        if (processor := target.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    converted: list[list[Any]] = []
    for row in rows:
        values = list(row)
        for index, processor in converters:
            values[index] = processor(values[index])
        converted.append(values)
    return converted


def insert_rows(
    session: Session,
    table_name: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    converted: bool = False,
) -> None:
    """Inserts ``rows`` (tuples in the order of ``columns``) into a table;
    ``converted`` says :func:`convert_rows` was applied already."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if not converted:
        rows = convert_rows(dialect, table_name, columns, rows)
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table_name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    # Straight to the driver's executemany: it takes the rows as they are
    # (lists or tuples), where going through SQLAlchemy would first copy
    # every row into a tuple, a tenth of the time of a large load.
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    except dialect.loaded_dbapi.Error as error:
        # What SQLAlchemy would raise for its own statements, so that every
        # caller (and leaddesk.store.faults) sees one kind of database error.
        raise DBAPIError.instance(
            sql, None, error, dialect.loaded_dbapi.Error, hide_parameters=True, dialect=dialect
        ) from None
    finally:
        cursor.close()


def index_leads(session: Session, first_id: int, last_id: int) -> None:
    """Adds leads inserted during a bulk load to the search index."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            "INSERT INTO leads_fts (rowid, search_text) "
            "SELECT id, search_text FROM leads WHERE id BETWEEN ? AND ?",
            (first_id, last_id),
        )


@contextmanager
def indexes_deferred(session: Session, table_names: Sequence[str]) -> Iterator[None]:
    """Drops the tables' indexes and builds them again at the end, all in
    the current transaction: building an index from sorted rows once is
    several times faster than updating it row by row. Worth it only when
    the tables start empty (a first demo load or import)."""
    connection = session.connection()
    indexes = [index for name in table_names for index in table(name).indexes]
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)
