"""A large file is prepared in worker processes, started while the file is
read: the leads are the same as prepared in one process, and no process
is left behind, whether the import ran or not."""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import replace
from pathlib import Path

import pytest

from leaddesk.domain.lead import Lead
from leaddesk.store.database import Database
from leaddesk.transfer import pipeline, prepare
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.transfer.conftest import all_leads, write_csv

ROWS = 7_000


def _all_workers_gone(timeout: float = 20.0) -> bool:
    """Workers are told to stop without waiting for them: they go shortly."""
    deadline = time.monotonic() + timeout
    while multiprocessing.active_children():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _large_file(path: Path) -> Path:
    rows = [["First name", "Last name", "Company", "Email", "Phone", "Notes"]]
    rows += [
        [f"Zoë{i}", f"Müller{i % 50}", f"Firm {i}", f"zoe.{i}@firm{i % 300}.example",
         f"+33 6 12 {i // 100 % 100:02d} {i % 100:02d} 0{i % 10}", "x" * 20]
        for i in range(ROWS)
    ]  # fmt: skip
    rows.append(rows[5])  # the same row again: a duplicate, skipped
    again = list(rows[11])  # the same person with more to say: merged
    again[4], again[5] = "+33 7 00 00 00 01", "Met again at the fair."
    rows.append(again)
    rows.insert(3000, list(rows[2999]))  # in a chunk still waiting to be written
    path = write_csv(path, rows)
    assert path.stat().st_size >= pipeline.START_WORKERS_FROM_BYTES
    return path


@pytest.fixture(autouse=True)
def _two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on the machines LeadDesk runs on, whatever this one has."""
    monkeypatch.setattr(prepare, "default_workers", lambda: 2)


def test_workers_started_while_reading_give_the_same_leads(
    tmp_path: Path, db: Database, db_location: str
) -> None:
    path = _large_file(tmp_path / "large.csv")
    job = ImportJob(path)
    assert job._workers is not None  # started before the file was read
    report = job.run(db, ImportOptions(region="FR"))
    assert _all_workers_gone()
    one_process = Database.open(str(tmp_path / "one.db"))
    try:
        alone = ImportJob(path).run(one_process, ImportOptions(region="FR", workers=1))
        assert (report.created, report.skipped_duplicates, report.merged) == (ROWS, 2, 1)
        assert (alone.created, alone.skipped_duplicates, alone.merged) == (ROWS, 2, 1)
        assert [_comparable(lead) for lead in all_leads(db)] == [
            _comparable(lead) for lead in all_leads(one_process)
        ]
        merged = all_leads(db)[10]
        assert merged.phones == ["+33 7 00 00 00 01"]
        assert merged.notes == "x" * 20 + "\n\nMet again at the fair."
    finally:
        one_process.close()


def _comparable(lead: Lead) -> Lead:
    """The lead without what differs between two imports (ids, times)."""
    return replace(lead, id=None, created_at=None, updated_at=None, stage_entered_at=None)


def test_a_job_that_never_runs_stops_its_workers(tmp_path: Path) -> None:
    job = ImportJob(_large_file(tmp_path / "large.csv"))
    assert job._workers is not None
    job.close()
    assert _all_workers_gone()
