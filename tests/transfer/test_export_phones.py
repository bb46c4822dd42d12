"""Phone numbers keep their E.164 form through an export into a database
whose phone region is another: the export writes it beside the number as
typed, and the import reads the typed number with the region it gives."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from leaddesk.domain.lead import Lead
from leaddesk.store import settings
from leaddesk.store.database import Database
from leaddesk.store.leads import get_lead, insert_leads, save_lead
from leaddesk.transfer.export import export_leads
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.transfer.conftest import all_leads

SWISS = [
    Lead(first_name="Urs", last_name="Meier", phone="079 123 45 67", phones=["044 668 18 00"]),
    Lead(first_name="Anna", last_name="Keller", phone="+41 31 310 11 11",
         phones=["078 222 33 44"]),
    Lead(first_name="Beat", last_name="Frei", phone="12", email="beat@example.ch"),
]  # fmt: skip


@pytest.fixture
def swiss(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(str(tmp_path / "swiss.db"))
    with database.session() as session:
        settings.put(session, settings.PHONE_REGION, "CH")
        insert_leads(session, copy.deepcopy(SWISS), region="CH")
    yield database
    database.close()


def numbers(database: Database) -> list[tuple[str, str, list[str], bool]]:
    with database.read() as session:
        leads = [get_lead(session, lead.id or 0) for lead in all_leads(database)]
    return sorted((lead.phone, lead.phone_e164, lead.phones, lead.needs_review) for lead in leads)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_numbers_keep_their_e164_form_in_another_region(
    tmp_path: Path, swiss: Database, db: Database, suffix: str
) -> None:
    path = tmp_path / f"leads{suffix}"
    export_leads(swiss, path)
    with db.session() as session:
        settings.put(session, settings.PHONE_REGION, "DE")
    report = ImportJob(path).run(db, ImportOptions())
    assert report.needs_review == 1  # only the number that was invalid to begin with
    assert numbers(db) == numbers(swiss)
    assert ("079 123 45 67", "+41791234567", ["044 668 18 00"], False) in numbers(db)
    # And they stay so when the lead is saved again in that database.
    with db.session() as session:
        for lead in all_leads(db):
            lead.title = "Saved again"
            save_lead(session, lead)
    assert numbers(db) == numbers(swiss)


def test_a_number_edited_in_the_spreadsheet_is_read_as_edited(
    tmp_path: Path, swiss: Database, db: Database
) -> None:
    path = tmp_path / "leads.xlsx"
    export_leads(swiss, path)
    book = load_workbook(path)
    sheet = book["Leads"]
    header = [c.value for c in sheet[1]]
    assert "Phone (E.164)" in header and "Other phones (E.164)" in header
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Phone")].value == "079 123 45 67":
            row[header.index("Phone")].value = "030 1234567"  # now a Berlin number
            assert row[header.index("Phone (E.164)")].value == "+41791234567"
    book.save(path)
    report = ImportJob(path).run(db, ImportOptions(region="DE"))
    assert report.created == 3
    urs = next(lead for lead in all_leads(db) if lead.first_name == "Urs")
    assert (urs.phone, urs.phone_e164) == ("030 1234567", "+49301234567")
