"""Opening a SQLite file does not pay for what it does not use (the
PostgreSQL dialect, email-validator), and PostgreSQL still gets every
partial index whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex

from leaddesk.store.database import Database
from leaddesk.store.schema import Base, use_postgresql

_OPEN = """
import json, sys
from leaddesk.store.database import Database
Database.open(sys.argv[1]).close()
print(json.dumps(sorted(sys.modules)))
"""


def test_opening_a_sqlite_file_leaves_postgresql_and_email_checks_unloaded(
    tmp_path: Path,
) -> None:
    path = tmp_path / "leads.db"
    Database.open(str(path)).close()  # created and migrated: opening is what is left
    result = subprocess.run(
        [sys.executable, "-c", _OPEN, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(result.stdout))
    assert "sqlalchemy.dialects.postgresql" not in loaded
    assert "email_validator" not in loaded


def test_partial_indexes_have_the_same_condition_on_postgresql() -> None:
    use_postgresql()
    use_postgresql()  # a second call changes nothing
    partial = [
        index
        for table in Base.metadata.tables.values()
        for index in table.indexes
        if index.dialect_options["sqlite"]["where"] is not None
    ]
    assert len(partial) >= 10
    for index in partial:
        on_sqlite = str(CreateIndex(index).compile(dialect=sqlite.dialect()))
        on_postgresql = str(CreateIndex(index).compile(dialect=postgresql.dialect()))
        condition = on_sqlite.partition(" WHERE ")[2]
        assert condition, index.name
        assert on_postgresql.endswith(f" WHERE {condition}"), index.name
