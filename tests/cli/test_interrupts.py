"""Ctrl-C and SIGTERM tell the truth: an import interrupted at any moment
says "nothing was changed" exactly when nothing was, and "saved" exactly
when it was; either way in one sentence, with exit status 130 (SIGINT) or
143 (SIGTERM), and no process of the import left running."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from sqlalchemy.schema import Index

from leaddesk.cli import main
from leaddesk.store.database import Database
from leaddesk.transfer import commands, merging, pipeline
from tests.test_lifetime import processes_marked, wait_until_gone

Capture = pytest.CaptureFixture[str]

SAVED = "after the import was saved (leaddesk import --list shows it; --revert undoes it)."


def people(path: Path, count: int) -> Path:
    lines = ["First name,Last name,Company,Email"]
    lines += [f"Person{i},Family{i},Firm {i},person{i}@example.com" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count_leads(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM leads").fetchone()[0])
    finally:
        connection.close()


def signalling(signum: int, original: Callable[..., Any]) -> Callable[..., Any]:
    """``original``, but the process receives ``signum`` as it is called."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        signal.raise_signal(signum)
        return original(*args, **kwargs)

    return wrapper


# Where an import can be when the signal comes, in the order it passes
# there, and whether its leads are saved by then.
PHASES: list[tuple[str, Any, str, bool]] = [
    ("reading the file", pipeline, "start_table", False),
    ("starting its batch", pipeline, "start_batch", False),
    ("writing rows", merging.Writer, "write", False),
    ("rebuilding indexes", Index, "create", False),
    ("finishing its batch", pipeline, "finish_batch", False),
    ("committing", Session, "commit", True),
    ("closing the database", Database, "close", True),
    ("printing the report", commands, "print", True),
]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize(
    ("target", "name", "saved"),
    [(target, name, saved) for _, target, name, saved in PHASES],
    ids=[phase for phase, *_ in PHASES],
)
def test_an_import_interrupted_at_every_phase_says_what_the_database_holds(
    tmp_path: Path,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    signum: int,
    target: Any,
    name: str,
    saved: bool,
) -> None:
    db = tmp_path / "leads.db"
    Database.open(str(db)).close()
    source = people(tmp_path / "people.csv", 300)
    original = getattr(target, name, print)
    monkeypatch.setattr(target, name, signalling(signum, original), raising=False)
    status = main(["import", str(source), "--db", str(db), "--region", "US"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 128 + signum
    how = "interrupted" if signum == signal.SIGINT else "stopped"
    leads = count_leads(db)
    if saved:
        assert err == f"leaddesk: {how} {SAVED}\n"
        assert leads == 300
    else:
        assert err == f"leaddesk: {how}; nothing was changed.\n"
        assert leads == 0


def _start_import(tmp_path: Path, rows: int) -> tuple[subprocess.Popen[str], str, Path]:
    db = tmp_path / "leads.db"
    Database.open(str(db)).close()
    source = people(tmp_path / "people.csv", rows)
    mark = f"{tmp_path.name}-{time.monotonic_ns()}"
    process = subprocess.Popen(
        [sys.executable, "-m", "leaddesk", "import", str(source), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LEADDESK_TEST_MARK": mark},
        start_new_session=True,  # its own process group, as a shell gives it
    )
    return process, mark, db


def _first_progress(process: subprocess.Popen[str]) -> str:
    """Reads stderr up to the first progress figure (workers are busy then)."""
    assert process.stderr is not None
    seen = ""
    while " of " not in seen:
        char = process.stderr.read(1)
        assert char, seen
        seen += char
    return seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGINT, True), (signal.SIGTERM, False)],
    ids=["Ctrl-C in a terminal", "SIGTERM to the program"],
)
def test_a_signal_during_a_parallel_import_ends_it_in_one_sentence_and_every_worker_with_it(
    tmp_path: Path, signum: int, to_group: bool
) -> None:
    process, mark, db = _start_import(tmp_path, 14_000)
    try:
        seen = _first_progress(process)
        assert len(processes_marked(mark)) >= 3  # the import and its workers
        if to_group:  # a terminal sends Ctrl-C to every process of the job
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        assert process.stderr is not None and process.stdout is not None
        # Read through the same buffered file as the progress was.
        err = seen + process.stderr.read()
        process.stdout.read()
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == 128 + signum, err
    assert "Traceback" not in err and "Error" not in err, err
    how = "interrupted" if signum == signal.SIGINT else "stopped"
    assert err.endswith(f"\nleaddesk: {how}; nothing was changed.\n"), err
    assert count_leads(db) == 0
    assert wait_until_gone(mark, 10.0) == []


def _workers_of(process: subprocess.Popen[str]) -> list[int]:
    """The worker processes a process started, as soon as each runs Python
    (the resource tracker and the reading processes' server, which
    multiprocessing also starts, left out)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        worker = b"multiprocessing" in command and not (
            b"resource_tracker" in command or b"forkserver" in command
        )
        if parent == process.pid and worker:
            found.append(int(entry.name))
    return found


def _ended(process: subprocess.Popen[str]) -> str:
    """Waits for the process; what it wrote on stderr."""
    try:
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_ctrl_c_while_the_workers_start_is_one_sentence(tmp_path: Path) -> None:
    # A spawned worker spends its first few hundred milliseconds importing
    # LeadDesk: a Ctrl-C then reached it before it could ignore one.
    process, mark, db = _start_import(tmp_path, 14_000)
    deadline = time.monotonic() + 30
    while not _workers_of(process) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(0.1)  # past its start, into its imports
    os.killpg(process.pid, signal.SIGINT)
    err = _ended(process)
    assert (process.returncode, err) == (130, "leaddesk: interrupted; nothing was changed.\n")
    assert count_leads(db) == 0
    assert wait_until_gone(mark, 10.0) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_killed_from_outside_ends_the_import_in_one_sentence(tmp_path: Path) -> None:
    # What the system's out-of-memory killer does: one worker is gone.
    process, mark, db = _start_import(tmp_path, 14_000)
    seen = _first_progress(process)
    os.kill(_workers_of(process)[0], signal.SIGKILL)
    err = seen + _ended(process)
    assert process.returncode == 1, err
    assert err.endswith(
        "\nleaddesk: A worker process of LeadDesk was stopped from outside (another program "
        "ended it, or the computer ran out of memory); nothing was changed.\n"
    ), err
    assert count_leads(db) == 0
    assert wait_until_gone(mark, 10.0) == []
