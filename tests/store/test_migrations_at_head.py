"""Opening a database already at the newest schema: known from the
migration file names and one query, without importing Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from leaddesk.store import migrations
from leaddesk.store.database import Database


def test_revision_files_are_named_after_their_revision() -> None:
    chain = [script.revision for script in reversed(list(migrations.scripts().walk_revisions()))]
    assert migrations.revisions() == chain
    for script in migrations.scripts().walk_revisions():
        assert script.path is not None
        assert Path(script.path).name.startswith(f"{script.revision}_")


def test_a_database_at_head_opens_without_alembic(db: Database, db_path: Path) -> None:
    db.close()
    code = (
        "import sys; from leaddesk.store.database import Database; "
        f"Database.open({str(db_path)!r}).close(); "
        "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_new_database_is_at_the_newest_revision(db: Database) -> None:
    with db.engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.revisions()[-1]
