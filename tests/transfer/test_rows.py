"""What happens to each row: bad values kept and flagged, rows without
identity rejected with their spreadsheet row number, empty rows skipped,
unmapped columns kept."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from leaddesk.store.database import Database
from leaddesk.store.derive import LEAD_COLUMNS, lead_columns
from leaddesk.store.leads import get_lead
from leaddesk.store.schema import LeadRow
from tests.conftest import NOW
from tests.transfer.conftest import Importer, all_leads, write_csv


def test_bad_email_and_phone_are_kept_verbatim_and_flagged(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["Name", "Company", "Email", "Phone"],
        ["Ana Ruiz", "Cobalt Labs", "ana@@cobalt", "(415) 555-2671"],
        ["Bo Chen", "Acme", "bo@acme.com", "12"],
        ["Cy Dee", "D.io", "cy@d.io", "+1 415 555 0100"],
    ]
    report = import_file(write_csv(tmp_path / "leads.csv", rows))
    assert (report.created, report.needs_review, report.rejected) == (3, 2, 0)
    assert [(p.row, p.field, p.value) for p in report.problems] == [
        (2, "email", "ana@@cobalt"), (3, "phone", "12"),
    ]  # fmt: skip
    assert all(p.message.endswith(".") for p in report.problems)
    ana, bo, cy = all_leads(db)
    assert (ana.email, ana.needs_review) == ("ana@@cobalt", True)
    assert (bo.phone, bo.phone_e164, bo.needs_review) == ("12", "", True)
    assert not cy.needs_review


def test_a_cell_is_split_into_emails_only_where_each_part_is_one(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["Name", "Email"],
        ["John Smith", "john.smith@gmail,com"],
        ["Ana Ruiz", "ana@cobalt.es, ana.ruiz@gmail.com"],
        ["Info Desk", "INFO@EXAMPLE.COM"],
        ["Sam Lee", "Sam.Lee@Example.com"],
    ]
    report = import_file(write_csv(tmp_path / "leads.csv", rows))
    assert [(p.row, p.value) for p in report.problems] == [(2, "john.smith@gmail,com")]
    john, ana, info, sam = all_leads(db)
    assert (john.email, john.emails, john.needs_review) == ("john.smith@gmail,com", [], True)
    assert (ana.email, ana.emails) == ("ana@cobalt.es", ["ana.ruiz@gmail.com"])
    # As email-validator stores them: role mailboxes lower-case, a person's as typed.
    assert (info.email, sam.email) == ("info@example.com", "Sam.Lee@example.com")


def test_rows_without_identity_are_rejected_with_their_row_number(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["First Name", "Last Name", "Company", "Email", "Phone", "Notes"],
        ["Ana", "", "", "", "", ""],
        ["", "", "", "", "", "just a note"],
        ["", "", "", "", "", ""],
        ["", "", "Acme", "", "", ""],
        ["", "", "", "", "", "   "],
        ["", "", "", "bo@acme.com", "", ""],
        ["", "", "", "", "+1 415 555 2671", ""],
        ["", "", "", "", "", "another note"],
    ]
    report = import_file(write_csv(tmp_path / "leads.csv", rows))
    # The blank rows 4 and 6 are skipped silently and counted nowhere.
    assert (report.rows, report.created, report.rejected) == (6, 4, 2)
    assert [(p.row, p.field) for p in report.problems] == [(3, ""), (9, "")]
    assert "No name, company, email or phone" in report.problems[0].message
    assert [x.display_name for x in all_leads(db)] == [
        "Ana",
        "Acme",
        "bo@acme.com",
        "+1 415 555 2671",
    ]


def test_unmapped_columns_are_kept_and_listed(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["Email", "Shoe size", "", "Favourite colour"],
        ["ana@cobalt.es", "38", "loose cell", "teal"],
        ["bo@acme.com", "", "", "", "beyond the header"],
    ]
    report = import_file(write_csv(tmp_path / "leads.csv", rows))
    assert report.custom_columns == ["Shoe size", "Column C", "Favourite colour"]
    ana, bo = all_leads(db)
    assert ana.custom == {"Shoe size": "38", "Column C": "loose cell", "Favourite colour": "teal"}
    assert bo.custom == {"Column E": "beyond the header"}


def test_values_that_fit_no_field_are_kept_as_custom_fields(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["Email", "Next follow-up", "Consent", "Interest"],
        ["ana@cobalt.es", "someday", "whenever", "sideways"],
    ]
    report = import_file(write_csv(tmp_path / "leads.csv", rows))
    (ana,) = all_leads(db)
    assert ana.next_follow_up is None
    assert ana.custom == {
        "Next follow-up": "someday", "Consent": "whenever", "Interest": "sideways"
    }  # fmt: skip
    assert [p.field for p in report.problems] == ["interest", "consent", "next_follow_up"]


def test_dates_in_regional_formats(tmp_path: Path, db: Database, import_file: Importer) -> None:
    rows = [
        ["Email", "Next follow-up", "Created"],
        ["ana@cobalt.es", "03/04/2026", "14 Mar 2023"],
        ["bo@acme.com", "2026-07-01", "Mar 14, 2023 10:30 AM"],
        ["cy@d.io", "25/12/2026", "2023-03-14T09:30:00Z"],
    ]
    path = write_csv(tmp_path / "leads.csv", rows)
    import_file(path, region="FR")
    ana, bo, cy = all_leads(db)
    assert ana.next_follow_up is not None and ana.next_follow_up.isoformat() == "2026-04-03"
    assert ana.created_at is not None and ana.created_at.isoformat() == "2023-03-14T00:00:00"
    assert bo.created_at is not None and bo.created_at.isoformat() == "2023-03-14T10:30:00"
    assert cy.next_follow_up is not None and cy.next_follow_up.isoformat() == "2026-12-25"
    assert cy.created_at is not None and cy.created_at.isoformat() == "2023-03-14T09:30:00"


def test_region_reads_national_numbers(tmp_path: Path, db: Database, import_file: Importer) -> None:
    rows = [["Name", "Phone"], ["Chloé Dubois", "06 12 34 56 78"]]
    import_file(write_csv(tmp_path / "leads.csv", rows), region="FR")
    (chloe,) = all_leads(db)
    assert (chloe.phone, chloe.phone_e164, chloe.needs_review) == (
        "06 12 34 56 78", "+33612345678", False,
    )  # fmt: skip


def test_imported_rows_hold_the_columns_their_leads_derive(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    """New leads' rows are computed apart from the leads (in the import's
    workers), in a fixed column order: each stored column must still be
    what the store derives from the lead it read back."""
    rows = [
        ["Name", "Company", "Title", "Email", "Phone", "City", "Lead Source", "Budget", "Stage"],
        ["Chloé Dubois", "Lumière SARL", "CEO", "chloe@lumiere.fr", "+33 6 12 34 56 78", "Paris",
         "Referral", "yes", "MQL"],
        ["Bo Chen", "Acme", "", "bo@@acme", "12", "", "Trade show", "", ""],
    ]  # fmt: skip
    import_file(write_csv(tmp_path / "leads.csv", rows))
    with db.read() as session:
        for row in session.scalars(select(LeadRow)):
            lead = get_lead(session, row.id)
            assert lead is not None
            expected = lead_columns(lead, "US", NOW)
            stored = {name: getattr(row, name) for name in LEAD_COLUMNS if name != "score"}
            assert stored == {name: expected[name] for name in stored}, row.id
