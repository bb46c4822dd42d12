"""Exporting leads to .xlsx (openpyxl, write-only: bold frozen header,
auto filter, column widths, dates as dates) or .csv (UTF-8 with a
byte-order mark, so spreadsheet programs read accents).

Text is written by the rules of :mod:`leaddesk.transfer.celltext`: no
exported cell is ever evaluated by a spreadsheet, and importing the file
gives back exactly the text written. A CSV export can also be written the
way spreadsheet programs read CSV in locales with a decimal comma:
separated by semicolons (see :data:`CSV_DIALECTS`).

The file is written next to its destination and renamed into place, so
a failed or cancelled export leaves no half-written file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from sqlalchemy.exc import SQLAlchemyError

from leaddesk.domain.contact import DEFAULT_REGION, check_phone
from leaddesk.domain.lead import Lead
from leaddesk.store import settings
from leaddesk.store.database import Database
from leaddesk.store.queries import LeadQuery, count_leads
from leaddesk.store.reading import custom_field_names, lead_groups
from leaddesk.transfer.celltext import join_items, to_csv, to_xlsx
from leaddesk.transfer.columns import EXPORT_HEADERS, lead_id_text
from leaddesk.transfer.errors import ImportCancelled, UnsupportedFormat
from leaddesk.transfer.mapping import column_letter
from leaddesk.transfer.partial import partial_beside
from leaddesk.transfer.phones import not_valid_in

FORMATS = (".xlsx", ".csv")


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV export separates values and writes decimals."""

    delimiter: str
    decimal: str


CSV_DIALECTS = {
    "comma": CsvDialect(",", "."),
    "semicolon": CsvDialect(";", ","),
}
"""By name (the command line's ``--csv-dialect``): "comma", the default;
"semicolon", for spreadsheet programs set to a locale that writes 1,5
(most of Europe and Latin America), which open such a file into columns
by a double click."""
_WIDTHS = {
    "Lead ID": 16, "Notes": 40, "Email": 30, "Other emails": 30, "Company": 24, "Address": 30,
    "Phone (E.164)": 16,
}  # fmt: skip


def export_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedFormat(
            f"LeadDesk exports to .xlsx or .csv files, not “{suffix or path.name}”."
        )
    return suffix


def _e164_cell(lead: Lead, number: str, region: str) -> str:
    """The E.164 form of one of the lead's numbers; for a number that is
    not valid, the region it is not valid in (see leaddesk.transfer.phones)."""
    if not number.strip():
        return ""
    own = lead.region_for(number, region)
    return check_phone(number, own).e164 or not_valid_in(own)


def lead_values(lead: Lead, database_key: str = "", region: str = DEFAULT_REGION) -> list[Any]:
    """A lead as a row of :data:`EXPORT_HEADERS`; ``region`` is the
    database's, for numbers read with no region of their own."""
    bant = lead.bant
    interest = lead.effective_interest
    others = ""
    if lead.phones:
        others = join_items([_e164_cell(lead, p, region) for p in lead.phones], "; ")
    return [
        lead_id_text(lead.id or 0, database_key), lead.first_name, lead.last_name, lead.company,
        lead.title, lead.email, join_items(lead.emails, "; "), lead.phone,
        _e164_cell(lead, lead.phone, region), join_items(lead.phones, "; "), others,
        lead.website, lead.address, lead.city, lead.postal_code, lead.country,
        lead.source_label, interest.label if interest else "",
        lead.owner, join_items(lead.tags, ", "), lead.stage.label, lead.disqualified_reason,
        lead.temperature.label, lead.score,
        bant.budget.value, bant.budget_detail, bant.authority.value, bant.authority_detail,
        bant.need.value, bant.need_detail, bant.timeframe.value, bant.timeframe_detail,
        lead.consent.value, lead.consent_at, lead.consent_how,
        "yes" if lead.do_not_contact else "no", lead.competitor, lead.next_follow_up,
        lead.notes, "yes" if lead.needs_review else "no", lead.created_at, lead.last_activity_at,
    ]  # fmt: skip


def export_leads(
    database: Database,
    path: Path,
    query: LeadQuery | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    csv_dialect: str = "comma",
) -> int:
    """Writes the query's leads to ``path``; returns how many. Raises
    UnsupportedFormat, ImportCancelled (nothing written) or OSError.
    ``csv_dialect`` names one of :data:`CSV_DIALECTS`."""
    query = query or LeadQuery()
    kind = export_format(path)
    key = _database_key(database)
    with database.read() as session:
        total = count_leads(session, query)
        region = settings.phone_region(session)
        custom = custom_field_names(session, query)
        headers = [*EXPORT_HEADERS, *custom]

        def rows() -> Iterator[list[Any]]:
            done = 0
            for group in lead_groups(session, query):
                if cancelled is not None and cancelled():
                    raise ImportCancelled()
                for lead in group:
                    yield [
                        *lead_values(lead, key, region),
                        *(lead.custom.get(name, "") for name in custom),
                    ]
                done += len(group)
                if progress is not None:
                    progress(done, total)

        temporary = partial_beside(path)
        try:
            if kind == ".xlsx":
                write_xlsx(Path(temporary), headers, rows(), total)
            else:
                write_csv(Path(temporary), headers, rows(), CSV_DIALECTS[csv_dialect])
            Path(temporary).replace(path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    return total


def _database_key(database: Database) -> str:
    """This database's key for lead IDs, made on the first export. An
    export from a database that cannot be written to (read-only, locked)
    writes IDs without a key rather than fail."""
    try:
        with database.read() as session:
            key = settings.database_key(session)
        if key:
            return key
        with database.session() as session:
            return settings.database_key(session, create=True)
    except SQLAlchemyError:
        return ""


def write_csv(
    path: Path,
    headers: list[str],
    rows: Iterator[list[Any]],
    dialect: CsvDialect = CSV_DIALECTS["comma"],
) -> None:
    decimal = dialect.decimal
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=dialect.delimiter)
        writer.writerow([to_csv(header) for header in headers])
        for row in rows:
            writer.writerow([_csv_cell(value, decimal) for value in row])


def _csv_cell(value: Any, decimal: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return to_csv(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    return value


def write_xlsx(path: Path, headers: list[str], rows: Iterator[list[Any]], total: int) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Leads")
    for index, header in enumerate(headers):
        width = _WIDTHS.get(header, max(12, min(40, len(header) + 4)))
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{column_letter(len(headers) - 1)}{total + 1}"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = _xlsx_cell(sheet, header)
        if isinstance(cell, str):
            cell = WriteOnlyCell(sheet, value=cell)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    # What Workbook.save does, keeping hold of the archive: one that fails
    # (a full disk) is closed here, where Python would otherwise try again
    # when collecting it and print that second failure as a traceback.
    archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    try:
        ExcelWriter(workbook, archive).save()
    except BaseException:
        with suppress(OSError, ValueError):
            archive.close()
        raise


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if not value:
        # An empty cell, not an empty text cell: smaller files that
        # spreadsheets treat alike (blank for filters and COUNTA), and
        # openpyxl writes nothing for it.
        return None
    text, quote = to_xlsx(value)
    if not quote:
        return text
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, never a formula
    cell.quotePrefix = True  # and still text once edited in Excel
    return cell
