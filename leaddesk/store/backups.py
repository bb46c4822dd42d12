"""Copies of a SQLite database file beside it, made before an upgrade.

A copy is written under a ``.partial`` name and renamed once complete, so
a copy cut short (a full disk, a kill) never looks like a backup, and it
is made only when the disk has room for it. It is exactly as readable as
the file it copies, never more: a private database keeps private copies.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from leaddesk.store.faults import DatabaseError, Fault, fault_of, sentence

PARTIAL = ".partial"
MARGIN = 1 << 20
"""Bytes kept free beyond the copy's size: its own pages and the folder entry."""


def backup_name(path: Path, label: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.{label}-{stamp}.bak")


def needed_room(path: Path) -> int:
    """Bytes a copy of the file takes at most: the file and its write-ahead log."""
    wal = path.with_name(f"{path.name}-wal")
    size = path.stat().st_size
    if wal.exists():
        size += wal.stat().st_size
    return size + MARGIN


def make_backup(path: Path, label: str, *, then: int = 0) -> Path:
    """Copies the file beside itself (consistent even in WAL mode) and
    returns the copy. Raises :class:`DatabaseError` when there is no room
    for it, and ``then`` bytes more for what the caller does next, or it
    cannot be written; nothing is left behind then."""
    target = backup_name(path, label)
    needed = needed_room(path) + then
    free = shutil.disk_usage(path.parent).free
    if free < needed:
        what = "and for the upgrade itself (they need" if then else "(it needs"
        raise DatabaseError(
            f"There is no room for the copy LeadDesk makes of {path} before upgrading it "
            f"{what} {_megabytes(needed)}, the disk has {_megabytes(free)} free); free "
            "some space and open it again. LeadDesk has not changed it."
        )
    partial = target.with_name(target.name + PARTIAL)
    try:
        _copy(path, partial)
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise DatabaseError(_not_copied(path, error)) from None
    return target


def _copy(source_path: Path, target: Path) -> None:
    # Created here, with the source's permissions, before SQLite opens it:
    # SQLite would create it as the umask says (0644, beside a 0600 file).
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(handle, source_path.stat().st_mode & 0o777)
    finally:
        os.close(handle)
    source = sqlite3.connect(source_path)
    try:
        destination = sqlite3.connect(target)
        try:
            # No journal: a copy that fails is thrown away, not rolled back.
            destination.execute("PRAGMA journal_mode=OFF")
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    handle = os.open(target, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def restore(backup: Path, path: Path) -> None:
    """Puts a copy's content back into the database file, through SQLite
    (so connections and the write-ahead log stay consistent)."""
    source = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(path)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def remove_partial_copies(path: Path) -> None:
    """Copies cut short by an earlier run (call with the write lock held,
    so no other process is writing one)."""
    for partial in path.parent.glob(f"{path.name}.*.bak{PARTIAL}"):
        partial.unlink(missing_ok=True)


def _not_copied(path: Path, error: BaseException) -> str:
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
    else:
        fault = fault_of(error)
        if fault is Fault.FULL:
            reason = "the disk is full"
        else:
            return sentence(fault or Fault.DISK, str(path)) + " LeadDesk has not changed it."
    return (
        f"LeadDesk could not copy {path} before upgrading it ({reason}); "
        "LeadDesk has not changed it."
    )


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"
