"""Several people on one database: a save over someone else's change is
caught and can be merged, imports at the same time both land once, and a
process killed in the middle of an import leaves everything else as it was.
Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from leaddesk.domain.lead import Lead
from leaddesk.store import leads as store
from leaddesk.store.conflict import Keep, differences, merge
from leaddesk.store.database import Database
from leaddesk.store.queries import LeadQuery, count_leads
from leaddesk.transfer.pipeline import ImportJob, ImportOptions


def _count(db: Database) -> int:
    with db.read() as session:
        return count_leads(session, LeadQuery())


def test_saving_over_a_colleagues_change_is_caught_and_merged(
    db: Database, db_location: str
) -> None:
    with db.session() as session:
        lead = store.create_lead(session, Lead(first_name="Ana", company="Cobalt", title="CTO"))
    colleague = Database.open(db_location)
    try:
        with colleague.session() as session:
            theirs = store.get_lead(session, lead.id or 0)
            store.save_lead(session, replace(theirs, title="Chief Technology Officer"))
    finally:
        colleague.close()
    mine = replace(lead, phone="+1 415 555 2671", title="CTO, co-founder")
    with pytest.raises(store.StaleLead) as caught, db.session() as session:
        store.save_lead(session, mine)
    stale = caught.value
    assert stale.changed_by == colleague.user
    assert stale.current.title == "Chief Technology Officer"
    changes = {c.name: c for c in differences(lead, mine, stale.current)}
    assert set(changes) == {"title", "phone"}
    assert changes["title"].both_changed and not changes["phone"].both_changed
    # Their title, my phone number: field by field.
    merged = merge(lead, mine, stale.current, {"title": Keep.THEIRS})
    with db.session() as session:
        saved = store.save_lead(session, merged)
    assert (saved.title, saved.phone) == ("Chief Technology Officer", "+1 415 555 2671")
    assert saved.version == stale.current.version + 1


def _write_people(path: Path, count: int) -> Path:
    lines = ["First name,Last name,Company,Email"]
    lines += [f"Person{i},Family{i},Firm {i},person{i}@example.com" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_imports_of_the_same_file_at_once_make_each_lead_once(
    tmp_path: Path, db: Database, db_location: str
) -> None:
    path = _write_people(tmp_path / "people.csv", 300)
    reports = []
    errors: list[BaseException] = []

    def run() -> None:
        database = Database.open(db_location)
        try:
            reports.append(ImportJob(path).run(database, ImportOptions(region="US", workers=1)))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            database.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(r.created for r in reports) == [0, 300]
    assert sorted(r.merged + r.skipped_duplicates for r in reports) == [0, 300]
    assert _count(db) == 300


def test_an_import_killed_midway_leaves_the_other_leads_intact(
    tmp_path: Path, db: Database, db_location: str
) -> None:
    with db.session() as session:
        store.insert_leads(session, [Lead(first_name="Kept", last_name=str(i)) for i in range(3)])
    path = _write_people(tmp_path / "big.csv", 60_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "leaddesk", "import", str(path), "--db", db_location],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        # Its own process group, so its worker processes die with it rather
        # than outliving the test run.
        start_new_session=True,
    )
    assert process.stderr is not None
    # Killed once it reports progress: in the middle of writing.
    started = process.stderr.read(len(b"\rImporting"))
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    assert started == b"\rImporting"
    assert _count(db) == 3
    small = _write_people(tmp_path / "small.csv", 5)
    report = ImportJob(small).run(db, ImportOptions(region="US", workers=1))
    assert report.created == 5
    assert _count(db) == 8
