"""Bringing a database to the current schema on open: all or nothing.

Every upgrade runs in one transaction, DDL included (SQLite and PostgreSQL
both roll back a ``CREATE`` or an ``ALTER``), taken with the write lock
before the database's revision is read: a second process opening the same
new file waits, then finds it made, instead of making its tables again.

On SQLite, Python's driver would commit each DDL statement by itself, so
the upgrade's connection leaves the driver's transaction handling (the
``AUTOCOMMIT`` isolation level) and says ``BEGIN IMMEDIATE`` and
``COMMIT`` itself. Foreign keys are off meanwhile, as SQLite's procedure
for changing a table asks (a table copied by a batch migration is
dropped, which with foreign keys on would delete the rows that point at
it), and ``PRAGMA foreign_key_check`` runs before the commit.

Before upgrading a file that holds data, LeadDesk copies it beside
itself, when the disk has room for the copy (see
:mod:`leaddesk.store.backups`). If the upgrade fails, the transaction is
rolled back; should the file then not be at its old revision, whole and
sound, the copy is put back. Either way the user reads one sentence.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from leaddesk import interrupts
from leaddesk.store import migrations
from leaddesk.store.backend import SQLITE_APPLICATION_ID
from leaddesk.store.backups import make_backup, remove_partial_copies, restore
from leaddesk.store.faults import DatabaseError, Fault, damaged, fault_of, reason_of
from leaddesk.store.integrity import Inspection, check_tables, revision_of

if TYPE_CHECKING:
    from leaddesk.store.database import Database

PG_LOCK = 0x4C44534B
"""Key of the PostgreSQL advisory lock that one upgrade at a time holds."""


def upgrade(database: Database, inspection: Inspection | None) -> None:
    """Brings the database to the newest revision, or raises
    :class:`DatabaseError` with it as it was."""
    head = migrations.revisions()[-1]
    if inspection is not None and inspection.revision == head:
        return  # a file at head: known without a lock, Alembic or a query
    if database.dialect == "sqlite":
        _upgrade_file(database, inspection)
    else:
        _upgrade_server(database)


def _upgrade_server(database: Database) -> None:
    with database.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK,))
        current = _current(connection, database.display_name)
        if current == migrations.revisions()[-1]:
            connection.commit()
            return
        try:
            migrations.upgrade(connection)
            connection.commit()
        except Exception as error:
            connection.rollback()
            raise DatabaseError(
                _failed(database.display_name, error, restored=False, creating=current is None)
            ) from None


def _upgrade_file(database: Database, inspection: Inspection | None) -> None:
    path = database.path
    assert path is not None
    with database.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                _upgrade_locked(database, path, connection, inspection)
            except BaseException:
                _roll_back(connection)
                raise
        finally:
            with suppress(DBAPIError):  # a connection broken meanwhile is not reused
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _upgrade_locked(
    database: Database, path: Path, connection: Connection, inspection: Inspection | None
) -> None:
    current = _current(connection, str(path))
    head = migrations.revisions()[-1]
    if current == head:  # another process made or upgraded it meanwhile
        connection.exec_driver_sql("COMMIT")
        return
    backup: Path | None = None
    if current is not None:
        if inspection is not None and inspection.unchecked:
            _check_the_rest(path, inspection.unchecked)
        remove_partial_copies(path)
        backup = make_backup(path, f"before-{head}", then=upgrade_room(path))
    committed = False
    try:
        connection.exec_driver_sql(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
        migrations.upgrade(connection)
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is not None:
            raise DatabaseError(
                f"Upgrading {path} would break the links between its tables ({broken[0]})."
            )
        with interrupts.held():  # a Ctrl-C now is raised once the upgrade is done
            connection.exec_driver_sql("COMMIT")
            committed = True
    except BaseException as error:
        if committed:
            raise
        _roll_back(connection)
        restored = _put_back(path, backup, current)
        if not isinstance(error, Exception):  # Ctrl-C: said by whoever handles it
            raise
        raise DatabaseError(
            _failed(str(path), error, restored=restored, creating=current is None)
        ) from None


def upgrade_room(path: Path) -> int:
    """Bytes an upgrade of the file may take while it runs, beyond the
    copy: its write-ahead log, and the file's growth, hold at most every
    table rewritten once, so the file's size (measured: 0001 to 0009 on
    100,000 demo leads, a 288 MB file, took 148 MB)."""
    wal = path.with_name(f"{path.name}-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _current(connection: Connection, where: str) -> str | None:
    """The revision, read with the lock held; :class:`DatabaseError` for
    a version table that records none, several, or one unknown here."""
    rows = migrations.recorded_revisions(connection)
    if rows is None:
        return None
    return revision_of(rows, where, frozenset(migrations.revisions()))


def _check_the_rest(path: Path, tables: tuple[str, ...]) -> None:
    """An upgrade writes: the file is checked whole first."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        if check_tables(connection, tables, None) is None:
            raise DatabaseError(damaged(str(path)))
    finally:
        connection.close()


def _roll_back(connection: Connection) -> None:
    raw = connection.connection.dbapi_connection
    if raw is not None and getattr(raw, "in_transaction", False):
        connection.exec_driver_sql("ROLLBACK")


def _put_back(path: Path, backup: Path | None, revision: str | None) -> bool:
    """After a failed upgrade: True when the copy had to be put back (the
    file was not at its old revision, whole and sound, after the rollback).
    A copy not needed is removed: it holds what the file holds, and left
    there it would take the room the next try needs for a copy of its own
    (on a full disk, every later open was refused for want of room)."""
    if _as_it_was(path, revision):
        if backup is not None:
            backup.unlink(missing_ok=True)
        return False
    if backup is None:
        return False
    restore(backup, path)
    return True


def _as_it_was(path: Path, revision: str | None) -> bool:
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            rows = [
                str(r[0]) for r in connection.execute("SELECT version_num FROM alembic_version")
            ]
            found = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return revision is None
    return rows == ([revision] if revision else []) and found == [("ok",)]


def _failed(where: str, error: BaseException, *, restored: bool, creating: bool) -> str:
    if isinstance(error, DatabaseError):
        return str(error)
    fault = fault_of(error)
    reason = reason_of(fault) if fault is not None else _first_line(error)
    advice = " Free some space and try again." if fault is Fault.FULL else ""
    if creating:
        return f"Creating the database {where} failed ({reason}).{advice}"
    back = "put back the copy it made before" if restored else "left it as it was"
    return (
        f"Upgrading {where} for this version of LeadDesk failed ({reason}); "
        f"LeadDesk {back}.{advice}"
    )


def _first_line(error: BaseException) -> str:
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
