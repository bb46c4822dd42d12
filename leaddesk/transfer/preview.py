"""What an import shows before anything is written: the file's first rows
as they are (preamble included, so the user can see which row was taken
as the header), sample values for each column, and the first rows as the
leads they would become, each with its marks (bad email, bad phone, needs
review, rejected, duplicate of a lead already there or of an earlier row).

Everything here only reads: the database is looked at in a read-only
session, the file through the same readers the import uses.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from leaddesk.domain.lead import Lead
from leaddesk.store import settings
from leaddesk.store.database import Database
from leaddesk.store.imports import existing_matches
from leaddesk.transfer.convert import Problem
from leaddesk.transfer.csvfile import HEAD_BYTES, detect_delimiter, detect_encoding
from leaddesk.transfer.duplicates import DuplicateFinder, Keys, Target, name_key
from leaddesk.transfer.pipeline import ImportJob
from leaddesk.transfer.readers import read_table
from leaddesk.transfer.table import HEADER_SCAN, Row
from leaddesk.transfer.workbook import cell_text

SAMPLES = 3
"""Sample values shown for each column."""
SAMPLE_SCAN = 200
"""Rows looked at to find those samples (a sparse column is mostly empty)."""


class Mark(StrEnum):
    """What the preview says about a row."""

    BAD_EMAIL = "bad_email"
    BAD_PHONE = "bad_phone"
    NEEDS_REVIEW = "needs_review"
    REJECTED = "rejected"
    DUPLICATE_LEAD = "duplicate_lead"
    """Repeats a lead already in the database."""
    DUPLICATE_ROW = "duplicate_row"
    """Repeats an earlier row of the file."""


@dataclass(slots=True)
class PreviewRow:
    """One row of the file as the lead it would become."""

    row: int
    lead: Lead | None
    problems: list[Problem] = field(default_factory=list)
    marks: tuple[Mark, ...] = ()
    duplicate_of_lead: int | None = None
    duplicate_of_row: int | None = None
    matched_by: str = ""
    """How the duplicate was recognised: "email", "phone" or "name"."""


def first_rows(job: ImportJob, limit: int = HEADER_SCAN) -> list[Row]:
    """The first rows of the file as they are, the preamble included."""
    if job.kind == "csv":
        return _csv_rows(job.path, limit)
    if job.kind in ("xlsx", "xls", "ods"):
        return _sheet_rows(job.path, job.sheet_name, limit)
    table = read_table(job.path, job.sheet)
    head: list[Row] = [(table.header_row, table.headers)]
    return head + list(itertools.islice(table.rows, limit - 1))


def _csv_rows(path: Path, limit: int) -> list[Row]:
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    encoding, _lines = detect_encoding(path, head)
    text = head.decode(encoding, errors="replace")
    delimiter = detect_delimiter(text, complete=len(head) < HEAD_BYTES)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return list(itertools.islice(enumerate(reader, start=1), limit))
    except csv.Error:
        return []


def _sheet_rows(path: Path, sheet: str, limit: int) -> list[Row]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_name(sheet).iter_rows()
    return [
        (number, [cell_text(cell) for cell in cells])
        for number, cells in enumerate(itertools.islice(rows, limit), start=1)
    ]


def column_samples(job: ImportJob, count: int = SAMPLES) -> list[list[str]]:
    """For each column, up to ``count`` different values from the first rows."""
    table = read_table(job.path, job.sheet)
    samples: list[list[str]] = [[] for _ in job.headers]
    for _number, cells in itertools.islice(table.rows, SAMPLE_SCAN):
        for index, cell in enumerate(cells[: len(samples)]):
            value = cell.strip()
            if value and len(samples[index]) < count and value not in samples[index]:
                samples[index].append(value)
        if all(len(found) >= count for found in samples):
            break
    table.rows = iter(())
    return samples


def preview_leads(
    job: ImportJob, database: Database, region: str | None = None, limit: int = 20
) -> list[PreviewRow]:
    """The first ``limit`` rows as leads under the job's current mapping,
    with duplicates found the way the import finds them."""
    with database.read() as session:
        region = region or settings.phone_region(session)
        prepared = job.preview(region, limit)
        keys = [item.keys for item in prepared if item.keys is not None]
        matches = existing_matches(
            session,
            [e for k in keys for e in k.emails],
            [p for k in keys for p in k.phones],
            [k.company for k in keys if k.company and k.name],
        )
    finder = DuplicateFinder()
    for email, lead_id in matches.by_email.items():
        finder.by_email.setdefault(email, Target(lead_id=lead_id))
    for phone, lead_id in matches.by_phone.items():
        finder.by_phone.setdefault(phone, (Target(lead_id=lead_id), ()))
    for company, people in matches.by_company.items():
        for lead_id, first, last in people:
            name = name_key(first, last)
            if name:
                finder.add(Keys((), (), company, name), Target(lead_id=lead_id))
    rows = []
    for item in prepared:
        shown = PreviewRow(item.row, item.lead, list(item.problems))
        marks: list[Mark] = []
        if item.lead is None or item.keys is None:
            marks.append(Mark.REJECTED)
        else:
            fields = {problem.field for problem in item.problems}
            if "email" in fields:
                marks.append(Mark.BAD_EMAIL)
            if "phone" in fields:
                marks.append(Mark.BAD_PHONE)
            if item.needs_review:
                marks.append(Mark.NEEDS_REVIEW)
            hit = finder.find(item.keys)
            if hit is None:
                finder.add(item.keys, Target(row=item.row))
            else:
                target, shown.matched_by = hit
                if target.lead_id is not None:
                    marks.append(Mark.DUPLICATE_LEAD)
                    shown.duplicate_of_lead = target.lead_id
                else:
                    marks.append(Mark.DUPLICATE_ROW)
                    shown.duplicate_of_row = target.row
        shown.marks = tuple(marks)
        rows.append(shown)
    return rows
