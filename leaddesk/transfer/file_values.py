"""The distinct values of a file's Source, Stage and Lead status columns,
each with how many rows hold it and what it would become, for the import
wizard to show and let the user choose otherwise (see
:mod:`leaddesk.transfer.mapped_values`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from leaddesk.transfer.fields import Field
from leaddesk.transfer.mapped_values import MAPPED_FIELDS, Proposal, propose, value_key
from leaddesk.transfer.pipeline import ImportJob
from leaddesk.transfer.readers import read_table

LIMIT = 200
"""Distinct values listed per column; more are read as proposed."""


@dataclass
class FileValue:
    """One distinct value of one column."""

    target: Field
    column: int
    header: str
    text: str
    """As first written in the file."""
    rows: int
    proposal: Proposal

    @property
    def key(self) -> str:
        return value_key(self.text)


@dataclass
class FileValues:
    values: list[FileValue]
    more: int = 0
    """Distinct values beyond :data:`LIMIT` in a column, not listed (they
    are read as proposed)."""


def value_columns(job: ImportJob) -> list[tuple[int, Field, str]]:
    """The columns whose values are mapped: (index, field, header). None in
    LeadDesk's own export, whose values are LeadDesk's own."""
    if job.mapping.leaddesk_export:
        return []
    return [(c.index, c.field, c.name) for c in job.mapping.columns if c.field in MAPPED_FIELDS]


def file_values(
    job: ImportJob, *, progress: Callable[[int, int], None] | None = None
) -> FileValues:
    """Every distinct value of the value columns, over the whole file, the
    ones that need a decision (they map to nothing, or say more than what
    they map to) first."""
    columns = value_columns(job)
    found: dict[tuple[int, str], FileValue] = {}
    per_column: dict[int, int] = {}
    unlisted: set[tuple[int, str]] = set()
    if not columns:
        return FileValues([])
    table = read_table(job.path, job.sheet)
    total = table.total or 0
    for done, (_, cells) in enumerate(table.rows, start=1):
        for index, target, header in columns:
            text = cells[index].strip() if index < len(cells) else ""
            if not text:
                continue
            key = (index, value_key(text))
            value = found.get(key)
            if value is not None:
                value.rows += 1
            elif per_column.get(index, 0) < LIMIT:
                per_column[index] = per_column.get(index, 0) + 1
                found[key] = FileValue(target, index, header, text, 1, propose(target, text))
            else:
                unlisted.add(key)
        if progress is not None and done % 2_000 == 0:
            progress(done, max(done, total))
    listed = sorted(found.values(), key=lambda v: (v.proposal.plain, v.column, -v.rows, v.key))
    return FileValues(listed, len(unlisted))
