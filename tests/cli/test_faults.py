"""What a user's bad day looks like on the command line: a full disk, a
file another program has locked, a damaged file, ``| head``. Each ends
with one sentence on stderr (after the progress line, never inside it),
the right one, and the database as it was."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from leaddesk.cli import main
from leaddesk.store import backend
from leaddesk.transfer import commands, prepare
from tests.store.test_refused_files import damage

Capture = pytest.CaptureFixture[str]


def people(path: Path, count: int, *, bad_emails: bool = False) -> Path:
    lines = ["First name,Last name,Company,Email"]
    for i in range(count):
        email = f"person{i}@@example" if bad_emails else f"person{i}@example.com"
        lines.append(f"Person{i},Family{i},Firm {i},{email}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def db(tmp_path: Path, capsys: Capture) -> Path:
    path = tmp_path / "leads.db"
    assert main(["demo", "--db", str(path), "--count", "30"]) == 0
    capsys.readouterr()
    return path


@contextmanager
def disk_full_after(pages: int) -> Iterator[None]:
    """Every new SQLite connection finds its disk full ``pages`` pages on:
    what SQLite says on a full disk (SQLITE_FULL), without filling one."""

    def limit(dbapi_connection: Any, _record: Any) -> None:
        (count,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
        dbapi_connection.execute(f"PRAGMA max_page_count={count + pages}")

    event.listen(Engine, "connect", limit)
    try:
        yield
    finally:
        event.remove(Engine, "connect", limit)


def one_sentence(err: str) -> str:
    """The last line of stderr, after checking it is a sentence of its own."""
    assert "Traceback" not in err and "Error:" not in err, err
    assert err.endswith("\n")
    last = err.rstrip("\n").split("\n")[-1]
    assert last.startswith("leaddesk: ") and last.endswith("."), err
    return last


def test_a_disk_filling_up_during_an_import_is_one_sentence_after_the_progress(
    tmp_path: Path, db: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands, "LONG", 100)
    monkeypatch.setattr(prepare, "CHUNK", 200)  # progress every 200 rows
    before = dump(db)
    source = people(tmp_path / "people.csv", 3000)
    with disk_full_after(400):  # in the middle of the rows
        assert main(["import", str(source), "--db", str(db), "--region", "US"]) == 1
    err = capsys.readouterr().err
    last = one_sentence(err)
    assert last == f"leaddesk: The disk holding {db} is full; free some space and try again."
    assert err.startswith("\rImporting: ") and "\nleaddesk: " in err  # the progress line ended
    assert dump(db) == before


def test_demo_on_a_full_disk_says_so(db: Path, capsys: Capture) -> None:
    with disk_full_after(40):
        assert main(["demo", "--db", str(db), "--count", "3000"]) == 1
    last = one_sentence(capsys.readouterr().err)
    assert "is full" in last and last.endswith("No demo leads were added.")


def test_an_import_and_a_revert_under_another_programs_lock_say_it_is_in_use(
    tmp_path: Path, db: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = people(tmp_path / "people.csv", 20)
    assert main(["import", str(source), "--db", str(db), "--json"]) == 0
    batch = json.loads(capsys.readouterr().out)
    assert batch["created"] == 20
    before = dump(db)
    monkeypatch.setattr(backend, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        for args in (["import", str(source)], ["import", "--revert", "1"]):
            assert main([*args, "--db", str(db)]) == 1
            last = one_sentence(capsys.readouterr().err)
            assert last == (f"leaddesk: {db} is in use by another program; try again in a moment.")
        assert main(["leads", "--db", str(db), "--limit", "1"]) == 0  # reading still works
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert dump(db) == before


def test_memory_is_refused_and_no_file_of_that_name_appears(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["leads", "--db", ":memory:"]) == 1
    assert "in memory" in one_sentence(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["leads", "export"])
def test_a_damaged_leads_table_is_one_sentence(
    tmp_path: Path, db: Path, capsys: Capture, command: str
) -> None:
    damage(db, "leads")
    data = db.read_bytes()
    args = ["leads"] if command == "leads" else ["export", str(tmp_path / "out.csv")]
    assert main([*args, "--db", str(db)]) == 1
    assert f"{db} is damaged" in one_sentence(capsys.readouterr().err)
    assert db.read_bytes() == data
    assert not (tmp_path / "out.csv").exists()


def _closed_early(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Runs a command whose reader stops after its first line (``| head -1``)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "leaddesk", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    return subprocess.CompletedProcess(args, process.returncode, "", err)


def test_every_command_stops_quietly_when_its_reader_goes_away(
    tmp_path: Path, capsys: Capture
) -> None:
    db = str(tmp_path / "leads.db")
    assert main(["demo", "--db", db, "--count", "400"]) == 0
    # A report far larger than a pipe holds (64 KB): 1,500 problems.
    source = people(tmp_path / "bad.csv", 1500, bad_emails=True)
    assert main(["import", str(source), "--db", db, "--region", "US"]) == 0
    capsys.readouterr()
    codes = []
    for args in (
        ["leads", "--db", db, "--limit", "400"],
        ["leads", "--db", db, "--limit", "400", "--json"],
        ["import", "--report", "1", "--db", db],
        ["import", str(source), "--db", db, "--region", "US", "--json", "--on-duplicate", "create"],
    ):
        result = _closed_early(args)
        assert result.stderr == "", (args, result.stderr)
        codes.append(result.returncode)
    # 141 where the output outgrew the pipe before the reader left; 0 where
    # it all fit in it.
    assert set(codes) <= {0, 141} and codes.count(141) >= 3, codes


def test_exported_files_get_the_users_normal_permissions(tmp_path: Path, db: Path) -> None:
    previous = os.umask(0o022)
    try:
        for name in ("leads.csv", "leads.xlsx"):
            assert main(["export", str(tmp_path / name), "--db", str(db)]) == 0
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644
    finally:
        os.umask(previous)
