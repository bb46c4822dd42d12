"""The dashboard's aggregates against data sets with known answers, built
through the store functions and the importer at fixed times.

:func:`build_book` is the main one (the window's tests read it too): leads
that walk the funnel, a lead that goes back a stage and on again, leads
imported straight into SQL, an import later reverted (its leads in the
trash, with moves and feedback of their own), and a spreadsheet of ten
years of leads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from leaddesk.domain.bant import Answer, Bant, Temperature
from leaddesk.domain.lead import Activity, ActivityKind, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import dashboard_funnel, settings
from leaddesk.store.dashboard import Dashboard, Period, compute_dashboard
from leaddesk.store.database import Database
from leaddesk.store.imports import revert_batch
from leaddesk.store.leads import add_activity, insert_leads, move_stage, trash_leads
from leaddesk.store.schema import LeadRow
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.conftest import BACKENDS, NOW

HOT = Bant(*[Answer.YES] * 4)
WARM = Bant(budget=Answer.YES)
TEN_YEARS = range(2016, 2026)
"""The spreadsheet's years: in each, ``year - 2015`` leads (55 in all)."""


def days_ago(days: float, now: datetime = NOW) -> datetime:
    return now - timedelta(days=days)


def add(session: Session, count: int, *, at: datetime, **fields: object) -> list[int]:
    leads = [Lead(first_name=f"Lead {i}", **fields) for i in range(count)]  # type: ignore[arg-type]
    return insert_leads(session, leads, now=at, region="US")


def compute(db: Database, period: Period = Period.LAST_30_DAYS, now: datetime = NOW) -> Dashboard:
    with db.read() as session:
        return compute_dashboard(session, period, now=now)


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def funnel_of(board: Dashboard) -> dict[Stage, tuple[int, int | None, float | None]]:
    return {s.stage: (s.entered, s.moved_on, rounded(s.conversion)) for s in board.funnel}


def ids_where(session: Session, **values: str) -> list[int]:
    """Ids of the leads with these column values, in the order they came."""
    conditions = [getattr(LeadRow, name) == value for name, value in values.items()]
    return list(session.scalars(select(LeadRow.id).where(*conditions).order_by(LeadRow.id)))


def import_csv(db: Database, path: Path, rows: list[str]) -> int:
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    report = ImportJob(path).run(db, ImportOptions(region="US"))
    assert report.batch is not None
    return report.batch


def build_book(db: Database, folder: Path, now: datetime = NOW) -> None:
    """The known data set; every figure it gives is asserted below.

    Within the last 30 days:

    - ten referral leads come in (two hot, three warm); six become MQL, three
      of those SAL, one of those SQL; one of the ten is disqualified;
    - a website lead goes New → MQL → back to New → MQL → SAL (it enters
      New and MQL twice, and counts once in each);
    - four cold-call leads are imported straight into SQL; one becomes a
      customer;
    - five leads are imported into MQL from a fair, four move on to SAL the
      next day, one gives feedback, and the import is reverted: all five
      are in the trash;
    - feedback: Pricing twice and Support once, on live leads.

    And a spreadsheet of 55 purchased-list leads created over ten years
    (2016 to 2025), imported today.
    """
    ago = lambda days: days_ago(days, now)  # noqa: E731
    with db.session() as session:
        batch = add(session, 2, at=ago(20), source="referral", bant=HOT)
        batch += add(session, 3, at=ago(20), source="referral", bant=WARM)
        batch += add(session, 5, at=ago(20), source="referral")
        move_stage(session, batch[:6], Stage.MQL, now=ago(15))
        move_stage(session, batch[:3], Stage.SAL, now=ago(10))
        move_stage(session, batch[:1], Stage.SQL, now=ago(5))
        move_stage(session, batch[9:], Stage.DISQUALIFIED, reason="No budget", now=ago(4))
        (bouncer,) = add(session, 1, at=ago(25), source="website_form")
        move_stage(session, [bouncer], Stage.MQL, now=ago(20))
        move_stage(session, [bouncer], Stage.NEW, now=ago(18))
        move_stage(session, [bouncer], Stage.MQL, now=ago(16))
        move_stage(session, [bouncer], Stage.SAL, now=ago(3))
        for days, tag in ((2, "Pricing"), (3, "Pricing"), (4, "Support")):
            add_activity(session, batch[0], Activity(ActivityKind.FEEDBACK, ago(days), tags=(tag,)))
    imported = (ago(12) - timedelta(hours=12)).isoformat(sep=" ")
    import_csv(
        db,
        folder / "qualified.csv",
        ["First name,Email,Stage,Source,Created"]
        + [f"Sam {i},sam{i}@example.com,SQL,Cold call,{imported}" for i in range(4)],
    )
    with db.session() as session:
        move_stage(session, ids_where(session, source="cold_call")[:1], Stage.CUSTOMER, now=ago(2))
    fair = import_csv(
        db,
        folder / "fair.csv",
        ["First name,Email,Stage,Source,Created"]
        + [f"Fay {i},fay{i}@example.com,MQL,Event,{ago(8).isoformat(sep=' ')}" for i in range(5)],
    )
    with db.session() as session:
        fair_ids = ids_where(session, source="event")
        move_stage(session, fair_ids[:4], Stage.SAL, now=ago(7))
        add_activity(
            session, fair_ids[0], Activity(ActivityKind.FEEDBACK, ago(6), tags=("Pricing",))
        )
        revert_batch(session, fair, now=ago(1))
    import_csv(
        db,
        folder / "ten-years.csv",
        ["Company,Source,Created"]
        + [
            f"Old Co {year}-{i},Purchased list,{year}-03-01"
            for year in TEN_YEARS
            for i in range(year - 2015)
        ],
    )


@pytest.fixture(scope="module", params=BACKENDS)
def book(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """The book, built once on each backend for the tests that only read it."""
    folder = tmp_path_factory.mktemp("book")
    with ExitStack() as stack:
        location = str(folder / "leads.db")
        if request.param == "postgresql":
            from tests.pg import Databases

            databases = request.getfixturevalue("pg_databases")
            assert isinstance(databases, Databases)
            location = stack.enter_context(databases.fresh())
        database = Database.open(location)
        stack.callback(database.close)
        build_book(database, folder)
        yield database


def test_every_figure_of_the_last_30_days(book: Database) -> None:
    board = compute(book)
    assert funnel_of(board) == {
        # The ten, and the website lead once although it entered New twice;
        # seven of them reached MQL or later (the disqualified one did not).
        Stage.NEW: (11, 7, 0.6364),
        # Six of the ten and the website lead; the fair's five are trashed.
        Stage.MQL: (7, 4, 0.5714),
        Stage.SAL: (4, 1, 0.25),
        # One of the ten, and the four imported straight into SQL.
        Stage.SQL: (5, 1, 0.2),
        Stage.CUSTOMER: (1, None, None),
        Stage.DISQUALIFIED: (1, None, None),
    }
    assert {s.stage: s.now for s in board.funnel} == {
        Stage.NEW: 3 + 55, Stage.MQL: 3, Stage.SAL: 3, Stage.SQL: 4, Stage.CUSTOMER: 1,
        Stage.DISQUALIFIED: 1,
    }  # fmt: skip
    assert board.live_leads == 11 + 4 + 55
    assert not any(s.estimated for s in board.funnel)

    sources = [(s.label, s.leads, s.hot, s.customers) for s in board.sources.sources]
    assert sources == [
        ("Referral", 10, 2, 0),
        ("Cold call", 4, 0, 1),
        ("Website form", 1, 0, 0),
    ]
    assert (board.sources.inbound, board.sources.outbound) == (11, 4)
    mix = board.temperature
    assert (mix.hot, mix.warm, mix.cold) == (2, 3, 10)
    assert [(b.start, b.hot, b.warm, b.cold) for b in mix.buckets] == [
        (date(2026, 5, 1), 2, 3, 6),
        (date(2026, 6, 1), 0, 0, 4),
    ]

    times = {t.stage: (rounded(t.median_days), t.stays) for t in board.stage_times}
    assert times == {
        # Six stays of 5 days, the disqualified one's 16, the website lead's 5 and 2.
        Stage.NEW: (5.0, 9),
        # Three of 5 days, the website lead's 2 and 13; the fair's four
        # one-day stays are in the trash (counted, the median would be 2).
        Stage.MQL: (5.0, 5),
        Stage.SAL: (5.0, 1),
        Stage.SQL: (10.5, 1),
    }

    sal = board.sal
    # The website lead went back to New within 2 days (handled), then waited
    # 13 days; three of the six MQLs were accepted after 5 days, three wait.
    # The fair's MQLs, accepted the next day, are in the trash.
    assert (sal.in_time, sal.late, sal.waiting, sal.pending) == (1, 4, 3, 0)
    assert sal.share == pytest.approx(1 / 8)

    assert [(f.tag, f.count) for f in board.feedback] == [("Pricing", 2), ("Support", 1)]


def test_leads_imported_into_a_stage_never_entered_the_stages_before_it(
    db: Database, tmp_path: Path
) -> None:
    import_csv(
        db,
        tmp_path / "qualified.csv",
        ["First name,Email,Stage,Created"]
        + [f"Sam {i},sam{i}@example.com,SQL,{days_ago(3).date()}" for i in range(3)],
    )
    funnel = funnel_of(compute(db))
    # Nobody entered New, MQL or SAL: no conversion, rather than 0 % or
    # "300 %" (three SQLs over no SAL).
    assert funnel[Stage.NEW] == funnel[Stage.MQL] == funnel[Stage.SAL] == (0, 0, None)
    assert funnel[Stage.SQL] == (3, 0, 0.0)


def test_the_ten_years_of_a_spreadsheet_are_ten_years_on_the_chart(book: Database) -> None:
    mix = compute(book, Period.ALL).temperature
    assert mix.months == 12
    years = {b.start.year: (b.hot, b.warm, b.cold) for b in mix.buckets}
    assert list(years) == list(range(2016, 2027))
    assert {y: years[y] for y in TEN_YEARS} == {y: (0, 0, y - 2015) for y in TEN_YEARS}
    # 2026: the ten referral leads, the website lead and the four SQLs.
    assert years[2026] == (2, 3, 10)
    assert (mix.hot, mix.warm, mix.cold, mix.total) == (2, 3, 65, 70)
    assert sum(b.total for b in mix.buckets) == mix.total
    # The last 365 days, by the month: 365 days touch thirteen months.
    year = compute(book, Period.LAST_365_DAYS).temperature
    assert year.months == 1
    assert [b.start for b in year.buckets][::12] == [date(2025, 6, 1), date(2026, 6, 1)]
    assert len(year.buckets) == 13
    assert [(b.start.month, b.total) for b in year.buckets if b.total] == [(5, 11), (6, 4)]


@pytest.mark.parametrize(
    ("first", "months", "count"),
    [
        (date(2026, 5, 20), 1, 2),  # a month: by the month
        (date(2025, 6, 16), 1, 13),  # 365 days touch thirteen months
        (date(2024, 6, 1), 3, 9),  # two years: by the quarter
        (date(2019, 1, 1), 12, 8),  # a 2019–2024 spreadsheet: by the year
        (date(1990, 6, 1), 60, 8),  # decades: five years a bar
    ],
)
def test_the_buckets_adapt_to_the_period(first: date, months: int, count: int) -> None:
    from leaddesk.store.dashboard_leads import bucket_spans

    size, spans = bucket_spans(first, NOW)
    assert (size, len(spans)) == (months, count)
    assert spans[0][0] <= first < spans[0][1]
    assert spans[-1][0] <= NOW.date() < spans[-1][1]
    assert all(a[1] == b[0] for a, b in pairwise(spans))


def test_every_period_leaves_the_trash_out_and_stays_within_100_percent(
    book: Database,
) -> None:
    # Every move into MQL and SAL, and all feedback, is in the last 30 days:
    # longer periods show the same, without the fair's five.
    for period in Period:
        board = compute(book, period)
        for step in board.funnel:
            if step.conversion is not None:
                assert 0 <= step.conversion <= 1
                assert step.moved_on is not None and step.moved_on <= step.entered
        assert "event" not in {s.source for s in board.sources.sources}
        assert board.live_leads == 70
        assert funnel_of(board)[Stage.MQL][:2] == (7, 4)
        assert funnel_of(board)[Stage.SAL][:2] == (4, 1)
        assert [(f.tag, f.count) for f in board.feedback] == [("Pricing", 2), ("Support", 1)]


def test_the_trash_is_left_out_however_large(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from leaddesk.store import dashboard_trash

    with db.session() as session:
        kept = add(session, 3, at=days_ago(5), source="referral")
        gone = add(session, 4, at=days_ago(5), source="event")
        move_stage(session, kept + gone, Stage.MQL, now=days_ago(4))
        for lead, tag in ((kept[0], "Pricing"), (gone[0], "Pricing"), (gone[1], "Gone")):
            add_activity(session, lead, Activity(ActivityKind.FEEDBACK, days_ago(3), tags=(tag,)))
        trash_leads(session, gone, now=days_ago(1))
    for listed in (10, 2):  # the trashed ids given to each statement, or a subquery
        monkeypatch.setattr(dashboard_trash, "LISTED", listed)
        board = compute(db)
        assert funnel_of(board)[Stage.NEW] == (3, 3, 1.0)
        assert funnel_of(board)[Stage.MQL] == (3, 0, 0.0)
        assert [(f.tag, f.count) for f in board.feedback] == [("Pricing", 1)]
        assert [s.source for s in board.sources.sources] == ["referral"]
        assert {t.stage: t.stays for t in board.stage_times}[Stage.NEW] == 3


def test_a_large_stage_is_estimated_from_an_even_sample_of_leads(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session() as session:
        ids = add(session, 40, at=days_ago(20), source="referral")
        move_stage(session, ids[:30], Stage.MQL, now=days_ago(10))
    exact = funnel_of(compute(db))
    assert exact[Stage.NEW] == (40, 30, 0.75)
    monkeypatch.setattr(dashboard_funnel, "EXACT_CHANGES", 0)
    monkeypatch.setattr(dashboard_funnel, "FUNNEL_SAMPLE", 20)
    monkeypatch.setattr(dashboard_funnel, "SAMPLED_LEADS", (10, 10))
    monkeypatch.setattr(dashboard_funnel, "FEWEST_MET", 5)
    new = next(s for s in compute(db).funnel if s.stage is Stage.NEW)
    assert new.estimated
    assert new.entered == 40  # every lead met entered once: scaled back exactly
    assert new.conversion == pytest.approx(0.75, abs=0.1)


@pytest.mark.parametrize(
    "way",
    ["the leads of each stage", "a sample as large as the database"],
)
def test_every_way_of_counting_the_funnel_agrees(
    book: Database, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    """A large database is counted stage by stage, or from a sample of the
    leads; on the book, both give the exact figures of the one-pass count
    (the trash, re-entries and all)."""
    exact = {p: compute(book, p).funnel for p in Period}
    monkeypatch.setattr(dashboard_funnel, "EXACT_CHANGES", 0)
    if way == "a sample as large as the database":
        monkeypatch.setattr(dashboard_funnel, "FUNNEL_SAMPLE", 0)
        monkeypatch.setattr(dashboard_funnel, "FEWEST_MET", 0)
    for period in Period:
        assert compute(book, period).funnel == exact[period]


def test_the_period_keeps_only_what_happened_in_it(db: Database) -> None:
    with db.session() as session:
        recent = add(session, 4, at=days_ago(10), source="referral")
        move_stage(session, recent[:2], Stage.MQL, now=days_ago(9))
        old = add(session, 5, at=days_ago(200), source="cold_call")
        move_stage(session, old, Stage.MQL, now=days_ago(190))
        add(session, 2, at=days_ago(400), source="event")
    month, quarter, year, ever = (compute(db, p) for p in Period)
    assert funnel_of(month)[Stage.NEW] == (4, 2, 0.5)
    assert funnel_of(month)[Stage.MQL] == (2, 0, 0.0)
    assert funnel_of(quarter)[Stage.MQL][0] == 2
    assert funnel_of(year)[Stage.NEW] == (9, 7, 0.7778)
    assert funnel_of(year)[Stage.MQL][0] == 7
    assert funnel_of(ever)[Stage.NEW][0] == 11
    assert [s.source for s in month.sources.sources] == ["referral"]
    assert [(s.source, s.leads) for s in ever.sources.sources] == [
        ("cold_call", 5), ("referral", 4), ("event", 2),
    ]  # fmt: skip
    assert ever.live_leads == month.live_leads == 11


def test_temperature_mix_by_the_month_leads_came_in(db: Database) -> None:
    with db.session() as session:
        add(session, 2, at=datetime(2026, 4, 10), bant=HOT)
        add(session, 1, at=datetime(2026, 4, 20), bant=WARM)
        add(session, 3, at=datetime(2026, 6, 1))
        add(session, 1, at=datetime(2026, 6, 14), bant=WARM)
        add(session, 5, at=datetime(2025, 1, 1))
    mix = compute(db, Period.LAST_90_DAYS).temperature
    months = {b.start: (b.hot, b.warm, b.cold) for b in mix.buckets}
    assert months == {
        date(2026, 3, 1): (0, 0, 0),
        date(2026, 4, 1): (2, 1, 0),
        date(2026, 5, 1): (0, 0, 0),
        date(2026, 6, 1): (0, 1, 3),
    }
    assert (mix.count(Temperature.HOT), mix.count(Temperature.WARM), mix.total) == (2, 2, 7)
    everything = compute(db, Period.ALL).temperature
    assert everything.months == 3  # Jan 2025 to Jun 2026: six quarters
    assert (everything.buckets[0].start, everything.buckets[0].cold) == (date(2025, 1, 1), 5)
    assert len(everything.buckets) == 6


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
    assert board.temperature.buckets == ()
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
    book: Database,
) -> None:
    alone = compute(book, Period.ALL)
    with book.read() as session, book.read() as second:
        together = compute_dashboard(session, Period.ALL, now=NOW, concurrent=second)
    assert together == alone
