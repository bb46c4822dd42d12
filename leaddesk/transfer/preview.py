"""What an import shows before anything is written: the file's first rows
as they are (preamble included, so the user can see which row was taken
as the header), sample values for each column, and the whole file checked
as the import will take it — how many rows will be new leads, duplicates,
possible duplicates and rejected, with every row the import will say
something about (bad email, bad phone, needs review, rejected, duplicate of
a lead already there or of an earlier row, possible duplicate).

Everything here only reads: the database is looked at in a read-only
session, the file through the same readers the import uses.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from leaddesk.store import settings
from leaddesk.store.database import Database
from leaddesk.store.queries import any_leads
from leaddesk.store.rows import INSERTED_COLUMNS
from leaddesk.transfer.celltext import cell_reader
from leaddesk.transfer.convert import Problem
from leaddesk.transfer.csvfile import HEAD_BYTES, detect_delimiter, detect_encoding
from leaddesk.transfer.duplicates import OnDuplicate, Target
from leaddesk.transfer.errors import ImportCancelled
from leaddesk.transfer.matching import Action, Matcher, Policy, label_of
from leaddesk.transfer.pipeline import ImportJob
from leaddesk.transfer.prepare import Prepared
from leaddesk.transfer.table import HEADER_SCAN, Row
from leaddesk.transfer.workbook import cell_text

_FIRST, _LAST, _COMPANY, _EMAIL, _PHONE = (
    INSERTED_COLUMNS.index(name)
    for name in ("first_name", "last_name", "company", "email", "phone")
)
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
    POSSIBLE_DUPLICATE = "possible_duplicate"
    """May repeat a lead or an earlier row: the user chooses."""


@dataclass(slots=True)
class PreviewRow:
    """One row of the file as the lead it would become."""

    row: int
    shown: tuple[str, str, str, str] = ("", "", "", "")
    """Name, company, email and phone as they would be stored."""
    problems: list[Problem] = field(default_factory=list)
    marks: tuple[Mark, ...] = ()
    duplicate_of_lead: int | None = None
    duplicate_of_row: int | None = None
    matched_by: str = ""
    """How the duplicate was recognised (a :class:`Reason` value)."""
    other: str = ""
    """The name, company and email of the lead or row it (may) repeat."""
    also: tuple[str, ...] = ()
    """Further leads it repeats for sure."""

    @property
    def possible(self) -> bool:
        return Mark.POSSIBLE_DUPLICATE in self.marks


@dataclass
class FilePreview:
    """What importing the whole file will do, row by row, counted as the
    rows are checked (a window shows the figures while they grow)."""

    total: int | None = None
    """Rows expected (an estimate for CSV)."""
    rows: int = 0
    new: int = 0
    """Rows that will be new leads (possible duplicates kept included)."""
    duplicates: int = 0
    """Rows that repeat a lead or an earlier row: merged into it, or
    skipped when they add nothing (or duplicates are skipped)."""
    possible: int = 0
    rejected: int = 0
    needs_review: int = 0
    listed: list[PreviewRow] = field(default_factory=list)
    """The first rows, and every other row the import says something about."""
    skipped_lines: list[int] = field(default_factory=list)
    done: bool = False


FIRST_ROWS = 50
"""Rows listed from the top of the file even when all is well with them."""


def first_rows(job: ImportJob, limit: int = HEADER_SCAN) -> list[Row]:
    """The first rows of the file as they are, the preamble included."""
    if job.kind == "csv":
        return _csv_rows(job.path, limit, job.chosen_encoding)
    if job.kind in ("xlsx", "xls", "ods"):
        return _sheet_rows(job.path, job.sheet_name, limit)
    table = job.read_table()
    head: list[Row] = [(table.header_row, table.headers)]
    return head + list(itertools.islice(table.rows, limit - 1))


def _csv_rows(path: Path, limit: int, chosen: str | None) -> list[Row]:
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    encoding, _lines = detect_encoding(path, head, chosen)
    text = head.decode(encoding.codec, errors="replace")
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
    table = job.read_table()
    samples: list[list[str]] = [[] for _ in job.headers]
    decode = cell_reader(job.mapping.export_version, job.kind)  # as the import reads it
    for _number, cells in itertools.islice(table.rows, SAMPLE_SCAN):
        for index, cell in enumerate(cells[: len(samples)]):
            value = (decode(cell) if decode else cell).strip()
            if value and len(samples[index]) < count and value not in samples[index]:
                samples[index].append(value)
        if all(len(found) >= count for found in samples):
            break
    table.rows = iter(())
    return samples


def check_file(
    job: ImportJob,
    database: Database,
    *,
    region: str | None = None,
    policy: Policy | None = None,
    progress: Callable[[FilePreview], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> FilePreview:
    """Checks every row of the file as the import would, without writing:
    the rows are converted (in worker processes for a large file) and
    each decided by the import's own :class:`Matcher` against the
    database, read in one read-only session. ``progress`` gets the
    figures after each chunk of rows; raises ImportCancelled."""
    policy = policy or Policy()
    preview = FilePreview()
    with database.read() as session:
        region = region or settings.phone_region(session)
        context = job.context(region, session.get_bind().dialect.name)
        check_database = any_leads(session)
        matcher = Matcher(policy)
        chunks, table = job.prepared(context)
        try:
            preview.total = table.total
            for chunk in chunks:
                if cancelled is not None and cancelled():
                    raise ImportCancelled()
                if check_database:
                    matcher.look_up(session, chunk)
                for item in chunk:
                    _check(preview, matcher, policy, item)
                if progress is not None:
                    progress(preview)
            preview.skipped_lines = sorted(table.skipped_lines)
        finally:
            chunks.close()
            matcher.finder.forget()
    preview.done = True
    return preview


def _check(preview: FilePreview, matcher: Matcher, policy: Policy, item: Prepared) -> None:
    preview.rows += 1
    decision = matcher.decide(item)
    shown = PreviewRow(item.row, _shown(item.values), list(item.problems))
    marks: list[Mark] = []
    fields = {problem.field for problem in item.problems}
    if decision.action is Action.REJECT:
        preview.rejected += 1
        marks.append(Mark.REJECTED)
    else:
        if "email" in fields:
            marks.append(Mark.BAD_EMAIL)
        if "phone" in fields:
            marks.append(Mark.BAD_PHONE)
        if item.needs_review:
            marks.append(Mark.NEEDS_REVIEW)
    found = decision.found
    if found is not None and (decision.action is Action.DUPLICATE or decision.possible):
        target = found.target
        shown.matched_by, shown.other = found.reason.value, target.label
        shown.duplicate_of_lead = target.lead_id
        shown.duplicate_of_row = target.row or None
        shown.also = tuple(other.describe() for other in found.others)
        if decision.possible:
            preview.possible += 1
            marks.append(Mark.POSSIBLE_DUPLICATE)
        else:
            marks.append(Mark.DUPLICATE_LEAD if target.lead_id is not None else Mark.DUPLICATE_ROW)
    if decision.action is Action.NEW:
        assert item.keys is not None
        preview.new += 1
        preview.needs_review += item.needs_review
        target = Target(item.keys, row=item.row, label=label_of(item.values))
        matcher.created(item, target)
    elif decision.action is Action.DUPLICATE:
        assert found is not None
        preview.duplicates += 1
        if policy.on_duplicate is not OnDuplicate.SKIP:
            matcher.merged(item, found.target)
    shown.marks = tuple(marks)
    if marks or preview.rows <= FIRST_ROWS:
        preview.listed.append(shown)


def _shown(values: list[Any]) -> tuple[str, str, str, str]:
    if not values:
        return ("", "", "", "")
    name = f"{values[_FIRST]} {values[_LAST]}".strip()
    return (name, values[_COMPANY], values[_EMAIL], values[_PHONE])
