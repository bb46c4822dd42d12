"""Moving house: a whole lead database copied to another one (a laptop's
SQLite file up to a team's PostgreSQL server, or back down).

Every table is copied with its ids, in one transaction on the target: a
failure or an interruption leaves the target as it was. Rows are counted
on both sides before the commit and must agree. The target must hold no
leads yet, so nothing there is ever overwritten or mixed up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from leaddesk.store.backend import SEARCH_INDEX, ensure_search_index
from leaddesk.store.bulk import bulk_load, index_leads, indexes_deferred, insert_rows, table
from leaddesk.store.database import Database

TABLES = (
    "import_batches",
    "settings",
    "tags",
    "leads",
    "lead_contacts",
    "lead_tags",
    "custom_fields",
    "stage_changes",
    "activities",
    "activity_tags",
    "import_batch_leads",
    "import_rows",
)
"""Every table, each after the tables it refers to."""

BATCH = 5_000

Progress = Callable[[str, int, int], None]
"""Called with a table's name, rows copied so far, and its row count."""


class CopyError(Exception):
    """The copy cannot be made; the message is one sentence for the user."""


def count_rows(session: Session) -> dict[str, int]:
    return {
        name: session.scalar(select(func.count()).select_from(table(name))) or 0 for name in TABLES
    }


def copy_database(
    source: Database, target: Database, progress: Progress | None = None
) -> dict[str, int]:
    """Copies every row of ``source`` into ``target``; returns the row count
    per table, checked on both sides. Raises :class:`CopyError`."""
    with source.read() as reading:
        expected = count_rows(reading)
        with target.session() as writing:
            present = writing.scalar(select(func.count()).select_from(table("leads")))
            if present:
                raise CopyError(
                    f"{target.display_name} already has leads; copy-db only fills an empty "
                    "database, so nothing gets mixed up or overwritten."
                )
            _empty_target(writing)
            with bulk_load(writing), indexes_deferred(writing, ["leads", "stage_changes"]):
                for name in TABLES:
                    _copy_table(reading, writing, name, expected[name], progress)
                if target.dialect == "sqlite" and expected["leads"]:
                    index_leads(writing, 0, _max_id(writing, "leads"))
            _after_load(writing.connection())
            copied = count_rows(writing)
            if copied != expected:
                wrong = [n for n in TABLES if copied[n] != expected[n]]
                raise CopyError(
                    f"The copy came out different ({', '.join(wrong)}); nothing was saved."
                )
    return copied


def _empty_target(session: Session) -> None:
    """A new database has its settings rows only (phone region and such):
    the source's replace them."""
    session.execute(table("settings").delete())
    if session.get_bind().dialect.name == "postgresql":
        # Rebuilt once at the end: far faster than growing it row by row.
        session.connection().exec_driver_sql(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


def _copy_table(
    reading: Session, writing: Session, name: str, total: int, progress: Progress | None
) -> None:
    source = table(name)
    columns = [c.name for c in source.columns]
    order = list(source.primary_key.columns)
    done = 0
    if progress is not None:
        progress(name, 0, total)
    for rows in _batches(reading, select(*source.columns).order_by(*order)):
        if writing.get_bind().dialect.name == "postgresql":
            _copy_rows(writing, name, columns, rows)
        else:
            insert_rows(writing, name, columns, rows)
        done += len(rows)
        if progress is not None:
            progress(name, done, total)


def _batches(session: Session, statement: Any) -> Iterator[Sequence[Any]]:
    result = session.execute(statement, execution_options={"stream_results": True})
    yield from result.partitions(BATCH)


def _copy_rows(session: Session, name: str, columns: list[str], rows: Sequence[Any]) -> None:
    """PostgreSQL's COPY: the fastest way in, typed by psycopg itself."""
    cursor = session.connection().connection.cursor()
    try:
        with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(tuple(row))
    finally:
        cursor.close()


def _max_id(session: Session, name: str) -> int:
    return session.scalar(select(func.max(table(name).c.id))) or 0


def _after_load(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not
    move: each goes past the highest id copied. The search index returns."""
    if connection.dialect.name != "postgresql":
        return
    for name in TABLES:
        if "id" in table(name).c:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM {name}), 0) + 1, false)"
                )
            )
    ensure_search_index(connection)
    # Fresh statistics, so the first searches get good plans rather than
    # waiting for autovacuum to notice a million new rows.
    connection.exec_driver_sql("ANALYZE")
