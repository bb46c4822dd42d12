"""Files LeadDesk must not use are refused in one sentence and left byte
for byte as they were: damaged files (whatever page the damage is on),
version records that make no sense, files under another program's lock."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from leaddesk.domain.lead import Lead
from leaddesk.store import backend, integrity
from leaddesk.store.database import Database, DatabaseError
from leaddesk.store.demo import load_demo
from leaddesk.store.leads import create_lead
from tests.conftest import NOW


@pytest.fixture
def made(db_path: Path) -> Path:
    """A closed LeadDesk file with demo leads (no -wal file left)."""
    database = Database.open(str(db_path))
    load_demo(database, 60, seed=3, now=NOW, workers=1)
    database.close()
    return db_path


def damage(path: Path, name: str) -> None:
    """Overwrites the root page of a table or index with garbage."""
    connection = sqlite3.connect(path)
    (size,) = connection.execute("PRAGMA page_size").fetchone()
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
    ).fetchone()
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(bytes([0xA5]) * size)


def refused(path: Path, match: str) -> str:
    """Opens ``path``, expecting a refusal; returns its sentence after
    checking the file is byte for byte as it was, with nothing beside it."""
    data = path.read_bytes()
    beside = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(DatabaseError, match=match) as refusal:
        Database.open(str(path))
    assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == beside
    message = str(refusal.value)
    assert "\n" not in message and message.endswith(".")
    return message


def test_a_damaged_leads_table_is_refused_naming_the_newest_backup(made: Path) -> None:
    older = made.with_name(f"{made.name}.before-0004-20250101-090000.bak")
    newer = made.with_name(f"{made.name}.before-0005-20250301-090000.bak")
    for age, copy in ((3600, older), (60, newer)):
        copy.write_bytes(made.read_bytes())
        os.utime(copy, (time.time() - age, time.time() - age))
    damage(made, "leads")
    message = refused(made, "is damaged")
    assert str(newer) in message and "has not changed it" in message


def test_damage_in_pages_opening_never_reads_is_found_at_open(made: Path) -> None:
    damage(made, "ix_activities_lead")
    assert "Restore it from a backup copy" in refused(made, "is damaged")


def test_damage_the_open_had_no_time_for_stops_every_write(
    made: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damage(made, "ix_activities_lead")
    data = made.read_bytes()
    monkeypatch.setattr(integrity, "OPEN_BUDGET", 0.0)  # a file too large to check at open
    database = Database.open(str(made))
    try:
        with database.read() as session:  # reading never waits for the check
            from leaddesk.store.queries import LeadQuery, count_leads

            assert count_leads(session, LeadQuery()) == 60
        with pytest.raises(DatabaseError, match="is damaged"), database.session() as session:
            create_lead(session, Lead(first_name="Ana"))
        assert database.saved == 0
    finally:
        database.close()
    assert made.read_bytes() == data


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ("INSERT INTO alembic_version VALUES ('0003')", "records 2 schema versions"),
        ("DELETE FROM alembic_version", "table is empty"),
        ("DROP TABLE alembic_version", "table is missing"),
        ("UPDATE alembic_version SET version_num = '0999'", "newer version of LeadDesk"),
    ],
)
def test_a_version_record_that_makes_no_sense_is_refused_untouched(
    made: Path, change: str, match: str
) -> None:
    connection = sqlite3.connect(made)
    connection.execute(change)
    connection.commit()
    connection.close()
    refused(made, match)
    refused(made, match)  # and again: the first refusal changed nothing


@pytest.mark.parametrize(
    "lock",
    [
        # as another tool may leave a file: rollback journal, a transaction open
        ("PRAGMA journal_mode=DELETE", "BEGIN EXCLUSIVE"),
        # a program that keeps the file to itself
        ("PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE", "COMMIT"),
    ],
)
def test_a_file_under_another_programs_exclusive_lock_is_in_use_not_damaged(
    made: Path, monkeypatch: pytest.MonkeyPatch, lock: tuple[str, ...]
) -> None:
    monkeypatch.setattr(backend, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(made, isolation_level=None)
    for statement in lock:
        other.execute(statement)
    try:
        with pytest.raises(DatabaseError, match="is in use by another program"):
            Database.open(str(made))
    finally:
        other.close()
    Database.open(str(made)).close()  # fine once the lock is gone
