"""Demo data: realistic, valid, deterministic, and stored exactly as the
normal write path would store it."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import phonenumbers
from email_validator import validate_email
from sqlalchemy import func, select

from leaddesk.domain.bant import Temperature
from leaddesk.domain.stages import Stage
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
