"""Demo data: realistic, valid, deterministic, and stored exactly as the
normal write path would store it."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from email_validator import validate_email
from sqlalchemy import func, select, update

from leaddesk.domain.bant import Temperature
from leaddesk.domain.stages import Stage
from leaddesk.store import demo, demo_file
from leaddesk.store.backend import FTS, FTS_TABLE, fts_match_expression
from leaddesk.store.database import Database
from leaddesk.store.demo import LEAD_COLUMNS, generate_chunk, load_demo
from leaddesk.store.derive import lead_columns
from leaddesk.store.leads import get_lead, stage_history
from leaddesk.store.schema import ActivityRow, LeadRow, StageChangeRow
from tests.conftest import NOW


def test_same_seed_same_leads_and_other_seed_other_leads() -> None:
    first = generate_chunk(7, 0, 200, NOW, "sqlite")
    again = generate_chunk(7, 0, 200, NOW, "sqlite")
    other = generate_chunk(8, 0, 200, NOW, "sqlite")
    assert first.leads == again.leads
    assert first.activities == again.activities
    assert first.leads != other.leads


def test_demo_rows_are_what_the_write_path_would_store(db: Database) -> None:
    load_demo(db, 400, seed=3, now=NOW, workers=1)
    derived = [c for c in LEAD_COLUMNS if c not in ("id", "created_at", "updated_at", "version")]
    derived.remove("stage_entered_at")
    derived.remove("last_activity_at")
    with db.read() as session:
        for lead_id in session.scalars(select(LeadRow.id)):
            lead = get_lead(session, lead_id)
            row: Any = session.get(LeadRow, lead_id)
            expected = lead_columns(lead, "US", NOW)
            stored = {c: getattr(row, c) for c in derived}
            assert stored == {c: expected[c] for c in derived}, lead_id


def test_demo_is_realistic(db: Database) -> None:
    count = load_demo(db, 3000, seed=1, now=NOW, workers=2)
    assert count == 3000
    with db.read() as session:
        rows = session.execute(select(LeadRow.email, LeadRow.phone, LeadRow.phone_e164)).all()
        stages = Counter(session.scalars(select(LeadRow.stage)))
        temperatures = Counter(session.scalars(select(LeadRow.temperature)))
        countries = Counter(session.scalars(select(LeadRow.country)))
        accents = session.scalar(select(func.count()).where(LeadRow.first_name.like("%é%")))
        activities = session.scalar(select(func.count()).select_from(ActivityRow))
        oldest = session.scalar(select(func.min(StageChangeRow.changed_at)))
        review = session.scalar(select(func.count()).where(LeadRow.needs_review))
    assert len(rows) == 3000
    assert review == 0
    for email, typed, e164 in rows[:1500]:
        validate_email(email, check_deliverability=False)
        number = phonenumbers.parse(typed, "US")
        assert phonenumbers.is_valid_number(number), typed
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == e164
    assert set(stages) == {s.value for s in Stage}
    assert set(temperatures) == {t.value for t in Temperature}
    assert len(countries) >= 8
    assert accents and accents > 20
    assert activities and activities > 3000
    assert oldest and oldest < datetime(2025, 7, 1)


def test_stage_histories_lead_up_to_the_current_stage(db: Database) -> None:
    load_demo(db, 300, seed=5, now=NOW, workers=1)
    with db.read() as session:
        for lead_id in session.scalars(select(LeadRow.id).limit(100)):
            lead = get_lead(session, lead_id)
            history = stage_history(session, lead_id)
            assert history[0].from_stage is None
            assert history[-1].to_stage is lead.stage
            assert history[-1].changed_at == lead.stage_entered_at
            times = [h.changed_at for h in history]
            assert times == sorted(times)
            if lead.stage is Stage.DISQUALIFIED:
                assert lead.disqualified_reason == history[-1].reason != ""


def test_demo_adds_to_an_existing_database(db: Database) -> None:
    load_demo(db, 120, seed=1, now=NOW, workers=1)
    load_demo(db, 80, seed=2, now=NOW, workers=1)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(LeadRow)) == 200
        assert session.scalar(select(func.count(func.distinct(StageChangeRow.lead_id)))) == 200


def _content(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("leads", "stage_changes", "activities", "lead_tags", "activity_tags", "tags")
    with database.read() as session:
        connection = session.connection()
        return {
            table: sorted(
                (tuple(row) for row in connection.exec_driver_sql(f"SELECT * FROM {table}")),
                key=repr,
            )
            for table in tables
        }


def _search(database: Database, text: str) -> list[int]:
    with database.read() as session:
        return list(
            session.scalars(
                select(FTS.c.rowid)
                .where(FTS.c[FTS_TABLE].op("MATCH")(fts_match_expression([text])))
                .order_by(FTS.c.rowid)
            )
        )


@pytest.fixture
def new_file_from_one_lead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads take the new-file path however few leads there are."""
    monkeypatch.setattr(demo, "NEW_FILE_MIN", 1)
    monkeypatch.setattr(demo_file, "PART_CHUNKS", 1)
    monkeypatch.setattr(demo, "CHUNK", 700)


@pytest.mark.usefixtures("new_file_from_one_lead")
def test_a_first_large_load_stores_what_the_ordinary_path_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = Database.open(str(tmp_path / "built.db"))
    plain = Database.open(str(tmp_path / "plain.db"))
    try:
        assert load_demo(built, 2500, seed=9, now=NOW, workers=2) == 2500
        monkeypatch.setattr(demo, "NEW_FILE_MIN", 10**9)
        load_demo(plain, 2500, seed=9, now=NOW, workers=1)
        assert _content(built) == _content(plain)
        assert _search(built, "mü") == _search(plain, "mü") != []
        with built.read() as session:
            connection = session.connection()
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            names = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
            schema = connection.exec_driver_sql(names).all()
        with plain.read() as session:
            assert session.connection().exec_driver_sql(names).all() == schema
    finally:
        built.close()
        plain.close()
    assert [p.name for p in tmp_path.iterdir() if "built" in p.name] == ["built.db"]
    # Changed leads are indexed for search again by the restored triggers.
    again = Database.open(str(tmp_path / "built.db"))
    try:
        with again.session() as session:
            lead_id = session.scalar(select(LeadRow.id).order_by(LeadRow.id.desc()).limit(1))
            session.execute(
                update(LeadRow).where(LeadRow.id == lead_id).values(search_text=" zyxwv")
            )
        assert _search(again, "zyxw") == [lead_id]
    finally:
        again.close()


@pytest.mark.usefixtures("new_file_from_one_lead")
def test_an_interrupted_first_load_leaves_the_database_as_it_was(db_path: Path) -> None:
    database = Database.open(str(db_path))

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    try:
        with pytest.raises(KeyboardInterrupt):
            load_demo(database, 3000, seed=1, now=NOW, workers=2, progress=interrupt)
        with database.read() as session:
            assert session.scalar(select(func.count()).select_from(LeadRow)) == 0
        assert [p.name for p in db_path.parent.iterdir() if ".demo-" in p.name] == []
        assert load_demo(database, 1500, seed=1, now=NOW, workers=2) == 1500
    finally:
        database.close()


@pytest.mark.usefixtures("new_file_from_one_lead")
def test_a_first_load_with_the_file_open_elsewhere_adds_through_the_database(
    db_path: Path,
) -> None:
    database = Database.open(str(db_path))
    other = Database.open(str(db_path))
    try:
        with other.read() as session:
            session.scalar(select(func.count()).select_from(LeadRow))
            assert load_demo(database, 1400, seed=2, now=NOW, workers=1) == 1400
            # The file was not replaced under the open connection: it sees them.
            assert session.scalar(select(func.count()).select_from(LeadRow)) == 1400
    finally:
        other.close()
        database.close()
