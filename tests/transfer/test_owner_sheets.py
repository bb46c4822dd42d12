"""Sheets as a small business keeps them, not as a program exports them:
title rows, its own words for the columns, a footer line, merged cells,
phones written every way, no header row at all. Checked by what lands in
the database and by what the importer says."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from leaddesk.store.database import Database
from leaddesk.transfer.fields import Field
from leaddesk.transfer.pipeline import ImportJob
from tests.transfer.conftest import Importer, all_leads, write_csv
from tests.transfer.test_workbooks import ods

TITLE = [["Kundenliste Vertrieb Süd"], ["Stand: März 2024"], []]
HEADER = ["Client name", "Firma", "Tel.", "Handy", "E-Mail", "Ort", "Bemerkung"]
PEOPLE: list[list[Any]] = [
    ["Anna Schmidt", "Beta GmbH", "089 1234567", "", "anna@beta.de", "München", "Messe"],
    ["Tom Weber", "Gamma AG", "+49 (0)89 7654321", "0171/2345678", "", "München", ""],
    ["Eva Braun", "Delta KG", "", "+49 160 9876543", "eva@delta.de", "Augsburg", ""],
    ["Jan Kurz", "Epsilon OHG", 498912345678, "", "jan@epsilon.de", "Passau", ""],
]


def owner_workbook(path: Path, footer: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in [*TITLE, HEADER, *PEOPLE, [], *footer]:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    "footer",
    [
        [["last update 01.03.2024 Anna"]],
        [["Gesamt", "", "", "", "", "", "4 Kunden"]],
        [["Stand", "01.03.2024", "Anna"]],
        [["Erstellt von Anna"], ["Seite 1 von 1"]],
    ],
    ids=["signature", "totals", "signature-in-cells", "two-lines"],
)
def test_footer_lines_are_skipped_like_title_rows(
    tmp_path: Path, db: Database, import_file: Importer, footer: list[list[Any]]
) -> None:
    path = owner_workbook(tmp_path / "kunden.xlsx", footer)
    report = import_file(path, region="DE")
    assert (report.rows, report.created, report.rejected) == (4, 4, 0)
    first_footer = len(TITLE) + 1 + len(PEOPLE) + 2
    assert report.skipped_lines == [1, 2, *range(first_footer, first_footer + len(footer))]
    anna, tom, eva, jan = all_leads(db)
    assert (anna.first_name, anna.last_name, anna.company) == ("Anna", "Schmidt", "Beta GmbH")
    assert (anna.city, anna.notes) == ("München", "Messe")
    assert anna.phone_e164 == "+49891234567"
    assert [tom.phone_e164, *tom.phones] == ["+49897654321", "0171/2345678"]
    assert eva.phone == "+49 160 9876543" and jan.phone == "498912345678"
    # A repeat import finds the same four, and no footer lead.
    again = import_file(path, region="DE")
    assert again.created == 0 and len(all_leads(db)) == 4


def test_a_row_like_the_others_after_a_short_one_keeps_both(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    # A one-cell row inside the table is held back, then given back as a
    # lead once a full row follows it.
    rows = [HEADER, PEOPLE[0], ["Zoe Park"], PEOPLE[2]]
    report = import_file(write_csv(tmp_path / "leads.csv", [[str(c) for c in r] for r in rows]))
    assert (report.created, report.skipped_lines) == (3, [])


def merged_xlsx(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Company", "Email"])
    for n in range(2, 105):
        sheet.append([f"Person {n}", f"Company {n}", f"p{n}@example.com"])
    sheet.append(["Ana Ruiz", "Cobalt Labs", "ana@cobalt.es"])
    sheet.append(["Bo Chen", None, "bo@cobalt.es"])
    sheet.append(["Cy Diaz", None, "cy@cobalt.es"])
    sheet.merge_cells("B105:B107")
    workbook.save(path)
    return path


def test_a_company_merged_over_three_rows_is_each_rows_company(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    import_file(merged_xlsx(tmp_path / "merged.xlsx"))
    leads = all_leads(db)
    assert [x.company for x in leads[-3:]] == ["Cobalt Labs"] * 3
    assert leads[0].company == "Company 2"


def test_merged_cells_in_xls_and_ods(tmp_path: Path, db: Database, import_file: Importer) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Leads")
    for column, text in enumerate(["Name", "Company", "Email"]):
        sheet.write(0, column, text)
    for row, (name, email) in enumerate([("Ana Ruiz", "ana@x.es"), ("Bo Chen", "bo@x.es")], 1):
        sheet.write(row, 0, name)
        sheet.write(row, 2, email)
    sheet.write_merge(1, 2, 1, 1, "Cobalt Labs")
    xls = tmp_path / "merged.xls"
    book.save(str(xls))
    import_file(xls)
    assert [x.company for x in all_leads(db)] == ["Cobalt Labs"] * 2

    path = ods(tmp_path / "merged.ods", [["Name", "Company", "Email"]])
    spanned = (
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>Cy Diaz</text:p></table:table-cell>'
        '<table:table-cell table:number-rows-spanned="2" office:value-type="string">'
        "<text:p>Acme</text:p></table:table-cell>"
        '<table:table-cell office:value-type="string"><text:p>cy@acme.com</text:p>'
        "</table:table-cell></table:table-row><table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>Di Wu</text:p></table:table-cell>'
        "<table:covered-table-cell/>"
        '<table:table-cell office:value-type="string"><text:p>di@acme.com</text:p>'
        "</table:table-cell></table:table-row>"
    )
    rewrite(
        path, "content.xml", lambda xml: xml.replace("</table:table>", spanned + "</table:table>")
    )
    import_file(path)
    assert [x.company for x in all_leads(db)][-2:] == ["Acme", "Acme"]


def rewrite(path: Path, member: str, change: Any, *, drop: tuple[str, ...] = ()) -> None:
    with zipfile.ZipFile(path) as archive:
        items = [(i, archive.read(i.filename)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for item, data in items:
            if item.filename in drop:
                continue
            if item.filename == member:
                data = change(data.decode()).encode()
            archive.writestr(item, data)


def test_an_ods_without_its_mimetype_is_read(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    path = ods(tmp_path / "leads.ods", [["Name", "Email"], ["Ana Ruiz", "ana@cobalt.es"]])
    rewrite(path, "", None, drop=("mimetype", "META-INF/manifest.xml"))
    assert import_file(path).created == 1
    assert all_leads(db)[0].email == "ana@cobalt.es"


def test_an_xls_without_a_header_row_is_matched_by_content(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    xlwt = pytest.importorskip("xlwt")
    rows = [
        ["Anna Schmidt", "Beta GmbH", "anna@beta.de", "+49 89 1234567", "München"],
        ["Tom Weber", "Gamma AG", "tom@gamma.de", "+49 89 7654321", "Köln"],
        ["Eva Braun", "Delta KG", "eva@delta.de", "0171 2345678", "Berlin"],
    ]
    book = xlwt.Workbook()
    sheet = book.add_sheet("Tabelle1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "adressen.xls"
    book.save(str(path))
    job = ImportJob(path)
    assert job.headerless and job.header_row == 0
    assert job.notes == [
        "adressen.xls has no header row (its first row is a lead, with an email or phone "
        "number): its columns were matched by their content."
    ]
    assert [c.field for c in job.mapping.columns] == [
        Field.FULL_NAME, Field.COMPANY, Field.EMAIL, Field.PHONE, Field.CUSTOM,
    ]  # fmt: skip
    assert all(c.guessed for c in job.mapping.columns[:4])
    report = import_file(path, region="DE")
    assert (report.rows, report.created, report.rejected, report.problems) == (3, 3, 0, [])
    anna, tom, eva = all_leads(db)
    assert (anna.first_name, anna.last_name, anna.company) == ("Anna", "Schmidt", "Beta GmbH")
    assert anna.email == "anna@beta.de" and eva.phone_e164 == "+491712345678"
    assert tom.custom == {"Column E": "Köln"}


def test_a_column_whose_header_says_nothing_is_guessed_from_its_values(tmp_path: Path) -> None:
    rows = [
        ["Kontakt", "", "Spalte 3", "Kundennummer"],
        ["Anna Schmidt", "anna@beta.de", "+49 89 1234567", "100234"],
        ["Tom Weber", "tom@gamma.de", "0171 2345678", "100235"],
        ["Eva Braun", "eva@delta.de", "+49 160 9876543", "100236"],
    ]
    job = ImportJob(write_csv(tmp_path / "leads.csv", rows))
    assert [c.field for c in job.mapping.columns] == [
        Field.FULL_NAME, Field.EMAIL, Field.PHONE, Field.CUSTOM,
    ]  # fmt: skip
    assert [c.guessed for c in job.mapping.columns] == [False, True, True, False]
