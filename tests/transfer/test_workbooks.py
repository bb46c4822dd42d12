"""Reading .xlsx (written by openpyxl), .ods (written by hand: it is a zip
of XML) and .xls (written by xlwt): sheets, numbers that are phone numbers
or ids, and dates."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook

from leaddesk.store.database import Database
from leaddesk.transfer.errors import UnreadableFile
from tests.transfer.conftest import Importer, all_leads

HEADER = ["Name", "Company", "Phone Number", "Email", "Customer ID", "Next follow-up",
          "Create Date"]  # fmt: skip
ROWS: list[list[Any]] = [
    ["Ana Ruiz", "Cobalt Labs", 4155552671, "ana@cobalt.es", 12345678901234, date(2026, 7, 1),
     datetime(2024, 3, 14, 9, 30)],
    ["Bo Chen", "Acme", 4155550123.0, "bo@acme.com", 7.0, datetime(2026, 8, 2),
     datetime(2023, 1, 2)],
]  # fmt: skip


def xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def ods(path: Path, rows: list[list[Any]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice structures it."""

    def cell(value: Any) -> str:
        if isinstance(value, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
        if isinstance(value, date):
            return (
                f'<table:table-cell office:value-type="date" '
                f'office:date-value="{value.isoformat()}"/>'
            )
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'  # noqa: E501

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Leads">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def check_rows(db: Database) -> None:
    ana, bo = all_leads(db)
    assert (ana.first_name, ana.last_name, ana.company) == ("Ana", "Ruiz", "Cobalt Labs")
    assert ana.phone == "4155552671"
    assert ana.phone_e164 == "+14155552671"
    assert ana.custom["Customer ID"] == "12345678901234"
    assert ana.next_follow_up == date(2026, 7, 1)
    assert ana.created_at == datetime(2024, 3, 14, 9, 30)
    assert bo.phone == "4155550123"
    assert bo.custom["Customer ID"] == "7"
    assert bo.next_follow_up == date(2026, 8, 2)
    assert bo.created_at == datetime(2023, 1, 2)
    assert not ana.needs_review and not bo.needs_review


def test_xlsx_numbers_stay_phone_numbers_and_dates_stay_dates(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    report = import_file(xlsx(tmp_path / "leads.xlsx", {"Leads": [HEADER, *ROWS]}))
    assert (report.rows, report.created, report.problems) == (2, 2, [])
    assert report.custom_columns == ["Customer ID"]
    check_rows(db)


def test_xlsx_default_sheet_is_the_first_with_data(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    path = xlsx(
        tmp_path / "book.xlsx",
        {
            "Cover": [["Leads of 2026"]],
            "Leads": [HEADER, *ROWS],
            "Old": [HEADER, ["Zed Old", "Gone Inc"]],
        },
    )
    report = import_file(path)
    assert report.sheet == "Leads"
    check_rows(db)


def test_xlsx_sheet_chosen_by_name(tmp_path: Path, db: Database, import_file: Importer) -> None:
    path = xlsx(
        tmp_path / "book.xlsx",
        {
            "Leads": [HEADER, *ROWS],
            "Trade show": [["Full Name", "Company"], ["Zoë Adams", "Öko AG"]],
        },
    )
    report = import_file(path, sheet="trade SHOW")
    assert (report.sheet, report.created) == ("Trade show", 1)
    (zoe,) = all_leads(db)
    assert (zoe.first_name, zoe.last_name, zoe.company) == ("Zoë", "Adams", "Öko AG")


def test_xlsx_missing_sheet_names_the_sheets(tmp_path: Path, import_file: Importer) -> None:
    path = xlsx(tmp_path / "book.xlsx", {"Leads": [HEADER, *ROWS], "Other": [["Email"]]})
    with pytest.raises(
        UnreadableFile, match="no sheet named “Nope”; its sheets are “Leads”, “Other”"
    ):
        import_file(path, sheet="Nope")


def test_xlsx_with_title_rows_above_the_header(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    path = xlsx(
        tmp_path / "leads.xlsx",
        {"Leads": [["Leads export"], ["Generated 2026-01-01"], [], HEADER, *ROWS]},
    )
    report = import_file(path)
    assert report.skipped_lines == [1, 2]
    check_rows(db)


def test_ods(tmp_path: Path, db: Database, import_file: Importer) -> None:
    report = import_file(ods(tmp_path / "leads.ods", [HEADER, *ROWS]))
    assert (report.created, report.problems) == (2, [])
    ana, bo = all_leads(db)
    assert ana.phone == "4155552671" and ana.phone_e164 == "+14155552671"
    assert ana.next_follow_up == date(2026, 7, 1)
    assert ana.custom["Customer ID"] == "12345678901234"
    assert bo.email == "bo@acme.com"


def test_xls(tmp_path: Path, db: Database, import_file: Importer) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Leads")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    moment = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM")
    for r, row in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(row):
            style = moment if isinstance(value, datetime) else day
            sheet.write(r, c, value, style if isinstance(value, date) else xlwt.Style.default_style)
    path = tmp_path / "leads.xls"
    book.save(str(path))
    report = import_file(path)
    assert (report.created, report.problems) == (2, [])
    check_rows(db)


def test_xlsx_with_shared_strings_as_excel_writes_them(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    # openpyxl writes text inline; Excel keeps it in xl/sharedStrings.xml
    # and cells refer to it by index, which the size check must read right.
    texts = ["Name", "Email", "Ana Ruiz", "ana@cobalt.es", "Bo Chen", "bo@acme.com"]
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" '
        'uniqueCount="6">' + "".join(f"<si><t>{t}</t></si>" for t in texts) + "</sst>"
    )
    cells = [[0, 1], [2, 3], [4, 5]]
    rows = "".join(
        f'<row r="{r}" spans="1:2">'
        + "".join(
            f'<c r="{col}{r}" s="0" t="s"><v>{index}</v></c>'
            for col, index in zip("AB", row, strict=True)
        )
        + "</row>"
        for r, row in enumerate(cells, start=1)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:B3"/><sheetData>{rows}</sheetData></worksheet>'
    )
    source = xlsx(tmp_path / "plain.xlsx", {"Leads": [["x"]]})
    path = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(source) as plain, zipfile.ZipFile(path, "w") as target:
        for item in plain.infolist():
            data = plain.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(item.filename, data, zipfile.ZIP_DEFLATED)
        target.writestr("xl/sharedStrings.xml", shared, zipfile.ZIP_DEFLATED)
    assert import_file(path).created == 2
    ana, bo = all_leads(db)
    assert (ana.first_name, ana.last_name, ana.email) == ("Ana", "Ruiz", "ana@cobalt.es")
    assert bo.email == "bo@acme.com"


def test_text_that_reads_like_a_cell_reference_is_no_reason_to_refuse(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    # A note copied from an HTML mail in a sheet 53 columns wide: the size
    # check once read color="626262" as a cell at BA626262.
    header = ["Name", "Email", *(f"Field {n}" for n in range(51))]
    note = '<font color="626262">Met at the fair</font>'
    rows = [header, ["Ana Ruiz", "ana@cobalt.es", note, *("x" for _ in range(50))]]
    report = import_file(xlsx(tmp_path / "export.xlsx", {"Leads": rows}))
    assert report.created == 1
    (ana,) = all_leads(db)
    assert ana.custom["Field 0"] == note
