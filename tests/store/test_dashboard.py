"""The dashboard's aggregates against small data sets with known answers,
built through the store functions at fixed times."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from leaddesk.domain.bant import Answer, Bant, Temperature
from leaddesk.domain.lead import Activity, ActivityKind, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import settings
from leaddesk.store.dashboard import Dashboard, Period, compute_dashboard
from leaddesk.store.database import Database
from leaddesk.store.leads import add_activity, insert_leads, move_stage, trash_leads
from tests.conftest import NOW

HOT = Bant(*[Answer.YES] * 4)
WARM = Bant(budget=Answer.YES)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def add(session: Session, count: int, *, at: datetime, **fields: object) -> list[int]:
    leads = [Lead(first_name=f"Lead {i}", **fields) for i in range(count)]  # type: ignore[arg-type]
    return insert_leads(session, leads, now=at, region="US")


def compute(db: Database, period: Period = Period.LAST_30_DAYS) -> Dashboard:
    with db.read() as session:
        return compute_dashboard(session, period, now=NOW)


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def funnel_of(board: Dashboard) -> dict[Stage, tuple[int, float | None]]:
    return {step.stage: (step.entered, rounded(step.conversion)) for step in board.funnel}


def test_funnel_counts_moves_into_each_stage_and_the_conversion_between_them(
    db: Database,
) -> None:
    with db.session() as session:
        ids = add(session, 10, at=days_ago(10))
        move_stage(session, ids[:6], Stage.MQL, now=days_ago(8))
        move_stage(session, ids[:3], Stage.SAL, now=days_ago(6))
        move_stage(session, ids[:1], Stage.SQL, now=days_ago(5))
        move_stage(session, ids[9:], Stage.DISQUALIFIED, reason="No budget", now=days_ago(4))
    funnel = funnel_of(compute(db))
    assert funnel[Stage.NEW] == (10, None)
    assert funnel[Stage.MQL] == (6, 0.6)
    assert funnel[Stage.SAL] == (3, 0.5)
    assert funnel[Stage.SQL] == (1, 0.3333)
    assert funnel[Stage.CUSTOMER] == (0, 0.0)
    assert funnel[Stage.DISQUALIFIED] == (1, None)
    now = {step.stage: step.now for step in compute(db).funnel}
    assert now == {
        Stage.NEW: 3, Stage.MQL: 3, Stage.SAL: 2, Stage.SQL: 1, Stage.CUSTOMER: 0,
        Stage.DISQUALIFIED: 1,
    }  # fmt: skip


def test_the_period_keeps_only_what_happened_in_it(db: Database) -> None:
    with db.session() as session:
        recent = add(session, 4, at=days_ago(10), source="referral")
        move_stage(session, recent[:2], Stage.MQL, now=days_ago(9))
        old = add(session, 5, at=days_ago(200), source="cold_call")
        move_stage(session, old, Stage.MQL, now=days_ago(190))
        add(session, 2, at=days_ago(400), source="event")
    month, quarter, year, ever = (compute(db, p) for p in Period)
    assert funnel_of(month)[Stage.NEW][0] == 4
    assert funnel_of(month)[Stage.MQL][0] == 2
    assert funnel_of(quarter)[Stage.MQL][0] == 2
    assert funnel_of(year)[Stage.NEW][0] == 9
    assert funnel_of(year)[Stage.MQL][0] == 7
    assert funnel_of(ever)[Stage.NEW][0] == 11
    assert [s.source for s in month.sources.sources] == ["referral"]
    assert [(s.source, s.leads) for s in ever.sources.sources] == [
        ("cold_call", 5), ("referral", 4), ("event", 2),
    ]  # fmt: skip
    assert ever.live_leads == month.live_leads == 11


def test_by_source_counts_hot_leads_customers_and_inbound_against_outbound(
    db: Database,
) -> None:
    with db.session() as session:
        add(session, 1, at=days_ago(5), source="referral", bant=HOT)
        add(session, 1, at=days_ago(5), source="referral", stage=Stage.CUSTOMER, bant=HOT)
        add(session, 1, at=days_ago(5), source="referral", bant=WARM)
        add(session, 2, at=days_ago(5), source="cold_call")
        add(session, 1, at=days_ago(5), source="Trade fair booth")
        gone = add(session, 3, at=days_ago(5), source="purchased_list")
        trash_leads(session, gone, now=days_ago(1))
    sources = compute(db).sources
    rows = [(s.label, s.leads, s.hot, s.customers) for s in sources.sources]
    assert rows == [
        ("Referral", 3, 2, 1),
        ("Cold call", 2, 0, 0),
        ("Trade fair booth", 1, 0, 0),
    ]
    assert (sources.inbound, sources.outbound, sources.unknown) == (3, 2, 1)


def test_temperature_mix_by_the_month_leads_came_in(db: Database) -> None:
    with db.session() as session:
        add(session, 2, at=datetime(2026, 4, 10), bant=HOT)
        add(session, 1, at=datetime(2026, 4, 20), bant=WARM)
        add(session, 3, at=datetime(2026, 6, 1))
        add(session, 1, at=datetime(2026, 6, 14), bant=WARM)
        add(session, 5, at=datetime(2025, 1, 1))
    mix = compute(db, Period.LAST_90_DAYS).temperature
    months = {m.month: (m.hot, m.warm, m.cold) for m in mix.months}
    assert months == {
        date(2026, 3, 1): (0, 0, 0),
        date(2026, 4, 1): (2, 1, 0),
        date(2026, 5, 1): (0, 0, 0),
        date(2026, 6, 1): (0, 1, 3),
    }
    assert (mix.count(Temperature.HOT), mix.count(Temperature.WARM), mix.total) == (2, 2, 7)
    everything = compute(db, Period.ALL).temperature
    assert everything.months[0].month == date(2025, 1, 1)
    assert everything.months[0].cold == 5
    assert len(everything.months) == 18


def test_time_in_stage_is_the_median_of_the_stays_that_ended_in_the_period(
    db: Database,
) -> None:
    with db.session() as session:
        for stay in (1, 2, 4):  # an odd number of stays: the middle one
            (lead,) = add(session, 1, at=days_ago(30))
            move_stage(session, [lead], Stage.MQL, now=days_ago(20))
            move_stage(session, [lead], Stage.SAL, now=days_ago(20 - stay))
        for stay in (3, 5):  # even: the mean of the two middle ones
            (lead,) = add(session, 1, at=days_ago(20 + stay))
            move_stage(session, [lead], Stage.DISQUALIFIED, reason="Spam", now=days_ago(20))
        (old,) = add(session, 1, at=days_ago(300))
        move_stage(session, [old], Stage.MQL, now=days_ago(100))
        move_stage(session, [old], Stage.SAL, now=days_ago(40))
    times = {t.stage: (rounded(t.median_days), t.stays) for t in compute(db).stage_times}
    assert times[Stage.MQL] == (2.0, 3)
    assert times[Stage.NEW] == (10.0, 5)  # 10, 10, 10, 23, 25
    assert times[Stage.SAL] == (None, 0)
    yearly = {t.stage: t for t in compute(db, Period.LAST_365_DAYS).stage_times}
    assert yearly[Stage.MQL].median_days == pytest.approx(3.0)  # 1, 2, 4, 60
    assert yearly[Stage.MQL].stays == 4


def test_sal_service_level_counts_mqls_handled_in_time_late_or_still_waiting(
    db: Database,
) -> None:
    with db.session() as session:
        accepted, rejected, late, waiting, fresh = (
            add(session, 1, at=days_ago(12)) for _ in "12345"
        )
        move_stage(session, accepted + rejected + late + waiting, Stage.MQL, now=days_ago(10))
        move_stage(session, accepted, Stage.SAL, now=days_ago(9))
        move_stage(session, rejected, Stage.DISQUALIFIED, reason="Student", now=days_ago(8.5))
        move_stage(session, late, Stage.SAL, now=days_ago(6))
        move_stage(session, fresh, Stage.MQL, now=days_ago(1))
    sal = compute(db).sal
    assert (sal.in_time, sal.late, sal.waiting, sal.pending) == (2, 1, 1, 1)
    assert sal.share == pytest.approx(0.5)
    assert sal.days == 2
    with db.session() as session:
        settings.put(session, settings.SAL_DAYS, "4")
    assert compute(db).sal.share == pytest.approx(0.75)


def test_feedback_is_counted_by_tag_in_the_period(db: Database) -> None:
    with db.session() as session:
        (lead,) = add(session, 1, at=days_ago(200))

        def log(kind: ActivityKind, days: float, *tags: str) -> None:
            activity = Activity(kind, days_ago(days), text="Said something", tags=tags)
            add_activity(session, lead, activity, now=NOW)

        for days in (1, 2, 3):
            log(ActivityKind.FEEDBACK, days, "Pricing")
        log(ActivityKind.FEEDBACK, 4, "Support", "Pricing")
        log(ActivityKind.FEEDBACK, 100, "Pricing")
        log(ActivityKind.CALL, 1, "Pricing")
        log(ActivityKind.FEEDBACK, 5)
    month = [(f.tag, f.count) for f in compute(db).feedback]
    assert month == [("Pricing", 4), ("", 1), ("Support", 1)]
    ever = [(f.tag, f.count) for f in compute(db, Period.ALL).feedback]
    assert ever[0] == ("Pricing", 5)


def test_an_empty_database_gives_an_empty_dashboard(db: Database) -> None:
    board = compute(db, Period.ALL)
    assert board.is_empty
    assert all(step.entered == 0 and step.conversion is None for step in board.funnel)
    assert board.sources.sources == ()
    assert board.temperature.months == ()
    assert all(t.median_days is None for t in board.stage_times)
    assert board.sal.share is None
    assert board.feedback == ()


def test_progress_is_reported_and_can_cancel(db: Database) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 3:
            raise KeyboardInterrupt

    with db.read() as session, pytest.raises(KeyboardInterrupt):
        compute_dashboard(session, Period.ALL, now=NOW, progress=progress)
    assert seen == [(1, 4), (2, 4), (3, 4)]


def test_a_second_session_reads_the_history_alongside_with_the_same_result(
    db: Database,
) -> None:
    with db.session() as session:
        ids = add(session, 6, at=days_ago(20), source="referral", bant=HOT)
        move_stage(session, ids[:4], Stage.MQL, now=days_ago(15))
        move_stage(session, ids[:2], Stage.SAL, now=days_ago(14))
        add_activity(session, ids[0], Activity(ActivityKind.FEEDBACK, days_ago(3), tags=("UX",)))
    alone = compute(db, Period.ALL)
    with db.read() as session, db.read() as second:
        together = compute_dashboard(session, Period.ALL, now=NOW, concurrent=second)
    assert together == alone
