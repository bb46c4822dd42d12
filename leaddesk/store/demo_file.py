"""A first load of many demo leads into a SQLite file, built beside it.

Through the live database a million leads cost about a minute of SQL
alone: every row goes through eleven lead indexes, the search index and
the write-ahead log. When the file has no leads yet and nobody else has it
open, :func:`load_into_new_file` instead

1. locks the file, so nobody opens it half-built, and copies it (schema,
   tags, settings) into a new file in a folder beside it;
2. has worker processes write the generated rows into part files of their
   own: the same tables, no index, no journal;
3. copies the parts into the new file as they come in (SQLite copies whole
   records when two tables match), then builds each index and the search
   index once, from sorted rows;
4. puts the new file in the place of the old one with one rename.

The new file is written without a journal: the old one is untouched until
the rename, so an error or Ctrl-C leaves it as it was. The content is the
same as the ordinary path would store, row for row and id for id.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from leaddesk.store.database import Database

log = logging.getLogger(__name__)

TABLES = ("leads", "stage_changes", "activities", "lead_tags", "activity_tags")
PART_CHUNKS = 5
"""Chunks of demo leads per part file: progress moves every part."""

_BUILD_PRAGMAS = (
    "PRAGMA journal_mode=OFF",
    "PRAGMA synchronous=OFF",
    "PRAGMA foreign_keys=OFF",  # else SQLite will not copy whole records
    "PRAGMA cache_size=-100000",  # 100 MB: index builds sort in it
    "PRAGMA temp_store=MEMORY",
)


@dataclass(frozen=True)
class PartCounts:
    leads: int
    stage_changes: int
    activities: int


@dataclass(frozen=True)
class Part:
    """What a worker needs to write one part file."""

    path: str
    tables: tuple[str, ...]
    """``CREATE TABLE`` statements of :data:`TABLES`, as in the database."""
    seed: int
    chunks: tuple[tuple[int, int], ...]
    """(index, size) of each chunk."""
    first_lead: int
    now: datetime
    tag_ids: dict[str, int]


def load_into_new_file(
    database: Database,
    count: int,
    *,
    seed: int,
    now: datetime,
    workers: int,
    tag_names: Sequence[str],
    progress: Callable[[int, int], None] | None,
) -> int | None:
    """Adds ``count`` demo leads to an empty SQLite database by building a
    new file; None (and nothing changed) when the database has leads or
    another connection has it open: the caller then takes the ordinary
    path."""
    path = database.path
    if path is None:
        return None
    database.engine.dispose()  # Our own idle connections would hold the lock.
    lock = _lock(path)
    if lock is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.demo-", dir=path.parent))
    try:
        build = folder / "new.db"
        with _phase("copy the empty database"):
            connection = _new_copy(lock, build)
        try:
            schema = _defer_indexes(connection)
            tag_ids = _tag_ids(connection, tag_names)
            _load_parts(connection, folder, count, seed, now, workers, tag_ids, progress)
            for name, statement in schema:
                with _phase(f"build {name}"):
                    connection.execute(statement)
            with _phase("build the search index"):
                connection.execute("INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')")
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
        with _phase("write the file to disk"):
            _sync(build)
        if os.name == "nt":
            lock.close()  # Windows renames no file over an open one.
        build.replace(path)
        _sync(path.parent)
    finally:
        lock.close()
        shutil.rmtree(folder, ignore_errors=True)
    return count


def _lock(path: Path) -> sqlite3.Connection | None:
    """A connection holding the file for itself, or None when another
    connection has it open or it holds leads already."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        # Leaving WAL mode needs the only connection to the file, and in
        # exclusive locking mode the lock taken is kept until we close.
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        (mode,) = connection.execute("PRAGMA journal_mode=DELETE").fetchone()
        connection.execute("BEGIN EXCLUSIVE")
        empty = all(
            connection.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {name})").fetchone()[0]
            for name in TABLES
        )
        connection.execute("COMMIT")
    except sqlite3.OperationalError:
        connection.close()
        return None
    if mode != "delete" or not empty:
        connection.close()
        return None
    return connection


def _new_copy(lock: sqlite3.Connection, build: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(build, isolation_level=None)
    lock.backup(connection)
    for pragma in _BUILD_PRAGMAS:
        connection.execute(pragma)
    return connection


def _defer_indexes(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """Drops the indexes and triggers of the demo tables; returns their
    names and the statements that create them again, as the database had
    them."""
    marks = ", ".join("?" * len(TABLES))
    found = connection.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ({marks}) "
        "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, rowid",
        TABLES,
    ).fetchall()
    for kind, name, _ in found:
        connection.execute(f'DROP {kind.upper()} "{name}"')
    return [(name, sql) for _, name, sql in found]


def _tag_ids(connection: sqlite3.Connection, names: Sequence[str]) -> dict[str, int]:
    """Ids of the demo tags by name, creating the missing ones as
    :func:`leaddesk.store.leads.tag_ids_for` does."""
    from leaddesk.domain.text import fold

    keys = {fold(name): name for name in names}
    connection.executemany(
        'INSERT INTO tags (name, "key") SELECT ?, ? WHERE NOT EXISTS '
        '(SELECT 1 FROM tags WHERE "key" = ?)',
        [(name, key, key) for key, name in keys.items()],
    )
    ids = dict(connection.execute('SELECT "key", id FROM tags'))
    return {name: ids[key] for key, name in keys.items()}


def _load_parts(
    connection: sqlite3.Connection,
    folder: Path,
    count: int,
    seed: int,
    now: datetime,
    workers: int,
    tag_ids: dict[str, int],
    progress: Callable[[int, int], None] | None,
) -> None:
    from leaddesk.store.demo import CHUNK

    tables = tuple(
        sql
        for (sql,) in connection.execute(
            f"SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN "
            f"({', '.join('?' * len(TABLES))})",
            TABLES,
        )
    )
    sizes = [min(CHUNK, count - start) for start in range(0, count, CHUNK)]
    parts: list[Part] = []
    first_lead = 1
    for start in range(0, len(sizes), PART_CHUNKS):
        chunks = tuple((i, sizes[i]) for i in range(start, min(start + PART_CHUNKS, len(sizes))))
        path = str(folder / f"part-{len(parts)}.db")
        parts.append(Part(path, tables, seed, chunks, first_lead, now, tag_ids))
        first_lead += sum(size for _, size in chunks)
    copy = _PartCopy(connection)
    done = 0
    with _phase("generate and copy the rows"):
        for part, counts in zip(parts, _written(parts, workers), strict=True):
            copy.add(part.path, counts)
            Path(part.path).unlink()
            done += counts.leads
            if progress:
                progress(done, count)


def _written(parts: list[Part], workers: int) -> Iterator[PartCounts]:
    """Writes the parts, in worker processes when there are several, and
    yields their counts in order."""
    if workers <= 1 or len(parts) == 1:
        for part in parts:
            yield write_part(part)
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures: list[Future[PartCounts]] = [pool.submit(write_part, part) for part in parts]
        for future in futures:
            yield future.result()
    finally:
        # On an error or Ctrl-C, the parts not started yet are dropped.
        pool.shutdown(wait=True, cancel_futures=True)


def write_part(part: Part) -> PartCounts:
    """Generates the part's chunks into its own file (in a worker process).

    Leads get their final ids; stage changes and activities are numbered
    from 1 within the part, and :class:`_PartCopy` shifts them."""
    from leaddesk.store.demo import (
        ACTIVITY_COLUMNS,
        LEAD_COLUMNS,
        STAGE_COLUMNS,
        generate_chunk,
    )

    connection = sqlite3.connect(part.path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        for statement in part.tables:
            connection.execute(statement)
        connection.execute("BEGIN")
        leads = stage_changes = activities = 0
        for index, size in part.chunks:
            chunk = generate_chunk(part.seed, index, size, part.now, "sqlite")
            first = part.first_lead + leads
            for row in chunk.leads:
                row[0] += first
            for row in chunk.stage_changes:
                row[0] += first
            for offset, row in enumerate(chunk.activities, start=activities + 1):
                row[0] = offset
                row[1] += first
            _insert(connection, "leads", LEAD_COLUMNS, chunk.leads)
            _insert(connection, "stage_changes", STAGE_COLUMNS, chunk.stage_changes)
            _insert(
                connection,
                "lead_tags",
                ("lead_id", "tag_id"),
                [(first + p, part.tag_ids[tag]) for p, tag in chunk.lead_tags],
            )
            _insert(connection, "activities", ACTIVITY_COLUMNS, chunk.activities)
            _insert(
                connection,
                "activity_tags",
                ("activity_id", "tag_id"),
                [(activities + 1 + a, part.tag_ids[tag]) for a, tag in chunk.activity_tags],
            )
            leads += len(chunk.leads)
            stage_changes += len(chunk.stage_changes)
            activities += len(chunk.activities)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return PartCounts(leads, stage_changes, activities)


def _insert(
    connection: sqlite3.Connection, table: str, columns: Sequence[str], rows: Sequence[object]
) -> None:
    marks = ", ".join("?" * len(columns))
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


class _PartCopy:
    """Copies part files into the new database, one after the other."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.stage_changes = 0
        self.activities = 0
        self.columns = {
            name: [row[1] for row in connection.execute(f"PRAGMA table_info({name})")]
            for name in ("stage_changes", "activities")
        }

    def add(self, path: str, counts: PartCounts) -> None:
        connection = self.connection
        connection.execute("ATTACH DATABASE ? AS part", (path,))
        try:
            connection.execute("BEGIN")
            # Same tables, no index and no trigger: whole records are copied.
            connection.execute("INSERT INTO main.leads SELECT * FROM part.leads")
            connection.execute("INSERT INTO main.lead_tags SELECT * FROM part.lead_tags")
            for table, shift in (
                ("stage_changes", self.stage_changes),
                ("activities", self.activities),
            ):
                rest = ", ".join(self.columns[table][1:])
                connection.execute(
                    f"INSERT INTO main.{table} SELECT id + ?, {rest} FROM part.{table}",
                    (shift,),
                )
            connection.execute(
                "INSERT INTO main.activity_tags SELECT activity_id + ?, tag_id "
                "FROM part.activity_tags",
                (self.activities,),
            )
            connection.execute("COMMIT")
        finally:
            connection.execute("DETACH DATABASE part")
        self.stage_changes += counts.stage_changes
        self.activities += counts.activities


def _sync(path: Path) -> None:
    """Makes sure the file (or folder entry) is on disk before it counts."""
    folder = path.is_dir()
    if os.name == "nt" and folder:
        return  # Windows cannot open a folder to sync it.
    handle = os.open(path, os.O_RDONLY if folder else os.O_RDWR)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextmanager
def _phase(name: str) -> Iterator[None]:
    start, cpu = time.perf_counter(), time.process_time()
    yield
    log.debug(
        "demo: %s: %.2f s (%.2f s CPU)",
        name,
        time.perf_counter() - start,
        time.process_time() - cpu,
    )
