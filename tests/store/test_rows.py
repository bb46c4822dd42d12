"""An import's workers convert new leads' rows without SQLAlchemy, from a
plan read off its column types: each value must come out exactly as
SQLAlchemy itself would send it to the driver, for SQLite and for
PostgreSQL, and the workers must not import SQLAlchemy at all."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest

from leaddesk.domain.lead import Lead
from leaddesk.store.bulk import dialect_named, table
from leaddesk.store.derive import LEAD_COLUMNS, lead_columns
from leaddesk.store.rows import INSERTED_COLUMNS, LeadValues, row_plan

NOW = datetime(2026, 3, 4, 5, 6, 7, 890123)


@pytest.mark.parametrize("dialect_name", ["sqlite", "postgresql"])
@pytest.mark.parametrize(
    "lead",
    [
        Lead(first_name="Ana"),
        Lead(first_name="Bo", consent_at=datetime(2025, 1, 2, 3, 4, 5), do_not_contact=True,
             next_follow_up=date(2026, 4, 1), created_at=datetime(2024, 12, 31),
             last_activity_at=datetime(2026, 2, 1, 12, 0, 0, 5)),
    ],
)  # fmt: skip
def test_rows_are_converted_as_sqlalchemy_converts_them(dialect_name: str, lead: Lead) -> None:
    columns = lead_columns(lead, "US", NOW)
    values = LeadValues(row_plan(dialect_name))(lead, columns, NOW)
    dialect = dialect_named(dialect_name)
    leads = table("leads")
    created = lead.created_at or NOW
    raw = dict(zip(LEAD_COLUMNS, (columns[name] for name in LEAD_COLUMNS), strict=True))
    raw |= {"id": None, "import_batch_id": None, "created_at": created, "updated_at": created,
            "stage_entered_at": created, "last_activity_at": lead.last_activity_at,
            "version": 1}  # fmt: skip
    for name, value in zip(INSERTED_COLUMNS, values, strict=True):
        processor = leads.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        expected = processor(raw[name]) if processor else raw[name]
        assert value == expected and type(value) is type(expected), name


def test_preparing_rows_imports_no_sqlalchemy() -> None:
    """A worker imports the module its work lives in, and only that."""
    code = (
        "import sys, leaddesk.transfer.prepare; "
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'leaddesk.store.'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = result.stdout.strip()
    assert "sqlalchemy" not in loaded
    assert "leaddesk.store.schema" not in loaded
