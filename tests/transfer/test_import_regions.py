"""An import's region reads the file's numbers, and only those: a number
merged into a stored lead is read with the import's region, the lead's own
numbers keep theirs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from leaddesk.domain.lead import Lead
from leaddesk.store import settings
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads
from tests.transfer.conftest import Importer, all_leads, write_csv


def test_a_merged_number_is_read_with_the_imports_region(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    with db.session() as session:
        settings.put(session, settings.PHONE_REGION, "US")
        insert_leads(
            session,
            [Lead(first_name="Ana", email="ana@cobalt.es", phone="(415) 555-2671")],
            region="US",
        )
    rows = [["Email", "Phone", "Mobile"], ["ana@cobalt.es", "0049 (40) 289-3308", "612 345 678"]]
    report = import_file(write_csv(tmp_path / "leads.csv", rows), region="ES")
    assert report.merged == 1 and report.needs_review == 0
    (ana,) = all_leads(db)
    assert ana.phone == "(415) 555-2671" and ana.phone_e164 == "+14155552671"
    assert not ana.needs_review
    with db.read() as session:
        keys = sorted(session.execute(text("SELECT key FROM lead_contacts WHERE kind = 'phone'")))
    assert [key for (key,) in keys] == ["+34612345678", "+49402893308"]
    assert ana.phone_regions["612 345 678"] == "ES"
