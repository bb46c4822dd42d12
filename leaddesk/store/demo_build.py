"""Building the new file of a first large demo load (see
:mod:`leaddesk.store.demo_file`) on both cores.

Worker processes write the generated rows into part files: the same
tables, no index, no journal. Each part then goes two ways at once, on two
threads (SQLite lets go of Python's lock while it works):

- the leads, their tags and activities into the new file;
- the stage changes and the leads' search texts into a side file.

Once every part is in, the new file's thread builds the lead indexes while
the side file's builds the others and the search index (about as much
work), and the side file's tables are copied into the new file whole,
indexes included: SQLite copies records and index entries in order when two
tables match, without sorting again.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from leaddesk.lifetime import worker_pool

log = logging.getLogger("leaddesk.store.demo_file")

TABLES = ("leads", "stage_changes", "activities", "lead_tags", "activity_tags")
SIDE_TABLES = ("stage_changes",)
SEARCH = "leads_fts"
SEARCH_TABLES = tuple(f"{SEARCH}_{part}" for part in ("data", "idx", "docsize"))
"""Where the search index keeps its words; its settings stay as they are."""
PRAGMAS = (
    "PRAGMA journal_mode=OFF",  # a failed build is thrown away, not rolled back
    "PRAGMA synchronous=OFF",
    "PRAGMA foreign_keys=OFF",  # else SQLite will not copy whole records
    "PRAGMA cache_size=-64000",  # 64 MB each: index builds sort in it
    "PRAGMA temp_store=FILE",  # sorts spill to the page cache, not to our memory
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


def written(parts: Sequence[Part], workers: int) -> Iterator[PartCounts]:
    """Writes the parts, in worker processes when there are several, and
    yields their counts in order."""
    if workers <= 1 or len(parts) == 1:
        for part in parts:
            yield write_part(part)
        return
    # On an error or Ctrl-C, the pool ends its workers, parts unfinished.
    with worker_pool(workers) as pool:
        futures: list[Future[PartCounts]] = [pool.submit(write_part, part) for part in parts]
        for future in futures:
            yield future.result()


def write_part(part: Part) -> PartCounts:
    """Generates the part's chunks into its own file (in a worker process).

    Leads get their final ids; stage changes and activities are numbered
    from 1 within the part, and :class:`NewFile` shifts them."""
    from leaddesk.store.demo import ACTIVITY_COLUMNS, LEAD_COLUMNS, STAGE_COLUMNS, generate_chunk

    connection = sqlite3.connect(part.path, isolation_level=None)
    try:
        for pragma in PRAGMAS[:2]:
            connection.execute(pragma)
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
            for number, row in enumerate(chunk.activities, start=activities + 1):
                row[0] = number
                row[1] += first
            tags = part.tag_ids
            _insert(connection, "leads", LEAD_COLUMNS, chunk.leads)
            _insert(connection, "stage_changes", STAGE_COLUMNS, chunk.stage_changes)
            _insert(connection, "activities", ACTIVITY_COLUMNS, chunk.activities)
            _insert(
                connection,
                "lead_tags",
                ("lead_id", "tag_id"),
                [(first + p, tags[tag]) for p, tag in chunk.lead_tags],
            )
            _insert(
                connection,
                "activity_tags",
                ("activity_id", "tag_id"),
                [(activities + 1 + a, tags[tag]) for a, tag in chunk.activity_tags],
            )
            leads += len(chunk.leads)
            stage_changes += len(chunk.stage_changes)
            activities += len(chunk.activities)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return PartCounts(leads, stage_changes, activities)


def _insert(
    connection: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    marks = ", ".join("?" * len(columns))
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


class NewFile:
    """The new database (``main``, a copy of the empty one whose demo
    tables lost their indexes and triggers) and its side file."""

    def __init__(self, main: sqlite3.Connection, side_path: Path) -> None:
        self.main = main
        self.side_path = side_path
        found = main.execute(
            f"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name IN "
            f"({', '.join('?' * len(TABLES))}) AND sql IS NOT NULL ORDER BY rowid",
            TABLES,
        ).fetchall()
        self.tables = tuple(sql for kind, _, _, sql in found if kind == "table")
        self.indexes = [(name, table, sql) for kind, name, table, sql in found if kind == "index"]
        self.triggers = [sql for kind, _, _, sql in found if kind == "trigger"]
        for kind, name, _, _ in found:
            if kind != "table":
                main.execute(f'DROP {kind.upper()} "{name}"')
        self.columns = {
            name: [row[1] for row in main.execute(f"PRAGMA table_info({name})")]
            for name in ("stage_changes", "activities")
        }
        self.side = sqlite3.connect(side_path, isolation_level=None, check_same_thread=False)
        for pragma in PRAGMAS:
            self.side.execute(pragma)
        for kind, _, table, sql in found:
            if kind == "table" and table in SIDE_TABLES:
                self.side.execute(sql)
        # The search index is built in the side file from its own copy of
        # the leads' search texts (it reads them from a table named leads).
        search = main.execute("SELECT sql FROM sqlite_master WHERE name = ?", (SEARCH,))
        self.side.execute("CREATE TABLE leads (id INTEGER PRIMARY KEY, search_text TEXT)")
        self.side.execute(search.fetchone()[0])
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-side")
        self.stage_changes = 0
        self.activities = 0

    def close(self) -> None:
        self.thread.shutdown(wait=True, cancel_futures=True)
        self.side.close()

    def add(self, path: str, counts: PartCounts) -> None:
        """Copies a part file into both files, each on its own thread."""
        side = self.thread.submit(self._add_to_side, path)
        with _attached(self.main, path) as main:
            # Same tables, no index and no trigger: whole records are copied.
            main.execute("INSERT INTO main.leads SELECT * FROM part.leads")
            main.execute("INSERT INTO main.lead_tags SELECT * FROM part.lead_tags")
            self._shifted(main, "activities", self.activities)
            main.execute(
                "INSERT INTO main.activity_tags SELECT activity_id + ?, tag_id "
                "FROM part.activity_tags",
                (self.activities,),
            )
        side.result()
        self.stage_changes += counts.stage_changes
        self.activities += counts.activities

    def _add_to_side(self, path: str) -> None:
        with _attached(self.side, path) as side:
            side.execute("INSERT INTO main.leads SELECT id, search_text FROM part.leads")
            self._shifted(side, "stage_changes", self.stage_changes)

    def _shifted(self, connection: sqlite3.Connection, table: str, shift: int) -> None:
        """Copies a part's rows numbered from 1 after the ``shift`` rows
        already in."""
        rest = ", ".join(self.columns[table][1:])
        connection.execute(
            f"INSERT INTO main.{table} SELECT id + ?, {rest} FROM part.{table}", (shift,)
        )

    def finish(self) -> None:
        """Builds the indexes on both threads, brings the side file's tables
        in and restores the triggers."""
        side_indexes = [(n, sql) for n, table, sql in self.indexes if table in SIDE_TABLES]
        side = self.thread.submit(self._finish_side, side_indexes)
        _build(self.main, [(n, sql) for n, table, sql in self.indexes if table not in SIDE_TABLES])
        side.result()
        self.side.close()
        main = self.main
        for _, sql in side_indexes:
            main.execute(sql)  # on empty tables, so that whole indexes are copied
        with phase("copy the side file in"), _attached(main, str(self.side_path)):
            for table in SEARCH_TABLES:
                main.execute(f"DELETE FROM main.{table}")
            for table in (*SIDE_TABLES, *SEARCH_TABLES):
                main.execute(f"INSERT INTO main.{table} SELECT * FROM part.{table}")
        for sql in self.triggers:
            main.execute(sql)

    def _finish_side(self, indexes: Sequence[tuple[str, str]]) -> None:
        _build(self.side, indexes)
        with phase("build the search index"):
            self.side.execute(f"INSERT INTO {SEARCH}({SEARCH}) VALUES ('rebuild')")


def _build(connection: sqlite3.Connection, indexes: Sequence[tuple[str, str]]) -> None:
    for name, sql in indexes:
        with phase(f"build {name}"):
            connection.execute(sql)


@contextmanager
def _attached(connection: sqlite3.Connection, path: str) -> Iterator[sqlite3.Connection]:
    """``path`` attached as ``part`` for one transaction."""
    connection.execute("ATTACH DATABASE ? AS part", (path,))
    try:
        connection.execute("BEGIN")
        yield connection
        connection.execute("COMMIT")
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.execute("DETACH DATABASE part")


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Logs how long a step took, and the CPU time of its thread."""
    start, cpu = time.perf_counter(), time.thread_time()
    yield
    log.debug(
        "demo: %s: %.2f s (%.2f s CPU)",
        name,
        time.perf_counter() - start,
        time.thread_time() - cpu,
    )
