"""Duplicates written slightly differently are found; uncertain ones are
listed for the user, never merged unasked; different people are never
merged, however much else they share; the preview says what the import
will do, for the whole file."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leaddesk.domain.lead import Lead
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads
from leaddesk.transfer.duplicates import Choice
from leaddesk.transfer.matching import Policy
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from leaddesk.transfer.preview import Mark, check_file
from tests.transfer.conftest import Importer, all_leads, write_csv

HEADER = ["First name", "Last name", "Company", "Email", "Phone"]

SAME_PERSON = [
    (["Ada", "Berg", "Beta GmbH", "", ""], ["Ada", "Berg", "Beta GmbH.", "", ""]),
    (["Ola", "Nord", "Gamma AG", "", ""], ["Ola", "Nord", "Gamma", "", ""]),
    (
        ["Thomas", "Müller", "Müller & Söhne GmbH", "", ""],
        ["Thomas", "Mueller", "Mueller & Soehne GmbH", "", ""],
    ),
    (["Jürgen", "Groß", "Straße AG", "", ""], ["Juergen", "Gross", "Strasse", "", ""]),
    (["Søren", "Dahl", "Fjord ApS", "", ""], ["Soeren", "Dahl", "FJORD", "", ""]),
    (["Chloé", "Lefèvre", "Lumière S.A.", "", ""], ["Chloe", "Lefevre", "Lumiere SA", "", ""]),
]


@pytest.mark.parametrize(("first", "second"), SAME_PERSON)
def test_the_same_person_written_differently_is_one_lead(
    tmp_path: Path, db: Database, import_file: Importer, first: list[str], second: list[str]
) -> None:
    # Within one file, and against the lead the first file made.
    report = import_file(write_csv(tmp_path / "one.csv", [HEADER, first, second]))
    assert (report.created, report.skipped_duplicates, report.possible) == (1, 1, [])
    assert report.outcomes[1].matched_by == "name"
    report = import_file(write_csv(tmp_path / "two.csv", [HEADER, second]))
    assert (report.created, report.possible) == (0, [])
    assert len(all_leads(db)) == 1


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        (
            ["John", "Smith", "Acme Ltd", "", ""],
            ["Jon", "Smith", "ACME Ltd.", "", ""],
            "similar_name",
        ),
        (["Robert", "Hill", "Acme", "", ""], ["Bob", "Hill", "Acme Inc", "", ""], "similar_name"),
        (["John", "Smith", "Acme", "", ""], ["J.", "Smith", "Acme", "", ""], "similar_name"),
        (["Ana", "Ruiz", "Acme", "", "+1 415 555 2671"], ["", "", "", "", "4155552671"], "phone"),
        (
            ["Ana", "Ruiz", "Acme", "ana@acme.io", ""],
            ["Ana", "Ruiz", "Acme", "ana at acme", ""],
            "other_email",
        ),
    ],
)
def test_a_probable_duplicate_is_listed_and_merged_only_when_chosen(
    tmp_path: Path,
    db: Database,
    import_file: Importer,
    first: list[str],
    second: list[str],
    why: str,
) -> None:
    import_file(write_csv(tmp_path / "first.csv", [HEADER, first]))
    path = write_csv(tmp_path / "second.csv", [HEADER, second])
    (lead,) = all_leads(db)
    kept = import_file(path, dry_run=True)
    assert kept.created == 1 and kept.merged == 0
    (flagged,) = kept.possible
    assert (flagged.row, flagged.lead, flagged.of_row, flagged.why) == (2, lead.id, None, why)
    assert flagged.choice == "keep" and flagged.lead_label.startswith(lead.name or lead.company)
    merged = import_file(path, choices={2: Choice.MERGE})
    assert (merged.created, merged.merged + merged.skipped_duplicates) == (0, 1)
    assert merged.possible[0].choice == "merge"
    assert [lead.id for lead in all_leads(db)] == [lead.id]


def test_a_row_that_repeats_two_leads_names_both(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    with db.session() as session:
        insert_leads(
            session,
            [
                Lead(first_name="Ana", last_name="Ruiz", email="ana@cobalt.es"),
                Lead(first_name="Ana", last_name="Ruiz", company="Cobalt", phone="+34 612 345 678"),
            ],
            region="ES",
        )
    rows = [HEADER, ["Ana", "Ruiz", "Cobalt", "ana@cobalt.es", "+34 612 345 678"]]
    report = import_file(write_csv(tmp_path / "both.csv", rows))
    first, second = all_leads(db)
    (outcome,) = report.outcomes
    assert (outcome.action, outcome.lead, outcome.also) == ("merged", first.id, (second.id,))
    (problem,) = report.problems
    assert problem.row == 2
    assert f"lead {first.id} (Ana Ruiz, ana@cobalt.es)" in problem.message
    assert f"lead {second.id} (Ana Ruiz, Cobalt, +34 612 345 678)" in problem.message


def test_the_preview_counts_and_lists_what_the_import_does(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    with db.session() as session:
        insert_leads(session, [Lead(first_name="John", last_name="Smith", company="Acme Ltd")])
    rows = [HEADER]
    rows += [[f"P{n}", "Person", f"Co {n}", f"p{n}@example.com", ""] for n in range(2_500)]
    rows += [
        ["Jon", "Smith", "ACME Ltd.", "", ""],
        ["", "", "", "", ""],
        ["Zoe", "Quinn", "", "bad@@mail", ""],
        ["P7", "Person", "Co 7", "P7@example.com", ""],
        # Two cells: one alone under the table would be a footer line.
        ["", "", "", "", "", "only notes", "and more notes"],
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    job = ImportJob(path)
    seen: list[int] = []
    preview = check_file(job, db, region="US", progress=lambda p: seen.append(p.rows))
    job.close()
    # Every row is checked, in chunks, before anything is written.
    assert seen[-1] == preview.rows == 2_504 and len(seen) > 1
    assert (preview.new, preview.duplicates, preview.possible, preview.rejected) == (2502, 1, 1, 1)
    assert preview.needs_review == 1
    listed = {row.row: row for row in preview.listed}
    assert listed[2502].marks == (Mark.POSSIBLE_DUPLICATE,) and listed[2502].duplicate_of_lead == 1
    assert listed[2504].marks == (Mark.BAD_EMAIL, Mark.NEEDS_REVIEW)
    assert listed[2505].marks == (Mark.DUPLICATE_ROW,) and listed[2505].duplicate_of_row == 9
    assert listed[2506].marks == (Mark.REJECTED,)
    assert len(all_leads(db)) == 1
    report = import_file(path)
    assert (report.created, report.merged + report.skipped_duplicates) == (2502, 1)
    assert (len(report.possible), report.rejected, report.needs_review) == (1, 1, 1)


def test_the_preview_follows_the_choice_for_possible_duplicates(
    tmp_path: Path, db: Database
) -> None:
    rows = [HEADER, ["John", "Smith", "Acme", "", ""], ["Jon", "Smith", "Acme", "", ""]]
    job = ImportJob(write_csv(tmp_path / "two.csv", rows))
    kept = check_file(job, db, region="US")
    merged = check_file(job, db, region="US", policy=Policy(possible=Choice.MERGE))
    job.close()
    assert (kept.new, kept.duplicates, kept.possible) == (2, 0, 1)
    assert (merged.new, merged.duplicates, merged.possible) == (1, 1, 1)


# -- property: different people are never merged ----------------------------

_COMMON_FIRST = ("John", "Jon", "Joan", "Maria", "Mario", "Ana", "Anna", "Bob", "Robert")
_COMMON_LAST = ("Smith", "Smyth", "Garcia", "Müller", "Mueller", "Lee")
_COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka")
_LEGAL = ("", " Ltd", " GmbH", " Inc.", " S.A.")
_SWITCHBOARD = ("+1 415 555 0100", "+1 415 555 0199", "")


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.db"
        Database.open(str(path)).close()
        yield path


def _person(index: int, draw: st.DrawFn, *, email: bool) -> list[str]:
    company = draw(st.sampled_from(_COMPANIES)) + draw(st.sampled_from(_LEGAL))
    return [
        draw(st.sampled_from(_COMMON_FIRST)),
        draw(st.sampled_from(_COMMON_LAST)),
        company,
        f"person{index}@mail{index % 7}.example" if email else "",
        draw(st.sampled_from(_SWITCHBOARD)),
    ]


@st.composite
def _people_with_emails(draw: st.DrawFn) -> list[list[str]]:
    count = draw(st.integers(min_value=2, max_value=25))
    return [_person(index, draw, email=True) for index in range(count)]


@st.composite
def _namesakes_at_other_companies(draw: st.DrawFn) -> list[list[str]]:
    """One common name at several companies, no email, each its own phone or none."""
    first, last = draw(st.sampled_from(_COMMON_FIRST)), draw(st.sampled_from(_COMMON_LAST))
    companies = draw(st.lists(st.sampled_from(_COMPANIES), min_size=2, max_size=8, unique=True))
    return [[first, last, company + draw(st.sampled_from(_LEGAL)), "", ""] for company in companies]


def _import(template: Path, rows: list[list[str]], **options: object) -> tuple[int, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        database_path = Path(folder) / "leads.db"
        shutil.copy(template, database_path)
        database = Database.open(str(database_path))
        try:
            report = ImportJob(write_csv(Path(folder) / "people.csv", [HEADER, *rows])).run(
                database,
                ImportOptions(region="US", **options),  # type: ignore[arg-type]
            )
            leads = len(all_leads(database))
        finally:
            database.close()
    return report.created, report.merged + report.skipped_duplicates, leads


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=_people_with_emails(), choice=st.sampled_from(list(Choice)))
def test_people_with_different_emails_are_never_merged(
    template: Path, people: list[list[str]], choice: Choice
) -> None:
    # Same common names, one company spelled with and without its legal
    # form, a shared switchboard number: each address is its own person,
    # even when the user merges every possible duplicate.
    assert _import(template, people, possible=choice) == (len(people), 0, len(people))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=_namesakes_at_other_companies())
def test_a_common_name_at_different_companies_is_different_people(
    template: Path, people: list[list[str]]
) -> None:
    assert _import(template, people, possible=Choice.MERGE) == (len(people), 0, len(people))
