"""Reading CSV files as real tools write them: encodings, delimiters,
quoting, preambles and footers, checked by what lands in the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaddesk.store.database import Database
from tests.transfer.conftest import Importer, all_leads, write_csv

HEADER = ["First Name", "Last Name", "Company", "Email", "Phone", "Notes"]
PEOPLE = [
    ["Chloé", "Dubois", "Lumière SARL", "chloe@lumiere.fr", "+33 6 12 34 56 78", "Café crème"],
    ["Jürgen", "Müller", "Nordwind GmbH", "jm@nordwind.de", "+49 151 23456789", "Größe"],
    ["Ana", "Ruiz", "Cobalt Labs", "ana@cobalt.es", "(415) 555-2671", "Señora"],
]


def check_people(db: Database) -> None:
    leads = all_leads(db)
    assert [(x.first_name, x.last_name, x.company, x.email, x.phone, x.notes) for x in leads] == [
        tuple(p) for p in PEOPLE
    ]
    assert [x.phone_e164 for x in leads] == ["+33612345678", "+4915123456789", "+14155552671"]


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_encodings_keep_accents(
    tmp_path: Path, db: Database, import_file: Importer, encoding: str
) -> None:
    path = write_csv(tmp_path / "leads.csv", [HEADER, *PEOPLE], encoding=encoding)
    report = import_file(path)
    assert (report.rows, report.created, report.rejected) == (3, 3, 0)
    check_people(db)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(tmp_path: Path, db: Database, import_file: Importer, delimiter: str) -> None:
    path = write_csv(tmp_path / "leads.csv", [HEADER, *PEOPLE], delimiter=delimiter)
    assert import_file(path).created == 3
    check_people(db)


def test_quoted_cells_with_commas_and_newlines(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["Name", "Company", "Email", "Address", "Notes"],
        ["Ana Ruiz", "Cobalt Labs, Inc.", "ana@cobalt.es", "1 Main St\nSuite 4", 'Said "call me"'],
        ["Bo Chen", "Acme", "bo@acme.com", "", "Line one,\nline two"],
    ]
    path = write_csv(tmp_path / "leads.csv", rows, newline="\n")
    report = import_file(path)
    assert report.created == 2
    ana, bo = all_leads(db)
    assert (ana.first_name, ana.last_name, ana.company) == ("Ana", "Ruiz", "Cobalt Labs, Inc.")
    assert ana.address == "1 Main St\nSuite 4"
    assert ana.notes == 'Said "call me"'
    assert bo.notes == "Line one,\nline two"


def test_bars_in_multiline_notes_do_not_pass_for_the_delimiter(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["Name", "Company", "Title", "Notes"],
        ["Ana Ruiz", "Cobalt", "CTO\n| board", "Budget: 10k\n| Q3\n| renewal"],
    ]
    path = write_csv(tmp_path / "leads.csv", rows, newline="\n")
    assert import_file(path).created == 1
    (ana,) = all_leads(db)
    assert (ana.first_name, ana.company) == ("Ana", "Cobalt")
    assert ana.notes == "Budget: 10k\n| Q3\n| renewal"


def test_linkedin_connections_with_notes_preamble(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    # LinkedIn's Connections.csv begins with a "Notes:" block and a blank line.
    text = (
        "Notes:\n"
        '"When exporting your connection data, you may notice that some of the email '
        "addresses are missing. You will only see email addresses for connections who have "
        'allowed their connections to see or download their email address."\n'
        "\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Chloé,Dubois,https://www.linkedin.com/in/chloe,,Lumière SARL,CEO,14 Mar 2023\n"
        "Jürgen,Müller,https://www.linkedin.com/in/jm,jm@nordwind.de,Nordwind GmbH,"
        "Head of Sales,02 Jan 2024\n"
    )
    path = tmp_path / "Connections.csv"
    path.write_text(text, encoding="utf-8")
    report = import_file(path)
    assert (report.rows, report.created, report.rejected) == (2, 2, 0)
    assert report.skipped_lines == [1, 2]
    chloe, jurgen = all_leads(db)
    assert (chloe.first_name, chloe.company, chloe.title) == ("Chloé", "Lumière SARL", "CEO")
    assert chloe.website == "https://www.linkedin.com/in/chloe"
    assert chloe.source == "linkedin"
    assert chloe.created_at is not None and chloe.created_at.date().isoformat() == "2023-03-14"
    assert jurgen.email == "jm@nordwind.de"
    assert jurgen.title == "Head of Sales"


def test_report_footer_lines_are_not_leads(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [
        ["Lead Owner", "First Name", "Last Name", "Company / Account", "Email", "Lead Source"],
        ["Sam Rivera", "Ana", "Ruiz", "Cobalt Labs", "ana@cobalt.es", "Web"],
        ["Sam Rivera", "Bo", "Chen", "Acme", "bo@acme.com", "Trade Show"],
        [],
        ["Grand Totals (2 records)"],
        ["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."],
        ["Confidential Information - Do Not Distribute"],
    ]
    path = write_csv(tmp_path / "report.csv", rows)
    report = import_file(path)
    assert (report.rows, report.created, report.rejected) == (2, 2, 0)
    assert report.problems == []
    assert report.skipped_lines == [5, 6, 7]
    ana, bo = all_leads(db)
    assert (ana.owner, ana.company, ana.source) == ("Sam Rivera", "Cobalt Labs", "website_form")
    assert bo.source == "event"


def test_a_single_column_file(tmp_path: Path, db: Database, import_file: Importer) -> None:
    path = tmp_path / "emails.csv"
    path.write_text("Email\nana@cobalt.es\nbo@acme.com\n", encoding="utf-8")
    assert import_file(path).created == 2
    assert [x.email for x in all_leads(db)] == ["ana@cobalt.es", "bo@acme.com"]
