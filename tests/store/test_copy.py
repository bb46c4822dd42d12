"""leaddesk copy-db: a laptop's SQLite file up to a PostgreSQL server and
back down, whole, in one transaction, counts checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leaddesk.cli import main
from leaddesk.domain.lead import Activity, ActivityKind, Lead
from leaddesk.store import leads as store
from leaddesk.store.copy import TABLES, count_rows
from leaddesk.store.database import Database
from tests.conftest import NOW
from tests.pg import Databases


def _listing(location: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["leads", "--db", location, "--json", "--limit", "1000"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def _counts(location: str) -> dict[str, int]:
    database = Database.open(location)
    try:
        with database.read() as session:
            return count_rows(session)
    finally:
        database.close()


def test_up_to_the_server_and_back_keeps_everything(
    tmp_path: Path, pg_databases: Databases, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = str(tmp_path / "laptop.db")
    assert main(["demo", "--db", laptop, "--count", "150", "--seed", "3"]) == 0
    opened = Database.open(laptop)
    with opened.session() as session:
        store.add_activity(session, 1, Activity(ActivityKind.CALL, NOW, "Called", tags=("vip",)))
    opened.close()
    capsys.readouterr()
    before = _listing(laptop, capsys)
    counts = _counts(laptop)
    back = str(tmp_path / "back.db")
    with pg_databases.fresh() as server:
        assert main(["copy-db", "--from", laptop, "--to", server]) == 0
        out, err = capsys.readouterr()
        assert "Copied 150 leads" in out and "the counts match" in out
        assert "Copying leads: 150 of 150" in err
        assert _counts(server) == counts
        assert _listing(server, capsys) == before  # ids included: they are kept
        # New leads on the server get fresh ids after the copied ones.
        opened = Database.open(server)
        with opened.session() as session:
            assert store.create_lead(session, Lead(first_name="New")).id == 151
        opened.close()
        assert main(["copy-db", "--from", server, "--to", back]) == 0
        capsys.readouterr()
    after = _listing(back, capsys)
    assert [row for row in after if row["first_name"] != "New"] == before
    assert _counts(back)["leads"] == counts["leads"] + 1
    assert set(counts) == set(TABLES)


def test_a_target_with_leads_is_refused_untouched(
    db: Database, db_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.session() as session:
        store.create_lead(session, Lead(first_name="Already", last_name="Here"))
    source = str(tmp_path / "source.db")
    assert main(["demo", "--db", source, "--count", "5"]) == 0
    capsys.readouterr()
    assert main(["copy-db", "--from", source, "--to", db_location]) == 1
    err = capsys.readouterr().err
    assert "already has leads" in err
    assert [row["first_name"] for row in _listing(db_location, capsys)] == ["Already"]
