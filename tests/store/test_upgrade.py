"""Upgrading a database on open is all or nothing: every migration made
to fail at each of its statements, or killed at random moments, leaves a
file that opens, at its old revision or the new one, with all its data."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event

from leaddesk.store import migrations
from leaddesk.store.database import Database, DatabaseError
from leaddesk.store.demo import load_demo
from tests.conftest import NOW

DATA_TABLES = ("leads", "activities", "stage_changes", "lead_tags", "tags", "activity_tags")


def _at_revision(path: Path, revision: str) -> None:
    """A file with demo data, taken down to ``revision`` by Alembic (with
    foreign keys off, as a batch migration's table copy needs)."""
    database = Database.open(str(path))
    load_demo(database, 40, seed=2, now=NOW, workers=1)
    database.close()
    if revision == migrations.revisions()[-1]:
        return
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        from alembic import command

        command.downgrade(migrations.config(connection), revision)
    engine.dispose()


def _content(path: Path) -> dict[str, Any]:
    """What a user would miss: the rows of every table (the columns the
    oldest revision has), and the revision."""
    connection = sqlite3.connect(path)
    try:
        found: dict[str, Any] = {
            "revision": connection.execute("SELECT version_num FROM alembic_version").fetchall()
        }
        for table in DATA_TABLES:
            found[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        found["leads rows"] = connection.execute(
            "SELECT id, first_name, last_name, company, email, phone, stage, notes "
            "FROM leads ORDER BY id"
        ).fetchall()
        found["search"] = connection.execute(
            "SELECT rowid FROM leads_fts WHERE leads_fts MATCH 'a*' ORDER BY rowid"
        ).fetchall()
        found["check"] = connection.execute("PRAGMA quick_check").fetchall()
    finally:
        connection.close()
    return found


@pytest.fixture(scope="module")
def old_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A file at each revision but the newest, with data, made once."""
    folder = tmp_path_factory.mktemp("revisions")
    files = {}
    for revision in migrations.revisions()[:-1]:
        path = folder / f"at-{revision}.db"
        _at_revision(path, revision)
        files[revision] = path
    return files


def _old_or_new(before: dict[str, Any], after: dict[str, Any], what: object) -> str:
    """Asserts ``after`` is ``before`` exactly, or the same data at the
    newest revision; says which."""
    if after["revision"] == before["revision"]:
        assert after == before, what
        return "old"
    assert after["revision"] == [(migrations.revisions()[-1],)], what
    assert {**after, "revision": None} == {**before, "revision": None}, what
    return "new"


def _copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


class Injected(Exception):
    """The failure a test makes happen."""


@contextmanager
def failing_at(step: int, *, commit_first: bool = False) -> Iterator[list[str]]:
    """Makes the ``step``-th statement of every engine fail (counting from
    0); yields the statements run so far. ``commit_first`` commits what the
    transaction did before failing, as an upgrade that could not roll
    back would leave it."""
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)
        if len(seen) - 1 == step:
            if commit_first:
                cursor.execute("COMMIT")
            raise Injected(f"step {step}: {statement.split()[0]}")

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", before)


def _statements_of_an_upgrade(path: Path, tmp_path: Path) -> int:
    with failing_at(-1) as seen:
        Database.open(str(_copy(path, tmp_path / "count.db"))).close()
    return len(seen)


def test_an_older_file_is_copied_before_upgrading_no_more_readable_than_it(
    old_files: dict[str, Path], tmp_path: Path
) -> None:
    path = _copy(old_files["0003"], tmp_path / "leads.db")
    path.chmod(0o600)
    before = _content(path)
    Database.open(str(path)).close()
    (backup,) = tmp_path.glob("leads.db.before-*.bak")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _content(backup) == before
    after = _content(path)
    assert after["revision"] == [(migrations.revisions()[-1],)]
    assert {k: v for k, v in after.items() if k != "revision"} == {
        k: v for k, v in before.items() if k != "revision"
    }
    assert not list(tmp_path.glob("*.partial"))


def test_every_migration_failing_at_each_statement_leaves_the_old_revision(
    old_files: dict[str, Path], tmp_path: Path
) -> None:
    # From the oldest revision, the upgrade runs every later migration.
    oldest = migrations.revisions()[0]
    total = _statements_of_an_upgrade(old_files[oldest], tmp_path)
    assert total > 10
    for step in range(total):
        path = _copy(old_files[oldest], tmp_path / f"{step}.db")
        before = _content(path)
        with failing_at(step), pytest.raises((DatabaseError, Injected)) as failure:
            Database.open(str(path))
        if isinstance(failure.value, DatabaseError):
            message = str(failure.value)
            assert "\n" not in message and "LeadDesk left it as it was" in message, message
        _old_or_new(before, _content(path), (step, failure.value))
        Database.open(str(path)).close()  # and it upgrades once the fault is gone
        _old_or_new(before, _content(path), step)
        path.unlink()


def test_a_new_file_failing_at_each_statement_stays_a_new_file(tmp_path: Path) -> None:
    with failing_at(-1) as seen:
        Database.open(str(tmp_path / "counted.db")).close()
    total = len(seen)
    # A dozen of them, the last ones (the version stamp, the commit) included.
    for step in sorted({*range(0, total, max(1, total // 10)), total - 3, total - 2}):
        path = tmp_path / f"new-{step}.db"
        with failing_at(step), pytest.raises((DatabaseError, Injected)):
            Database.open(str(path))
        Database.open(str(path)).close()  # opens as a new file then
        assert _content(path)["leads"] == (0,)


def test_an_upgrade_that_could_not_roll_back_gets_its_copy_put_back(
    old_files: dict[str, Path], tmp_path: Path
) -> None:
    path = _copy(old_files["0003"], tmp_path / "leads.db")
    before = _content(path)
    total = _statements_of_an_upgrade(path, tmp_path)
    with failing_at(total - 4, commit_first=True), pytest.raises(DatabaseError) as failure:
        Database.open(str(path))
    assert "put back the copy" in str(failure.value)
    assert _content(path) == before


def test_two_first_opens_of_a_new_file_at_once_both_succeed(tmp_path: Path) -> None:
    code = (
        "import sys; from leaddesk.store.database import Database; "
        "Database.open(sys.argv[1]).close()"
    )
    for attempt in range(2):
        path = tmp_path / f"new-{attempt}.db"
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        for run in runs:
            _, error = run.communicate(timeout=60)
            assert run.returncode == 0, error
        assert _content(path)["revision"] == [(migrations.revisions()[-1],)]


_KILLED_AT = """
import os, signal, sys
from sqlalchemy import Engine, event
from leaddesk.store.database import Database

statements = []

@event.listens_for(Engine, "before_cursor_execute")
def kill(*args):
    statements.append(args[2])
    if len(statements) > int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)

Database.open(sys.argv[1]).close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_upgrades_killed_at_random_statements_leave_the_old_or_the_new_revision(
    old_files: dict[str, Path], tmp_path: Path
) -> None:
    chooser = random.Random(15)
    oldest = migrations.revisions()[0]
    total = _statements_of_an_upgrade(old_files[oldest], tmp_path)
    for step in chooser.sample(range(total), 4):
        path = _copy(old_files[oldest], tmp_path / f"killed-{step}.db")
        before = _content(path)
        killed = subprocess.run(
            [sys.executable, "-c", _KILLED_AT, str(path), str(step)], check=False
        )
        assert killed.returncode == -signal.SIGKILL
        _old_or_new(before, _content(path), step)
        Database.open(str(path)).close()
        _old_or_new(before, _content(path), step)


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0, reason="tmpfs")
def test_no_room_for_the_copy_refuses_the_upgrade_and_changes_nothing(
    old_files: dict[str, Path], tmp_path: Path
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    size = old_files["0003"].stat().st_size
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size + size // 2}", "tmpfs", str(disk)],
        check=True,
    )
    try:
        path = _copy(old_files["0003"], disk / "leads.db")
        data = path.read_bytes()
        for _ in range(2):  # and the next open says the same
            with pytest.raises(DatabaseError, match="no room for the copy"):
                Database.open(str(path))
            assert path.read_bytes() == data
            assert sorted(p.name for p in disk.iterdir()) == ["leads.db"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@contextmanager
def disk_of(pages: int) -> Iterator[None]:
    """A disk that fills up: every SQLite connection opened meanwhile may
    grow its file by ``pages`` pages only (SQLite's max_page_count), and
    fails with SQLITE_FULL past them, as on a full disk."""

    def connected(dbapi_connection: Any, _record: Any) -> None:
        (count,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
        dbapi_connection.execute(f"PRAGMA max_page_count={count + pages}")

    event.listen(Engine, "connect", connected)
    try:
        yield
    finally:
        event.remove(Engine, "connect", connected)


def test_an_upgrade_that_fills_the_disk_leaves_the_file_and_room_to_try_again(
    old_files: dict[str, Path], tmp_path: Path
) -> None:
    # A copy left by the failed try took the room the next try needed for
    # its own: on a full disk, every later open was refused.
    path = _copy(old_files[migrations.revisions()[0]], tmp_path / "leads.db")
    compact = sqlite3.connect(path)
    compact.execute("VACUUM")  # no free pages: the upgrade must grow the file
    compact.close()
    before = _content(path)
    with disk_of(0), pytest.raises(DatabaseError) as failure:
        Database.open(str(path))
    assert str(failure.value) == (
        f"Upgrading {path} for this version of LeadDesk failed (the disk is full); "
        "LeadDesk left it as it was. Free some space and try again."
    )
    assert _content(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leads.db"]
    Database.open(str(path)).close()  # the space freed, it upgrades
    _old_or_new(before, _content(path), "after")


def test_no_room_for_the_upgrade_after_the_copy_refuses_it_before_copying(
    old_files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leaddesk.store import backups

    path = _copy(old_files["0003"], tmp_path / "leads.db")
    data = path.read_bytes()
    size = path.stat().st_size
    real = shutil.disk_usage

    def room_for_the_copy_only(folder: Any) -> Any:
        return real(folder)._replace(free=backups.needed_room(path) + size // 2)

    monkeypatch.setattr(shutil, "disk_usage", room_for_the_copy_only)
    with pytest.raises(DatabaseError, match=r"no room for the copy .* and for the upgrade itself"):
        Database.open(str(path))
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leads.db"]
