"""What a database error means, as one sentence for the user.

Every path that touches a database reaches the user through
:func:`describe`: the window's saves and reads, every command, the bulk
writes (which hand rows straight to the driver: see
:func:`leaddesk.store.bulk.insert_rows`) and the demo build's own SQLite
connections. It reads the driver's error *code* (SQLite's result code,
PostgreSQL's SQLSTATE), not its wording, so a full disk is never called
damaged and a healthy file under another program's lock is "in use":

======================  ==============================================
:class:`Fault`          SQLite / PostgreSQL
======================  ==============================================
FULL                    SQLITE_FULL / 53100 disk_full
LOCKED                  SQLITE_BUSY, SQLITE_LOCKED / 55P03, 40P01
READ_ONLY               SQLITE_READONLY, SQLITE_PERM / 25006
DAMAGED                 SQLITE_CORRUPT, SQLITE_NOTADB / XX001, XX002
CANNOT_OPEN             SQLITE_CANTOPEN
DISK                    SQLITE_IOERR (the disk failed a read or write)
LOST                    class 08 and 57P01-57P03: the server went away
======================  ==============================================

The wording is only a fallback for a driver that gives no code.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from pathlib import Path

from sqlalchemy.exc import DBAPIError


class DatabaseError(Exception):
    """A database that cannot be used; the message is one sentence for the user."""


class Fault(StrEnum):
    FULL = "full"
    LOCKED = "locked"
    READ_ONLY = "read-only"
    DAMAGED = "damaged"
    CANNOT_OPEN = "cannot open"
    DISK = "disk"
    LOST = "lost"
    LOGIN = "login"
    NO_DATABASE = "no database"


_SQLITE = {
    sqlite3.SQLITE_FULL: Fault.FULL,
    sqlite3.SQLITE_BUSY: Fault.LOCKED,
    sqlite3.SQLITE_LOCKED: Fault.LOCKED,
    sqlite3.SQLITE_READONLY: Fault.READ_ONLY,
    sqlite3.SQLITE_PERM: Fault.READ_ONLY,
    sqlite3.SQLITE_CORRUPT: Fault.DAMAGED,
    sqlite3.SQLITE_NOTADB: Fault.DAMAGED,
    sqlite3.SQLITE_CANTOPEN: Fault.CANNOT_OPEN,
    sqlite3.SQLITE_IOERR: Fault.DISK,
}
_SQLSTATE = {
    "53100": Fault.FULL,
    "55P03": Fault.LOCKED,
    "40P01": Fault.LOCKED,
    "25006": Fault.READ_ONLY,
    "XX001": Fault.DAMAGED,
    "XX002": Fault.DAMAGED,
    "57P01": Fault.LOST,
    "57P02": Fault.LOST,
    "57P03": Fault.LOST,
    "28P01": Fault.LOGIN,
    "28000": Fault.LOGIN,
    "3D000": Fault.NO_DATABASE,
}
_WORDS = (
    (("database or disk is full", "no space left"), Fault.FULL),
    (("malformed", "not a database", "corrupt"), Fault.DAMAGED),
    (("locked", "busy"), Fault.LOCKED),
    (("readonly", "read-only"), Fault.READ_ONLY),
    (("unable to open",), Fault.CANNOT_OPEN),
    (("disk i/o error",), Fault.DISK),
    (("password authentication failed", "no password supplied"), Fault.LOGIN),
    (("server closed", "could not connect", "terminating connection"), Fault.LOST),
)


def driver_error(error: BaseException) -> BaseException | None:
    """The driver's own exception behind ``error``, if it is a database error."""
    if isinstance(error, DBAPIError):
        return error.orig or error
    if isinstance(error, sqlite3.Error):
        return error
    module = type(error).__module__
    if module.startswith("psycopg") and isinstance(error, Exception):
        return error
    return None


def fault_of(error: BaseException) -> Fault | None:
    """What ``error`` means, or None when it is not a database error this
    module knows (a bug, a constraint LeadDesk should have kept)."""
    found = driver_error(error)
    if found is None:
        return None
    code = getattr(found, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE:
        return _SQLITE[code & 0xFF]
    state = getattr(found, "sqlstate", None)
    if isinstance(state, str):
        if state in _SQLSTATE:
            return _SQLSTATE[state]
        if state.startswith("08"):
            return Fault.LOST
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return Fault.LOST
    message = str(found).lower()
    for words, fault in _WORDS:
        if any(word in message for word in words):
            return fault
    if "database" in message and "does not exist" in message:
        return Fault.NO_DATABASE
    return None


def describe(error: BaseException, where: str) -> str:
    """One sentence for a database error, ``where`` being the database's
    name as the user knows it (its file, or its address without password)."""
    fault = fault_of(error)
    if fault is None:
        found = driver_error(error) or error
        return f"The database {where} reported an error: {_first_line(found)}"
    return sentence(fault, where)


def sentence(fault: Fault, where: str) -> str:
    if fault is Fault.FULL:
        return f"The disk holding {where} is full; free some space and try again."
    if fault is Fault.LOCKED:
        return f"{where} is in use by another program; try again in a moment."
    if fault is Fault.READ_ONLY:
        return f"{where} is read-only; LeadDesk cannot save changes to it."
    if fault is Fault.DAMAGED:
        return damaged(where)
    if fault is Fault.CANNOT_OPEN:
        return f"{where} cannot be opened (check that its folder exists and can be written to)."
    if fault is Fault.DISK:
        return f"The disk holding {where} failed to read or write it; check the disk and try again."
    if fault is Fault.LOGIN:
        return f"The server refused the user name or password for {where}."
    if fault is Fault.NO_DATABASE:
        return f"{where} does not exist on the server; create it first (see the README)."
    return f"LeadDesk cannot reach the database server for {where}."


_REASONS = {
    Fault.FULL: "the disk is full",
    Fault.LOCKED: "another program is using it",
    Fault.READ_ONLY: "it is read-only",
    Fault.DAMAGED: "it is damaged",
    Fault.CANNOT_OPEN: "it cannot be opened",
    Fault.DISK: "the disk failed to read or write it",
    Fault.LOST: "the connection to the server was lost",
    Fault.LOGIN: "the server refused the user name or password",
    Fault.NO_DATABASE: "it does not exist on the server",
}


def reason_of(fault: Fault) -> str:
    """A fault as a clause, for a sentence that says what it stopped."""
    return _REASONS[fault]


def damaged(where: str) -> str:
    """The sentence for a damaged file, naming the newest backup copy of it."""
    backup = newest_backup(Path(where)) if "://" not in where else None
    if backup is None:
        return f"{where} is damaged; LeadDesk has not changed it. Restore it from a backup copy."
    return f"{where} is damaged; LeadDesk has not changed it. The newest backup copy is {backup}."


def newest_backup(path: Path) -> Path | None:
    """The most recent copy LeadDesk made of a database file (before an
    upgrade), or None."""
    try:
        copies = [p for p in path.parent.glob(f"{path.name}.*.bak") if p.is_file()]
    except OSError:
        return None
    return max(copies, key=lambda p: p.stat().st_mtime, default=None)


def connection_lost(error: DBAPIError) -> bool:
    """Whether the error means the server went away (try again later)
    rather than that it refused what was asked."""
    if error.connection_invalidated:
        return True
    if fault_of(error) is Fault.LOST:
        return True
    message = str(error.orig or error).lower()
    return any(part in message for part in ("connection", "timeout"))


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
