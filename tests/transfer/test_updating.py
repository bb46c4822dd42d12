"""The owner's round trip: export, edit in a spreadsheet program, import
with "update existing leads"; the edits land on the same leads, new rows
become new leads, and reverting the import puts every lead back."""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.clock import utcnow
from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage
from leaddesk.store.database import Database
from leaddesk.store.imports import revert_batch
from leaddesk.store.leads import insert_leads, trash_leads
from leaddesk.transfer.duplicates import OnDuplicate
from leaddesk.transfer.export import export_leads
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.transfer.conftest import all_leads

UPDATE = ImportOptions(on_duplicate=OnDuplicate.UPDATE, region="US")
LEADS = [
    Lead(first_name="Chloé", last_name="Dubois", company="Lumière SARL", title="CEO",
         email="chloe@lumiere.fr", phone="+33 6 12 34 56 78", tags=["VIP"],
         custom={"Shoe size": "38"}, created_at=datetime(2024, 1, 2, 3, 4, 5)),
    Lead(first_name="Jürgen", last_name="Müller", company="Nordwind GmbH",
         email="jm@nordwind.de", bant=Bant(budget=Answer.YES, budget_detail="20k"),
         created_at=datetime(2024, 1, 2, 3, 4, 6)),
    Lead(first_name="Ana", last_name="Ruiz", company="Cobalt Labs", email="ana@cobalt.io",
         notes="Met at the fair", created_at=datetime(2024, 1, 2, 3, 4, 7)),
]  # fmt: skip


@pytest.fixture
def filled(db: Database) -> Database:
    with db.session() as session:
        insert_leads(session, copy.deepcopy(LEADS), region="US")
    return db


def by_email(db: Database) -> dict[str, Lead]:
    return {lead.email: lead for lead in all_leads(db)}


def edit_xlsx(path: Path, changes: dict[tuple[str, str], object], new: dict[str, str]) -> None:
    """Changes cells as a person would in a spreadsheet program: by the
    row's email and the column's header; ``new`` is a row added at the end."""
    book = load_workbook(path)
    sheet = book["Leads"]
    header = [c.value for c in sheet[1]]
    rows = {row[header.index("Email")].value: row for row in sheet.iter_rows(min_row=2)}
    for (email, column), value in changes.items():
        rows[email][header.index(column)].value = value
    sheet.append([new.get(name) for name in header])
    book.save(path)


def test_edits_in_the_spreadsheet_land_on_the_same_leads(tmp_path: Path, filled: Database) -> None:
    before = by_email(filled)
    path = tmp_path / "leads.xlsx"
    export_leads(filled, path)
    edit_xlsx(
        path,
        {
            ("chloe@lumiere.fr", "Title"): "Founder",
            ("chloe@lumiere.fr", "Phone"): None,
            ("chloe@lumiere.fr", "Tags"): "VIP, Paris",
            ("chloe@lumiere.fr", "Shoe size"): None,
            ("jm@nordwind.de", "Stage"): "SQL",
            ("jm@nordwind.de", "Budget detail"): "50k",
            ("jm@nordwind.de", "Email"): "juergen@nordwind.de",
        },
        {"First name": "Mia", "Last name": "Wong", "Email": "mia@example.com"},
    )
    report = ImportJob(path).run(filled, UPDATE)
    assert (report.rows, report.created, report.updated, report.unchanged) == (4, 1, 2, 1)
    assert report.summary() == ("4 rows: 1 created, 0 merged, 2 updated by lead ID, 1 unchanged.")
    after = {lead.id: lead for lead in all_leads(filled)}
    assert len(after) == 4
    chloe = after[before["chloe@lumiere.fr"].id]
    assert (chloe.title, chloe.phone, sorted(chloe.tags), chloe.custom) == (
        "Founder",
        "",
        ["Paris", "VIP"],
        {},
    )
    juergen = after[before["jm@nordwind.de"].id]
    assert (juergen.email, juergen.stage, juergen.bant.budget_detail) == (
        "juergen@nordwind.de",
        Stage.SQL,
        "50k",
    )
    assert juergen.bant.budget is Answer.YES  # untouched: its cell was not edited
    assert after[before["ana@cobalt.io"].id].notes == "Met at the fair"

    with filled.session() as session:
        result = revert_batch(session, report.batch or 0, now=utcnow())
    assert (result.trashed, result.restored) == (1, 2)
    restored = by_email(filled)
    for email in ("chloe@lumiere.fr", "jm@nordwind.de"):
        lead = restored[email]
        old = before[email]
        assert (lead.id, lead.title, lead.phone, sorted(lead.tags), lead.custom, lead.stage) == (
            old.id,
            old.title,
            old.phone,
            sorted(old.tags),
            old.custom,
            old.stage,
        )
    assert "mia@example.com" not in restored


def test_a_csv_edited_and_saved_again_updates_too(tmp_path: Path, filled: Database) -> None:
    path = tmp_path / "leads.csv"
    export_leads(filled, path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        row["Company"] = row["Company"].upper()
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = ImportJob(path).run(filled, UPDATE)
    assert (report.created, report.updated) == (0, 3)
    assert sorted(lead.company for lead in all_leads(filled)) == [
        "COBALT LABS", "LUMIÈRE SARL", "NORDWIND GMBH"
    ]  # fmt: skip


def test_without_update_an_export_merges_as_before(tmp_path: Path, filled: Database) -> None:
    path = tmp_path / "leads.xlsx"
    export_leads(filled, path)
    edit_xlsx(path, {("chloe@lumiere.fr", "Title"): "Founder"}, {})
    report = ImportJob(path).run(filled, ImportOptions(region="US"))
    assert (report.created, report.updated) == (0, 0)
    assert by_email(filled)["chloe@lumiere.fr"].title == "CEO"  # merge fills empty fields only


def test_ids_from_another_database_update_nothing(
    tmp_path: Path, filled: Database, fresh: Database
) -> None:
    with fresh.session() as session:
        insert_leads(session, [Lead(first_name="Other", email="other@example.com")], region="US")
    path = tmp_path / "leads.xlsx"
    export_leads(filled, path)
    report = ImportJob(path).run(fresh, UPDATE)
    assert (report.created, report.updated) == (3, 0)
    assert [p.message for p in report.problems] == [
        "This Lead ID is another LeadDesk database's; rows with such IDs are imported as new "
        "leads (or merged into a lead they repeat)."
    ]
    leads = all_leads(fresh)
    assert leads[0].first_name == "Other" and len(leads) == 4


def test_a_trashed_lead_and_a_repeated_id_are_reported(tmp_path: Path, filled: Database) -> None:
    ana = by_email(filled)["ana@cobalt.io"]
    path = tmp_path / "leads.xlsx"
    export_leads(filled, path)
    book = load_workbook(path)
    sheet = book["Leads"]
    header = [c.value for c in sheet[1]]
    number = {row[header.index("Email")].value: row[0].row for row in sheet.iter_rows(min_row=2)}
    copy = [c.value for c in sheet[number["chloe@lumiere.fr"]]]
    copy[header.index("Title")] = "Copy"
    sheet.append(copy)
    book.save(path)
    with filled.session() as session:
        trash_leads(session, [ana.id or 0])
    report = ImportJob(path).run(filled, UPDATE)
    messages = {p.row: p.message for p in report.problems}
    assert messages == {
        number["ana@cobalt.io"]: "The lead with this ID is in the trash; the row was imported "
        "as a new lead.",
        5: f"Row {number['chloe@lumiere.fr']} updated this lead already; this row was skipped.",
    }
    assert (report.created, report.unchanged, report.skipped_duplicates) == (1, 2, 3)
    assert all(lead.title != "Copy" for lead in all_leads(filled))


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(str(tmp_path / "other.db"))
    yield database
    database.close()


def test_update_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from leaddesk.cli import main

    db = str(tmp_path / "cli.db")
    assert main(["demo", "--db", db, "--count", "5"]) == 0
    path = tmp_path / "leads.csv"
    assert main(["export", str(path), "--db", db]) == 0
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    title = rows[0].index("Title")
    rows[1][title] = "Edited in a spreadsheet"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    capsys.readouterr()
    assert main(["import", str(path), "--db", db, "--on-duplicate", "update", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["updated"], report["unchanged"], report["created"]) == (1, 4, 0)
    assert main(["leads", "--db", db, "--json", "--search", "Edited"]) == 0
    assert [lead["title"] for lead in json.loads(capsys.readouterr().out)] == [
        "Edited in a spreadsheet"
    ]
    assert main(["import", "--db", db, "--revert", str(report["batch"])]) == 0
    assert "1 merged leads restored" in capsys.readouterr().out
    assert main(["leads", "--db", db, "--json", "--search", "Edited"]) == 0
    assert json.loads(capsys.readouterr().out) == []
