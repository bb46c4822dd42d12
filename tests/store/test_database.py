"""Opening, refusing and migrating database files."""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from leaddesk.store import migrations
from leaddesk.store.backend import SEARCH_INDEX, SQLITE_APPLICATION_ID
from leaddesk.store.database import Database, DatabaseError, default_location
from leaddesk.store.schema import Base

SEARCH_TABLES = {"leads_fts", "leads_fts_data", "leads_fts_idx", "leads_fts_docsize"}
SEARCH_TABLES |= {"leads_fts_config", "bulk_load"}


def test_a_new_database_is_created_at_head(db: Database, db_path: Path) -> None:
    with db.engine.connect() as connection:
        state = migrations.state(connection)
        assert state.current == state.head
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    assert mode == "wal"
    assert keys == 1
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == SQLITE_APPLICATION_ID
    raw.close()


def test_revision_chain_is_in_order() -> None:
    scripts = migrations.scripts()
    revisions = list(reversed(list(scripts.walk_revisions())))
    assert revisions[0].down_revision is None
    for previous, current in itertools.pairwise(revisions):
        assert current.down_revision == previous.revision
    assert scripts.get_heads() == [revisions[-1].revision]


def test_migrations_build_exactly_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    # The search indexes live outside the models: FTS5 tables on SQLite,
    # a trigram index on PostgreSQL.
    unexpected = [
        d
        for d in differences
        if not (d[0] == "remove_table" and d[1].name in SEARCH_TABLES)
        and not (d[0] == "remove_index" and d[1].name == SEARCH_INDEX)
    ]
    assert unexpected == []


def test_migrations_go_down_and_up_again(db: Database) -> None:
    from alembic import command

    with db.engine.begin() as connection:
        command.downgrade(migrations.config(connection), "base")
    with db.engine.begin() as connection:
        migrations.upgrade(connection)
        assert migrations.state(connection).current == migrations.scripts().get_current_head()


def _unchanged(path: Path, action: object) -> None:
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as error:
        Database.open(str(path))
    assert path.read_bytes() == before
    message = str(error.value)
    assert "\n" not in message and message.endswith(".")
    assert not list(path.parent.glob("*.bak"))
    assert not Path(f"{path}-wal").exists()


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Call Ana on Monday\n")
    _unchanged(path, None)


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE bookmarks (url TEXT)")
    other.execute("INSERT INTO bookmarks VALUES ('https://example.com')")
    other.commit()
    other.close()
    _unchanged(path, None)


def test_a_damaged_file_is_refused_untouched(db_path: Path) -> None:
    Database.open(str(db_path)).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db_path.write_bytes(bytes(data))
    for extra in db_path.parent.glob("leads.db-*"):
        extra.unlink()
    _unchanged(db_path, None)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        Database.open(str(tmp_path))


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        Database.open(str(tmp_path / "nowhere" / "leads.db"))


def test_a_newer_database_is_refused_untouched(db: Database, db_path: Path) -> None:
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    db.close()
    data = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version of LeadDesk"):
        Database.open(str(db_path))
    assert db_path.read_bytes() == data


def test_default_location_is_the_environment_then_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEADDESK_DB", str(tmp_path / "team.db"))
    assert default_location() == str(tmp_path / "team.db")
    monkeypatch.delenv("LEADDESK_DB")
    assert default_location().endswith("leads.db")
    assert "LeadDesk" in default_location()


def test_store_domain_and_transfer_import_without_qt() -> None:
    code = (
        "import sys, leaddesk.cli, leaddesk.store.queries, leaddesk.store.demo, "
        "leaddesk.store.leads, leaddesk.domain.scoring, leaddesk.transfer; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
