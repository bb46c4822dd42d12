"""What the import wizard shows before writing anything: raw first rows,
column samples, leads with their marks; mapping presets; what a revert
would change. No Qt here."""

from __future__ import annotations

from pathlib import Path

from leaddesk.domain.clock import utcnow
from leaddesk.domain.lead import Lead
from leaddesk.store.database import Database
from leaddesk.store.imports import revert_batch
from leaddesk.store.leads import insert_leads, update_leads
from leaddesk.transfer.fields import Field
from leaddesk.transfer.history import revert_preview
from leaddesk.transfer.pipeline import ImportJob
from leaddesk.transfer.presets import apply_preset, load_preset, save_preset, signature
from leaddesk.transfer.preview import Mark, check_file, column_samples, first_rows
from tests.transfer.conftest import write_csv

ROWS = [
    ["Leads from the spring fair"],
    [],
    ["Name", "Company", "Email", "Phone", "Shirt size"],
    ["Ana Ruiz", "Cobalt Labs", "ana@cobalt.es", "+34 612 345 678", "M"],
    ["Bo Lind", "Acme", "bo@@acme", "12", "L"],
    ["Ana Ruiz", "Cobalt Labs", "ANA@cobalt.es", "", "M"],
    ["", "", "", "", "XL"],
    ["Chloé Dubois", "Lumière", "chloe@lumiere.fr", "", ""],
]


def fair(tmp_path: Path) -> ImportJob:
    return ImportJob(write_csv(tmp_path / "fair.csv", ROWS))


def test_first_rows_keep_the_preamble_and_the_job_knows_the_header(tmp_path: Path) -> None:
    job = fair(tmp_path)
    rows = first_rows(job, 4)
    assert rows[0] == (1, ["Leads from the spring fair"])
    assert rows[2][1][0] == "Name"
    assert job.header_row == 3 and job.preamble == [1]
    job.close()


def test_samples_are_distinct_values_per_column(tmp_path: Path) -> None:
    job = fair(tmp_path)
    samples = column_samples(job)
    assert samples[0] == ["Ana Ruiz", "Bo Lind", "Chloé Dubois"]
    assert samples[4] == ["M", "L", "XL"]
    job.close()


def test_preview_marks_problems_and_duplicates(tmp_path: Path, db: Database) -> None:
    with db.session() as session:
        insert_leads(
            session, [Lead(first_name="Chloé", last_name="Dubois", email="chloe@lumiere.fr")]
        )
    job = fair(tmp_path)
    preview = check_file(job, db, region="US")
    rows = {row.row: row for row in preview.listed}
    assert rows[4].marks == () and rows[4].shown[:3] == ("Ana Ruiz", "Cobalt Labs", "ana@cobalt.es")
    assert set(rows[5].marks) == {Mark.BAD_EMAIL, Mark.BAD_PHONE, Mark.NEEDS_REVIEW}
    assert rows[6].marks == (Mark.DUPLICATE_ROW,)
    assert rows[6].duplicate_of_row == 4 and rows[6].matched_by == "email"
    assert rows[7].marks == (Mark.REJECTED,)
    assert rows[8].marks == (Mark.DUPLICATE_LEAD,) and rows[8].duplicate_of_lead == 1
    assert rows[8].other == "Chloé Dubois, chloe@lumiere.fr"
    assert (preview.rows, preview.new, preview.duplicates, preview.rejected) == (5, 2, 2, 1)
    assert (preview.needs_review, preview.possible, preview.done) == (1, 0, True)
    job.close()


def test_preview_follows_a_changed_mapping(tmp_path: Path, db: Database) -> None:
    job = fair(tmp_path)
    job.mapping.set(3, Field.IGNORE)
    rows = {row.row: row for row in check_file(job, db, region="US").listed}
    assert Mark.BAD_PHONE not in rows[5].marks
    job.close()


def test_a_preset_is_kept_per_header_set(tmp_path: Path, db: Database) -> None:
    job = fair(tmp_path)
    job.mapping.set(4, Field.TAGS)
    with db.session() as session:
        assert save_preset(session, job.headers, job.mapping)
    again = fair(tmp_path)
    before = again.mapping.columns[4].field
    assert before is Field.CUSTOM
    with db.read() as session:
        preset = load_preset(session, again.headers)
        assert load_preset(session, [*again.headers, "Extra"]) == {}
    assert preset == {4: Field.TAGS}
    assert apply_preset(again.mapping, preset) == 1
    after = again.mapping.columns[4]
    assert after.field is Field.TAGS and not after.automatic
    assert signature(["E-mail", "Name"]) == signature(["email", "NAME"])
    assert signature(["Email", "Name"]) != signature(["Name", "Email"])
    job.close()
    again.close()


def test_no_corrections_forget_the_preset(tmp_path: Path, db: Database) -> None:
    job = fair(tmp_path)
    job.mapping.set(4, Field.NOTES)
    with db.session() as session:
        save_preset(session, job.headers, job.mapping)
    plain = fair(tmp_path)
    with db.session() as session:
        assert not save_preset(session, plain.headers, plain.mapping)
    with db.read() as session:
        assert load_preset(session, plain.headers) == {}
    job.close()
    plain.close()


def test_revert_preview_counts_what_changes(tmp_path: Path, db: Database) -> None:
    with db.session() as session:
        insert_leads(
            session, [Lead(first_name="Chloé", last_name="Dubois", email="chloe@lumiere.fr")]
        )
    report = fair(tmp_path).run(db)
    assert report.batch is not None
    with db.read() as session:
        preview = revert_preview(session, report.batch)
    assert (preview.trashed, preview.restored) == (report.created, 1)
    assert report.leads_by_row[8] == 1  # Chloé's row went into the existing lead
    assert preview.edited == 0  # the file's own duplicate rows are no edit


def test_revert_preview_counts_leads_edited_since(tmp_path: Path, db: Database) -> None:
    """As the revert will find them: a new lead edited since still goes to
    the trash; a merged lead edited since keeps its edits."""
    with db.session() as session:
        (chloe,) = insert_leads(
            session, [Lead(first_name="Chloé", last_name="Dubois", email="chloe@lumiere.fr")]
        )
    report = fair(tmp_path).run(db)
    assert report.batch is not None
    ana = report.leads_by_row[4]
    with db.session() as session:
        update_leads(session, [ana, chloe], owner="Sam")
    with db.read() as session:
        preview = revert_preview(session, report.batch)
    assert (preview.trashed, preview.restored) == (report.created, 0)
    assert (preview.edited_new, preview.kept, preview.edited) == (1, 1, 2)
    with db.session() as session:
        result = revert_batch(session, report.batch, now=utcnow())
    assert (result.trashed, result.restored, result.kept) == (preview.trashed, 0, [chloe])
