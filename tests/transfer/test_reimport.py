"""Importing the same file twice creates nothing the second time, for every
kind of row the importer accepts: rows with an email, with only a phone,
with only a number that failed validation, with only a name, with only a
company, repeated rows, and possible duplicates whatever was decided for
them the first time."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leaddesk.store.database import Database
from leaddesk.transfer.duplicates import Choice
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from leaddesk.transfer.report import ImportReport
from tests.transfer.conftest import Importer, all_leads, write_csv

HEADER = ["First name", "Last name", "Company", "Email", "Phone", "Notes"]
ROWS = [
    ["Ana", "Ruiz", "Cobalt Labs", "ana@cobalt.es", "+34 612 345 678", "full row"],
    ["Bo", "Chen", "", "", "", "a name only"],
    ["Bo", "Chen", "", "", "", "the same name again"],
    ["Cy", "Dee", "", "", "123456789", "a name and a number that is not valid"],
    ["", "", "", "", "123456789", "only a number that is not valid"],
    ["", "", "", "", "+1 415 555 2671", "only a valid number"],
    ["", "", "Gamma AG", "", "", "a company only"],
    ["", "", "Gamma", "", "", "the same company, its legal form left out"],
    ["", "", "Delta Ltd", "", "+44 20 7946 0958", "a company and its switchboard"],
    ["", "", "", "info@@delta", "", "an email that is not valid"],
    ["Eve", "Moss", "Acme Ltd", "", "", "a name at a company"],
    ["Eve", "Moss", "Omega Inc", "", "", "the same common name at another company"],
    ["Evie", "Moss", "Acme Ltd", "", "", "a possible duplicate"],
    ["Ana", "Ruiz", "Cobalt Labs", "ana@cobalt.es", "", "a repeat of the first row"],
]


def _report(import_file: Importer, path: Path, **options: object) -> ImportReport:
    return import_file(path, **options)


def test_every_kind_of_row_is_imported_once(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    path = write_csv(tmp_path / "ugly.csv", [HEADER, *ROWS])
    first = _report(import_file, path)
    # Bo twice and Gamma twice are one lead each; Ana repeated is merged.
    # The bare invalid number may be Cy Dee's, Evie may be Eve: both are
    # possible duplicates, kept apart.
    assert (first.rows, first.created, first.rejected) == (14, 11, 0)
    assert [(p.row, p.of_row, p.why) for p in first.possible] == [
        (6, 5, "phone"),
        (14, 12, "similar_name"),
    ]
    before = all_leads(db)
    second = _report(import_file, path)
    assert (second.created, second.merged, second.rejected) == (0, 0, 0)
    assert second.skipped_duplicates == 14
    assert second.possible == []  # each row went back to its own lead
    assert all_leads(db) == before
    outcomes = {o.row: o for o in second.outcomes}
    firsts = {o.row: o for o in first.outcomes}
    assert {row: o.lead for row, o in outcomes.items()} == {
        row: o.lead for row, o in firsts.items()
    }


def test_a_possible_duplicate_merged_by_choice_stays_merged_on_a_second_import(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    path = write_csv(tmp_path / "ugly.csv", [HEADER, *ROWS])
    first = _report(import_file, path, choices={6: Choice.MERGE, 14: Choice.MERGE})
    assert first.created == 9
    before = all_leads(db)
    # Asked nothing this time (possible duplicates are kept by default):
    # the row still goes where it went.
    second = _report(import_file, path)
    assert (second.created, second.possible) == (0, [])
    assert all_leads(db) == before
    matched_by = {o.row: o.matched_by for o in second.outcomes}
    assert (matched_by[6], matched_by[14]) == ("imported", "imported")


def test_a_reverted_import_is_not_remembered(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    from leaddesk.store.imports import revert_batch
    from tests.conftest import NOW

    path = write_csv(tmp_path / "ugly.csv", [HEADER, *ROWS])
    first = _report(import_file, path)
    assert first.batch is not None
    with db.session() as session:
        revert_batch(session, first.batch, now=NOW)
    assert _report(import_file, path).created == first.created


# -- property: any file of such rows, imported twice ------------------------

_FIRST = ("Ana", "Bo", "Chloé", "Jürgen", "John", "Jon", "Søren", "")
_LAST = ("Ruiz", "Müller", "Mueller", "Smith", "Chen", "")
_COMPANIES = ("Acme Ltd", "ACME Ltd.", "Müller & Söhne GmbH", "Mueller & Soehne", "Gamma", "")
_EMAILS = ("", "", "ana@cobalt.es", "bo@acme.example", "INFO@acme.example", "bad@@mail", "x at y")
_PHONES = ("", "", "+1 415 555 2671", "(415) 555-2671", "123456789", "+44 20 7946 0958", "n/a")

_ROW = st.tuples(
    st.sampled_from(_FIRST),
    st.sampled_from(_LAST),
    st.sampled_from(_COMPANIES),
    st.sampled_from(_EMAILS),
    st.sampled_from(_PHONES),
    st.sampled_from(("", "met at the fair", "call back")),
).map(list)


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """A new database file, migrated once, copied for each example."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.db"
        Database.open(str(path)).close()
        yield path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(_ROW, min_size=1, max_size=12),
    choice=st.sampled_from(list(Choice)),
    on_duplicate=st.sampled_from(("merge", "skip")),
)
def test_importing_any_file_twice_creates_nothing_the_second_time(
    template: Path, rows: list[list[str]], choice: Choice, on_duplicate: str
) -> None:
    from leaddesk.transfer.duplicates import OnDuplicate

    with tempfile.TemporaryDirectory() as folder:
        database_path = Path(folder) / "leads.db"
        shutil.copy(template, database_path)
        database = Database.open(str(database_path))
        path = write_csv(Path(folder) / "leads.csv", [HEADER, *rows])
        options = ImportOptions(
            region="US", possible=choice, on_duplicate=OnDuplicate(on_duplicate)
        )
        try:
            first = ImportJob(path).run(database, options)
            before = all_leads(database)
            second = ImportJob(path).run(database, ImportOptions(region="US"))
            after = all_leads(database)
        finally:
            database.close()
    assert first.rows == first.created + first.merged + first.skipped_duplicates + first.rejected
    assert second.created == 0
    assert second.rejected == first.rejected
    if on_duplicate == "merge":
        # Everything the file says was merged the first time: nothing changes.
        assert second.merged == 0
        assert after == before
    else:
        assert len(after) == len(before)
