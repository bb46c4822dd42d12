"""Every file is read in a reading process with bounded memory and time:
a reader that aborts, balloons, spins or hangs is one sentence, the
program goes on and nothing is written (leaddesk.transfer.sandbox)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leaddesk.store.database import Database
from leaddesk.store.queries import any_leads
from leaddesk.transfer import sandbox
from leaddesk.transfer.errors import UnreadableFile
from leaddesk.transfer.pipeline import ImportJob
from leaddesk.transfer.readers import read_table
from tests.transfer import hostile_files

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")


def _csv(path: Path, rows: int = 3) -> Path:
    lines = ["Name,Email"] + [f"Person {n},p{n}@example.com" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _reading_processes() -> list[str]:
    return [p.name for p in multiprocessing.active_children() if p.name.startswith("reading ")]


def test_a_reader_that_aborts_is_one_sentence_and_prints_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path / "leads.csv")
    with pytest.raises(UnreadableFile) as refused:
        sandbox.read_guarded(hostile_files.aborting, path)
    assert (
        str(refused.value) == "leads.csv is damaged or too large to read safely; it was not read."
    )
    out, err = capfd.readouterr()
    assert "memory allocation" not in err + out  # the reader's dying words go nowhere
    assert _reading_processes() == []


def test_a_reader_that_balloons_is_stopped_at_the_memory_bound(tmp_path: Path) -> None:
    path = _csv(tmp_path / "leads.csv")
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match=r"^leads\.csv is too large to read safely"):
        sandbox.read_guarded(hostile_files.ballooning, path)
    assert time.monotonic() - started < 30


def test_a_reader_that_spins_is_stopped_at_its_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "CPU_SECONDS", 1)
    path = _csv(tmp_path / "leads.csv")
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="damaged or too large to read safely"):
        sandbox.read_guarded(hostile_files.spinning, path)
    assert time.monotonic() - started < 15


def test_a_reader_that_hangs_is_given_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "SILENT_SECONDS", 1.0)
    path = _csv(tmp_path / "leads.csv")
    with pytest.raises(
        UnreadableFile, match=r"^leads\.csv takes too long to read; it was not read"
    ):
        sandbox.read_guarded(hostile_files.silent, path)
    assert _reading_processes() == []


def test_a_file_giving_far_more_text_than_it_holds_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MAX_TEXT_CHARS", 2_000)
    table = read_table(_csv(tmp_path / "leads.csv", rows=500))
    with pytest.raises(UnreadableFile, match="would give more than"):
        list(table.rows)


def test_rows_and_footer_come_through_and_the_process_ends(tmp_path: Path) -> None:
    path = _csv(tmp_path / "leads.csv", rows=5_000)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("last update 01.03.2024 Anna\n")
    table = read_table(path)
    rows = list(table.rows)
    assert len(rows) == 5_000 and rows[0] == (2, ["Person 0", "p0@example.com"])
    assert table.skipped_lines == [5_002]  # known once the rows are read
    assert _reading_processes() == []


def test_a_reading_process_killed_from_outside_is_said_so(tmp_path: Path) -> None:
    # What the out-of-memory killer does: not the file's fault.
    table = read_table(_csv(tmp_path / "leads.csv", rows=200_000))
    (reading,) = [p for p in multiprocessing.active_children() if p.name.startswith("reading ")]
    os.kill(reading.pid or 0, signal.SIGKILL)
    with pytest.raises(
        UnreadableFile, match=r"^leads\.csv was not read: the process reading it was"
    ):
        list(table.rows)


def test_a_job_let_go_unread_ends_its_reading_process(tmp_path: Path) -> None:
    job = ImportJob(_csv(tmp_path / "leads.csv", rows=50_000))
    assert len(_reading_processes()) == 1  # holding the rows for the import
    job.close()
    assert _reading_processes() == []


@pytest.mark.parametrize("spelling", [*hostile_files.SPELLINGS, "prefixed"])
def test_a_shared_string_bomb_in_every_spelling_is_refused_at_once(
    tmp_path: Path, spelling: str
) -> None:
    path = tmp_path / "bomb.xlsx"
    if spelling == "prefixed":
        hostile_files.prefixed_shared_string_bomb(path)
    else:
        hostile_files.shared_string_bomb(path, spelling)
    database = Database.open(str(tmp_path / "leads.db"))
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="repeats its text so often"):
        ImportJob(path).run(database)
    assert time.monotonic() - started < 10
    with database.read() as session:
        assert not any_leads(session)
    database.close()


def test_a_bomb_the_pre_checks_miss_is_stopped_by_the_reading_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The wall behind the patterns: calamine itself, handed the bomb, runs
    # into the reading process's memory bound (lowered here to be quick).
    monkeypatch.setattr(sandbox, "MEMORY_BOUND", 768 * 1024**2)
    path = hostile_files.shared_string_bomb(tmp_path / "bomb.xlsx", "ten-digit index")
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="too large to read safely"):
        table = sandbox.read_guarded(hostile_files.unchecked_workbook, path)
        list(table.rows)
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    ("build", "sentence"),
    [
        (hostile_files.broken_deflate, "is not a valid Excel file (it is damaged or truncated)."),
        (hostile_files.encrypted_member, "is protected with a password; save it without one."),
    ],
)
def test_damaged_archives_are_one_sentence_from_the_command_line(
    tmp_path: Path, build: object, sentence: str
) -> None:
    path = build(tmp_path / "leads.xlsx")  # type: ignore[operator]
    db = tmp_path / "leads.db"
    done = subprocess.run(
        [sys.executable, "-m", "leaddesk", "--db", str(db), "import", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"leaddesk: leads.xlsx {sentence}"]
