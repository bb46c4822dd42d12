"""Duplicates inside a file and against the database, the three ways to
handle them, one transaction per import, and reverting an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.lead import ActivityKind, Lead
from leaddesk.store import imports
from leaddesk.store.database import Database
from leaddesk.store.imports import revert_batch
from leaddesk.store.leads import insert_leads
from leaddesk.store.schema import ImportBatch, LeadRow
from leaddesk.transfer import merging
from leaddesk.transfer.duplicates import Choice
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.conftest import NOW
from tests.transfer.conftest import Importer, all_leads, lead_activities, write_csv

HEADER = ["First Name", "Last Name", "Company", "Email", "Phone", "Title", "Lead Source", "Notes"]


@pytest.fixture
def known(db: Database) -> Database:
    """A database holding Ana, with a few fields left empty."""
    with db.session() as session:
        insert_leads(
            session,
            [
                Lead(first_name="Ana", last_name="Ruiz", company="Cobalt Labs",
                     email="Ana@cobalt.es", source="referral", notes="Met at the fair.",
                     bant=Bant(budget=Answer.YES)),
                Lead(first_name="Bo", last_name="Chen", company="Acme", phone="+1 415 555 2671"),
            ],
            region="US",
        )  # fmt: skip
    return db


def test_duplicates_inside_the_file_are_merged(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        HEADER,
        ["Ana", "Ruiz", "Cobalt Labs", "ana@cobalt.es", "", "", "", "First note"],
        ["", "", "", "ANA@COBALT.ES", "+1 415 555 0100", "CTO", "", "Second note"],
        ["Bo", "Chen", "Acme", "", "(415) 555-2671", "", "", ""],
        ["Bo", "Chen", "Acme Inc.", "bo@acme.com", "+14155552671", "", "", ""],
        ["John", "Smith", "Acme", "", "", "", "", ""],
        ["Joan", "Smith", "ACME", "", "", "", "", ""],
        ["Jon", "Smith", "Acme", "jon@acme.com", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "leads.csv", rows)
    report = import_file(path, dry_run=True)
    # A letter apart is not sure: both kept, and listed for the user.
    assert (report.rows, report.created, report.merged) == (7, 5, 2)
    assert [(p.row, p.of_row, p.why, p.choice) for p in report.possible] == [
        (7, 6, "similar_name", "keep"),
        (8, 6, "similar_name", "keep"),
    ]
    report = import_file(path, choices={8: Choice.MERGE})
    assert (report.rows, report.created, report.merged) == (7, 4, 3)
    ana, bo, john, joan = all_leads(db)
    assert (ana.email, ana.phone, ana.title) == ("ana@cobalt.es", "+1 415 555 0100", "CTO")
    assert ana.notes == "First note\n\nSecond note"
    assert (bo.phone, bo.email) == ("(415) 555-2671", "bo@acme.com")
    assert (john.first_name, john.email) == ("John", "jon@acme.com")
    assert joan.first_name == "Joan"
    assert [(o.row, o.action, o.lead, o.of_row) for o in report.outcomes] == [
        (2, "created", ana.id, None),
        (3, "merged", ana.id, 2),
        (4, "created", bo.id, None),
        (5, "merged", bo.id, 4),
        (6, "created", john.id, None),
        (7, "created", joan.id, None),
        (8, "merged", john.id, 6),
    ]


def test_a_shared_switchboard_number_does_not_merge_different_people(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    people = [("Ana", "Ruiz"), ("Bo", "Chen"), ("Carla", "Diaz"), ("Dev", "Patel")]
    rows = [HEADER]
    rows += [
        [first, last, "Big Corp", f"{first}@bigcorp.com", "+1 415 555 0199", "", "", ""]
        for first, last in people
    ]
    # No name, no email: the number alone may be anyone's at Big Corp.
    rows.append(["", "", "Big Corp", "", "(415) 555-0199", "CFO", "", ""])
    path = write_csv(tmp_path / "leads.csv", rows)
    report = import_file(path, dry_run=True)
    assert (report.created, report.merged) == (5, 0)
    assert [(p.row, p.of_row, p.why, p.lead_label) for p in report.possible] == [
        (6, 2, "phone", "Ana Ruiz, Big Corp, Ana@bigcorp.com")
    ]
    report = import_file(path, possible=Choice.MERGE)
    assert (report.created, report.merged) == (4, 1)
    leads = all_leads(db)
    assert sorted(lead.first_name for lead in leads) == ["Ana", "Bo", "Carla", "Dev"]
    assert [lead.first_name for lead in leads if lead.title == "CFO"] == ["Ana"]


def test_merge_into_the_database_fills_empty_fields_and_logs_the_new_source(
    tmp_path: Path, known: Database, import_file: Importer
) -> None:
    rows = [
        [*HEADER, "Budget"],
        ["", "", "Other Co", "ana@cobalt.es", "+1 415 555 0100", "CTO", "LinkedIn",
         "Asked for a demo.", "no"],
        ["Bo", "Chen", "", "", "4155552671", "", "", "", ""],
        ["Cy", "Dee", "D.io", "cy@d.io", "", "", "", "", ""],
    ]  # fmt: skip
    report = import_file(write_csv(tmp_path / "leads.csv", rows))
    assert (report.created, report.merged, report.skipped_duplicates) == (1, 1, 1)
    ana, bo, cy = all_leads(known)
    assert (ana.email, ana.company, ana.source) == ("Ana@cobalt.es", "Cobalt Labs", "referral")
    assert (ana.phone, ana.title) == ("+1 415 555 0100", "CTO")
    assert ana.notes == "Met at the fair.\n\nAsked for a demo."
    assert ana.bant.budget is Answer.YES  # known answers are not overwritten
    assert ana.id is not None
    notes = [a for a in lead_activities(known, ana.id) if a.kind is ActivityKind.NOTE]
    assert len(notes) == 1 and "LinkedIn" in notes[0].text
    assert bo.phone == "+1 415 555 2671"
    assert cy.email == "cy@d.io"


def test_skip_and_create(tmp_path: Path, known: Database, import_file: Importer) -> None:
    rows = [HEADER, ["Ana", "Ruiz", "", "ana@cobalt.es", "", "CTO", "", ""]]
    path = write_csv(tmp_path / "leads.csv", rows)
    report = import_file(path, on_duplicate="skip")
    assert (report.created, report.merged, report.skipped_duplicates) == (0, 0, 1)
    assert all_leads(known)[0].title == ""
    report = import_file(path, on_duplicate="create")
    assert (report.created, report.merged, report.skipped_duplicates) == (1, 0, 0)
    assert [x.email for x in all_leads(known)] == ["Ana@cobalt.es", "", "ana@cobalt.es"]


def test_importing_the_same_file_twice_creates_nothing_the_second_time(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        HEADER,
        ["Ana", "Ruiz", "Cobalt Labs", "ana@cobalt.es", "", "CTO", "Referral", "Note"],
        ["Bo", "Chen", "Acme", "", "(415) 555-2671", "", "", ""],
        ["Cy", "Dee", "D.io", "", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "leads.csv", rows)
    first = import_file(path)
    before = all_leads(db)
    second = import_file(path)
    assert first.created == 3
    assert (second.created, second.merged, second.skipped_duplicates) == (0, 0, 3)
    assert all_leads(db) == before


def test_dry_run_commits_nothing(tmp_path: Path, known: Database, import_file: Importer) -> None:
    rows = [HEADER, ["Cy", "Dee", "D.io", "cy@d.io", "", "", "", ""],
            ["", "", "", "ana@cobalt.es", "", "CTO", "", ""]]  # fmt: skip
    before = all_leads(known)
    report = import_file(write_csv(tmp_path / "leads.csv", rows), dry_run=True)
    assert (report.created, report.merged, report.batch) == (1, 1, None)
    assert all_leads(known) == before
    with known.read() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_a_failure_midway_leaves_the_database_as_before(
    tmp_path: Path, known: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [HEADER] + [
        ["Pat", f"Lee{i}", f"Co {i}", f"p{i}@x.io", "", "", "", ""] for i in range(5000)
    ]
    rows.append(["", "", "", "ana@cobalt.es", "", "CTO", "", ""])
    path = write_csv(tmp_path / "leads.csv", rows)
    before = all_leads(known)
    calls = 0
    real = imports.insert_imported

    def fail_on_second_chunk(*args: object, **kwargs: object) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(merging, "insert_imported", fail_on_second_chunk)
    with pytest.raises(OSError, match="disk full"):
        ImportJob(path).run(known, ImportOptions(region="US"))
    assert calls == 2
    assert all_leads(known) == before
    with known.read() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0
        assert session.scalar(select(func.count()).select_from(LeadRow)) == 2


def test_cancel_leaves_the_database_as_before(tmp_path: Path, known: Database) -> None:
    rows = [HEADER] + [
        ["Pat", f"Lee{i}", f"Co {i}", f"p{i}@x.io", "", "", "", ""] for i in range(5000)
    ]
    path = write_csv(tmp_path / "leads.csv", rows)
    before = all_leads(known)
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 1

    from leaddesk.transfer.errors import ImportCancelled

    with pytest.raises(ImportCancelled):
        ImportJob(path).run(known, ImportOptions(region="US"), cancelled=cancelled)
    assert all_leads(known) == before


def test_revert_trashes_new_leads_and_restores_merged_ones(
    tmp_path: Path, known: Database, import_file: Importer
) -> None:
    before = all_leads(known)
    rows = [
        HEADER,
        ["", "", "", "ana@cobalt.es", "+1 415 555 0100", "CTO", "LinkedIn", "Demo please"],
        ["Cy", "Dee", "D.io", "cy@d.io", "", "", "", ""],
    ]
    report = import_file(write_csv(tmp_path / "leads.csv", rows))
    assert (report.created, report.merged) == (1, 1) and report.batch is not None
    with known.session() as session:
        result = revert_batch(session, report.batch, now=NOW)
    assert (result.trashed, result.restored, result.kept) == (1, 1, [])
    after = all_leads(known)
    assert [x.email for x in after] == ["Ana@cobalt.es", ""]
    ana = after[0]
    assert (ana.phone, ana.title, ana.notes) == ("", "", "Met at the fair.")
    assert ana.id is not None
    assert not [a for a in lead_activities(known, ana.id) if a.kind is ActivityKind.NOTE]
    keep = ("first_name", "last_name", "company", "email", "phone", "title", "notes", "source",
            "bant", "tags", "custom", "emails", "phones", "stage")  # fmt: skip
    assert [[getattr(x, f) for f in keep] for x in after] == [
        [getattr(x, f) for f in keep] for x in before
    ]


def test_a_lead_merged_in_several_chunks_is_reverted_whole(
    tmp_path: Path, known: Database, import_file: Importer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leaddesk.transfer import prepare

    monkeypatch.setattr(prepare, "CHUNK", 1)  # each row is written on its own
    before = all_leads(known)
    rows = [
        HEADER,
        ["", "", "", "ana@cobalt.es", "+1 415 555 0100", "", "LinkedIn", ""],
        ["Bo", "Chen", "Acme", "", "+1 415 555 2671", "VP Sales", "", ""],
        ["", "", "", "ana@cobalt.es", "", "CTO", "Trade show", "Wants a demo"],
    ]
    report = import_file(write_csv(tmp_path / "leads.csv", rows))
    assert (report.created, report.merged) == (0, 3) and report.batch is not None
    ana = all_leads(known)[0]
    assert (ana.phone, ana.title) == ("+1 415 555 0100", "CTO")
    assert ana.id is not None
    notes = [a.text for a in lead_activities(known, ana.id) if a.kind is ActivityKind.NOTE]
    assert len(notes) == 2 and "LinkedIn" in notes[1] and "Event" in notes[0]
    with known.session() as session:
        result = revert_batch(session, report.batch, now=NOW)
    assert (result.restored, result.kept) == (2, [])
    after = all_leads(known)
    assert not [a for a in lead_activities(known, ana.id) if a.kind is ActivityKind.NOTE]
    keep = ("first_name", "last_name", "company", "email", "phone", "title", "notes", "source",
            "bant", "tags", "custom", "emails", "phones", "stage")  # fmt: skip
    assert [[getattr(x, f) for f in keep] for x in after] == [
        [getattr(x, f) for f in keep] for x in before
    ]


def test_merging_fills_unknown_answers_and_empty_details_only() -> None:
    from leaddesk.transfer.combine import merged

    existing = Lead(
        first_name="Ana",
        bant=Bant(budget=Answer.YES, need=Answer.NO, budget_detail="5k", need_detail=""),
    )
    incoming = Lead(first_name="Ana", bant=Bant(
        budget=Answer.NO, authority=Answer.YES, need=Answer.YES, timeframe=Answer.UNKNOWN,
        budget_detail="10k", authority_detail="CEO", need_detail="CRM", timeframe_detail="Q3",
    ))  # fmt: skip
    assert merged(existing, incoming).bant == Bant(
        budget=Answer.YES, authority=Answer.YES, need=Answer.NO, timeframe=Answer.UNKNOWN,
        budget_detail="5k", authority_detail="CEO", need_detail="CRM", timeframe_detail="Q3",
    )  # fmt: skip
    assert merged(existing, Lead()).bant == existing.bant
