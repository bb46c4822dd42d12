"""Whether a SQLite file is a sound LeadDesk database, found out without
writing a byte to it.

:func:`inspect_file` runs before LeadDesk opens a file for real (which
would set its journal mode, and might upgrade it): a file it refuses is
byte for byte what it was. It refuses

- what is not an SQLite file, or is another program's;
- a LeadDesk file whose record of its schema version (``alembic_version``)
  is missing, empty, holds two versions, or names one this LeadDesk does
  not know (a newer LeadDesk made it);
- a damaged file: SQLite's ``PRAGMA quick_check`` is run table by table,
  the small tables first, for at most :data:`OPEN_BUDGET` seconds (a
  file of up to about 25,000 leads is checked whole in that time; the
  check reads about 500 MB a second).

What the budget leaves unchecked is checked by a :class:`RestOfCheck` on a
thread of its own, and :meth:`leaddesk.store.database.Database.session`
waits for it before its first commit: damage anywhere in a file means
nothing is ever written to it, whatever the file's size, and reading
(the lead list, an export) never waits.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from leaddesk.store import backend
from leaddesk.store.backend import SQLITE_APPLICATION_ID
from leaddesk.store.faults import DatabaseError, Fault, damaged, fault_of, sentence

SQLITE_HEADER = b"SQLite format 3\x00"
VERSION_TABLE = "alembic_version"
OPEN_BUDGET = 0.1
"""Seconds the check at open may take; the rest is checked meanwhile."""
LARGE_TABLES = ("leads", "activities", "stage_changes", "lead_tags", "leads_fts_data")
"""Checked last, in this order: all the others together take milliseconds."""


@dataclass(frozen=True)
class Inspection:
    """What :func:`inspect_file` found in a file it accepts."""

    new: bool
    """No file yet, an empty file, or an SQLite file without tables."""
    revision: str | None
    unchecked: tuple[str, ...] = ()
    """Tables the check at open had no time for."""


def inspect_file(path: Path, known: frozenset[str], budget: float | None = None) -> Inspection:
    """Refuses, with :class:`DatabaseError`, a file LeadDesk must not open
    (without writing to it); says what it found otherwise. ``budget``:
    seconds for the check (:data:`OPEN_BUDGET` by default)."""
    budget = OPEN_BUDGET if budget is None else budget
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a LeadDesk database file.")
    if not path.exists():
        return Inspection(new=True, revision=None)
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError as error:
        raise DatabaseError(f"{path} cannot be read ({error.strerror}).") from None
    if not header:
        return Inspection(new=True, revision=None)  # An empty file becomes a new database.
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a LeadDesk database (it is not an SQLite file).")
    try:
        probe = _read_only(path, wal_mode=header[18:20] == b"\x02\x02")
        try:
            return _inspect(probe, path, known, budget)
        finally:
            probe.close()
    except sqlite3.Error as error:
        raise DatabaseError(sentence(fault_of(error) or Fault.DAMAGED, str(path))) from None


def _read_only(path: Path, *, wal_mode: bool) -> sqlite3.Connection:
    """A connection that writes nothing, not even the -wal and -shm files a
    read-only connection to a file in WAL mode leaves behind: "immutable"
    (no locks) when nobody has the file open, which a file in WAL mode
    without its -wal file shows. In any other case locks are needed: a
    file in rollback-journal mode may be half written by another program
    (its readers take a lock, and create no files), and a -wal file may
    hold data still to be read."""
    wal = path.with_name(f"{path.name}-wal").exists()
    options = "mode=ro&immutable=1" if wal_mode and not wal else "mode=ro"
    timeout = backend.BUSY_TIMEOUT_MS / 1000
    return sqlite3.connect(f"{path.as_uri()}?{options}", uri=True, timeout=timeout)


def _inspect(
    probe: sqlite3.Connection, path: Path, known: frozenset[str], budget: float
) -> Inspection:
    (application_id,) = probe.execute("PRAGMA application_id").fetchone()
    tables = [row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    if not tables:
        return Inspection(new=True, revision=None)
    if application_id != SQLITE_APPLICATION_ID:
        raise DatabaseError(
            f"{path} belongs to another program (it is not a LeadDesk database); "
            "LeadDesk has not changed it."
        )
    revision = _revision(probe, path, tables, known)
    unchecked = check_tables(probe, _in_check_order(tables), time.monotonic() + budget)
    if unchecked is None:
        raise DatabaseError(damaged(str(path)))
    return Inspection(new=False, revision=revision, unchecked=tuple(unchecked))


def _revision(
    probe: sqlite3.Connection, path: Path, tables: Sequence[str], known: frozenset[str]
) -> str:
    if VERSION_TABLE not in tables:
        raise DatabaseError(
            f"{path} has lost the record of which LeadDesk version made it (its "
            f"{VERSION_TABLE} table is missing); LeadDesk has not changed it."
        )
    rows = [str(row[0]) for row in probe.execute(f"SELECT version_num FROM {VERSION_TABLE}")]
    return revision_of(rows, str(path), known)


def revision_of(rows: Sequence[str], where: str, known: frozenset[str]) -> str:
    """The one revision a version table records; :class:`DatabaseError`
    when it records none, several, or one this LeadDesk does not know."""
    if not rows:
        raise DatabaseError(
            f"{where} has lost the record of which LeadDesk version made it (its "
            f"{VERSION_TABLE} table is empty); LeadDesk has not changed it."
        )
    if len(rows) > 1:
        raise DatabaseError(
            f"{where} records {len(rows)} schema versions at once "
            f"({', '.join(sorted(rows))}) where there is one; LeadDesk has not changed it."
        )
    if rows[0] not in known:
        raise DatabaseError(
            f"{where} was made by a newer version of LeadDesk; please update LeadDesk to open it."
        )
    return rows[0]


def _in_check_order(tables: Sequence[str]) -> list[str]:
    small = [name for name in tables if name not in LARGE_TABLES]
    return small + [name for name in LARGE_TABLES if name in tables]


def check_tables(
    connection: sqlite3.Connection, tables: Sequence[str], deadline: float | None
) -> list[str] | None:
    """Runs ``quick_check`` on each table (with its indexes) until
    ``deadline`` (``time.monotonic()``; None: no limit). Returns the tables
    left unchecked, or None when damage was found."""
    if deadline is not None:
        # Looked at every 1,000 steps of SQLite's virtual machine (about
        # 20 µs): the check stops within a millisecond of its deadline.
        connection.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    try:
        for index, name in enumerate(tables):
            if deadline is not None and time.monotonic() > deadline:
                return list(tables[index:])
            try:
                found = connection.execute(f'PRAGMA quick_check("{name}")').fetchall()
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT:
                    return list(tables[index:])
                raise
            if found != [("ok",)]:
                return None
    finally:
        connection.set_progress_handler(None, 0)
    return []


class RestOfCheck:
    """The tables the check at open left, checked on a thread of their own
    through a read-only connection that sees committed data only."""

    def __init__(self, path: Path, tables: Sequence[str]) -> None:
        self.path = path
        self._tables = list(tables)
        self._done = threading.Event()
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.error: DatabaseError | None = None
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(
                f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            with self._lock:
                self._connection = connection
                closed = self._closed
            try:
                if not closed and check_tables(connection, self._tables, None) is None:
                    self.error = DatabaseError(damaged(str(self.path)))
            finally:
                with self._lock:
                    self._connection = None
                connection.close()
        except sqlite3.Error as error:
            if not self._closed:
                fault = fault_of(error) or Fault.DAMAGED
                self.error = DatabaseError(sentence(fault, str(self.path)))
        finally:
            self._done.set()

    def wait(self) -> None:
        """Waits for the check; raises :class:`DatabaseError` when the file
        is damaged (or the check could not read it)."""
        self._done.wait()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Stops the check (the database is being closed)."""
        with self._lock:
            self._closed = True
            if self._connection is not None:
                self._connection.interrupt()
        self._thread.join()
