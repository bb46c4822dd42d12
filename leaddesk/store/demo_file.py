"""A first load of many demo leads into a SQLite file, built beside it.

Through the live database a million leads cost about a minute of SQL
alone: every row goes through eleven lead indexes, the search index and
the write-ahead log. When the file has no leads yet and nobody else has it
open, :func:`load_into_new_file` instead

1. locks the file, so nobody opens it half-built, and copies it (schema,
   tags, settings) into a new file in a folder beside it;
2. has worker processes generate the rows into part files, copies those
   into the new file as they come, and builds each index and the search
   index once, from all the rows (:mod:`leaddesk.store.demo_build`);
3. puts the new file in the place of the old one with one rename.

The new file is written without a journal: the old one is untouched until
the rename, so an error or Ctrl-C leaves it as it was. The content is what
the ordinary path stores, row for row and id for id.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from leaddesk import interrupts
from leaddesk.store import leftovers
from leaddesk.store.database import Database
from leaddesk.store.demo_build import PRAGMAS, TABLES, NewFile, Part, phase, written

PART_CHUNKS = 2
"""Chunks of demo leads per part file: progress moves every part."""


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
    database.require_sound()
    database.engine.dispose()  # Our own idle connections would hold the lock.
    lock = _lock(path)
    if lock is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.demo-", dir=path.parent))
    owner = leftovers.hold(folder)  # a build that is killed is cleared at the next open
    try:
        build = folder / "new.db"
        main = sqlite3.connect(build, isolation_level=None)
        try:
            lock.backup(main)
            for pragma in PRAGMAS:
                main.execute(pragma)
            tag_ids = _tag_ids(main, tag_names)
            new_file = NewFile(main, folder / "side.db")
            try:
                with phase("generate and copy the rows"):
                    _load_parts(new_file, folder, count, seed, now, workers, tag_ids, progress)
                new_file.finish()
            finally:
                new_file.close()
            main.execute("PRAGMA journal_mode=WAL")
        finally:
            main.close()
        shutil.copymode(path, build)  # a private file stays private
        with phase("write the file to disk"):
            _sync(build)
        if os.name == "nt":
            lock.close()  # Windows renames no file over an open one.
        with interrupts.held():  # the rename is this load's commit
            build.replace(path)
            database.saved += 1
        _sync(path.parent)
    finally:
        lock.close()
        owner.close()
        shutil.rmtree(folder, ignore_errors=True)
    return count


def _lock(path: Path) -> sqlite3.Connection | None:
    """A connection holding the file for itself, or None when another
    connection has it open or it holds demo rows already."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        # Leaving WAL mode needs the only connection to the file, and in
        # exclusive locking mode the lock taken is kept until we close. The
        # journal lives in memory: this connection only reads, and a build
        # that is killed leaves no journal file behind (in exclusive mode
        # SQLite keeps a rollback journal file for as long as it runs).
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        (mode,) = connection.execute("PRAGMA journal_mode=MEMORY").fetchone()
        connection.execute("BEGIN EXCLUSIVE")
        empty = all(
            connection.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {name})").fetchone()[0]
            for name in TABLES
        )
        connection.execute("COMMIT")
    except sqlite3.OperationalError:
        connection.close()
        return None
    if mode != "memory" or not empty:
        connection.close()
        return None
    return connection


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
    new_file: NewFile,
    folder: Path,
    count: int,
    seed: int,
    now: datetime,
    workers: int,
    tag_ids: dict[str, int],
    progress: Callable[[int, int], None] | None,
) -> None:
    from leaddesk.store.demo import CHUNK

    sizes = [min(CHUNK, count - start) for start in range(0, count, CHUNK)]
    parts: list[Part] = []
    first_lead = 1
    for start in range(0, len(sizes), PART_CHUNKS):
        chunks = tuple((i, sizes[i]) for i in range(start, min(start + PART_CHUNKS, len(sizes))))
        path = str(folder / f"part-{len(parts)}.db")
        parts.append(Part(path, new_file.tables, seed, chunks, first_lead, now, tag_ids))
        first_lead += sum(size for _, size in chunks)
    done = 0
    for part, counts in zip(parts, written(parts, workers), strict=True):
        new_file.add(part.path, counts)
        Path(part.path).unlink()
        done += counts.leads
        if progress:
            progress(done, count)


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
