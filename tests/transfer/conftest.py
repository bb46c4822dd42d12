"""Helpers for import and export tests: fixture files are written by the
tests themselves, imported into a real SQLite file, and the leads read back
whole (contacts, tags, custom fields) to compare field by field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leaddesk.domain.lead import Activity, Lead
from leaddesk.store.database import Database
from leaddesk.store.leads import activities
from leaddesk.store.queries import LeadQuery, lead_ids
from leaddesk.store.reading import get_leads
from leaddesk.transfer.duplicates import OnDuplicate
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from leaddesk.transfer.report import ImportReport

Importer = Callable[..., ImportReport]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",",
              encoding: str = "utf-8", newline: str = "\r\n") -> Path:  # fmt: skip
    """A CSV as spreadsheet programs write it: quoted when needed."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def all_leads(db: Database, *, trashed: bool = False) -> list[Lead]:
    """Every live lead, in the order they were created."""
    with db.read() as session:
        ids = sorted(lead_ids(session, LeadQuery()))
        found = get_leads(session, ids)
    return [found[i] for i in ids]


def lead_activities(db: Database, lead_id: int) -> list[Activity]:
    with db.read() as session:
        return activities(session, lead_id)


def by_email(db: Database) -> dict[str, Lead]:
    return {lead.email.casefold(): lead for lead in all_leads(db)}


@pytest.fixture
def import_file(db: Database) -> Importer:
    """Imports a file into the test database; keyword arguments go to
    ImportOptions (region defaults to US), ``sheet`` to the job."""

    def run(path: Path, *, sheet: str | None = None, **options: Any) -> ImportReport:
        options.setdefault("region", "US")
        if isinstance(options.get("on_duplicate"), str):
            options["on_duplicate"] = OnDuplicate(options["on_duplicate"])
        job = ImportJob(path, sheet=sheet)
        return job.run(db, ImportOptions(**options))

    return run
