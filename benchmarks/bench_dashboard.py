"""The dashboard on 1M leads with a year of stage history: every aggregate
for each period, as the tab's background thread computes them.

Reference, measured in the same run: the straightforward way to get the
same counts, grouping the lead rows and the whole stage history without
the dashboard's indexes (``NOT INDEXED``). The query plans of every
statement are printed, so a reader can check that each one walks an index
and none sorts the whole table.

Then the same with 1,000 leads in the trash, which every figure leaves out
(on one connection, inside a transaction rolled back after: the cached
database is left as it was), against the same connection with the trash
empty.
"""

from __future__ import annotations

import statistics
from typing import Any

from sqlalchemy import event, func, select, text, update
from sqlalchemy.orm import Session

from benchmarks.common import Report, demo_database, timed
from leaddesk.store.dashboard import Period, compute_dashboard
from leaddesk.store.database import Database
from leaddesk.store.schema import LeadRow

TARGET_SECONDS = 1.0
RUNS = 3
TRASHED = 1_000


def _compute(database: Database, period: Period) -> None:
    """As the tab does: the stage history read on a second connection."""
    with database.read() as session, database.read() as history:
        compute_dashboard(session, period, concurrent=history)


def _reference(database: Database) -> None:
    with database.read() as session:
        session.execute(
            text(
                "SELECT source, interest, temperature, stage, count(*) FROM leads NOT INDEXED "
                "WHERE deleted_at IS NULL GROUP BY source, interest, temperature, stage"
            )
        ).all()
        session.execute(
            text("SELECT to_stage, count(*) FROM stage_changes NOT INDEXED GROUP BY to_stage")
        ).all()


def _times(database: Database, period: Period) -> list[float]:
    return [timed(lambda: _compute(database, period)) for _ in range(RUNS)]


def _compact(plan: list[str]) -> list[str]:
    """The plan with repeated scalar subqueries shown once, with a count."""
    lines: list[str] = []
    repeats = 0
    for line in plan:
        if line.startswith("SCALAR SUBQUERY"):
            continue
        if lines and line == lines[-1]:
            repeats += 1
            continue
        if repeats:
            lines[-1] += f"  (× {repeats + 1})"
            repeats = 0
        lines.append(line)
    if repeats:
        lines[-1] += f"  (× {repeats + 1})"
    return lines


def query_plans(database: Database) -> list[tuple[str, list[str]]]:
    """Each statement the dashboard runs (period: all) with its plan."""
    statements: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", remember)
    try:
        _compute(database, Period.ALL)
    finally:
        event.remove(database.engine, "before_cursor_execute", remember)
    plans = []
    with database.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        for statement, parameters in statements:
            rows = raw.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            first = " ".join(statement.split())[:90]
            plans.append((first, _compact([str(row[-1]) for row in rows])))
    return plans


def _trash_times(database: Database) -> tuple[float, float]:
    """Period all on one connection: with the trash empty, then with
    :data:`TRASHED` leads in it (rolled back)."""
    with database.engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection)
        try:
            empty = statistics.median(
                timed(lambda: compute_dashboard(session, Period.ALL)) for _ in range(RUNS)
            )
            every = max((session.scalar(select(func.max(LeadRow.id))) or 0) // TRASHED, 1)
            session.execute(
                update(LeadRow).where(LeadRow.id % every == 0).values(deleted_at=LeadRow.created_at)
            )
            trashed = statistics.median(
                timed(lambda: compute_dashboard(session, Period.ALL)) for _ in range(RUNS)
            )
        finally:
            session.close()
            transaction.rollback()
    return empty, trashed


def run() -> None:
    path = demo_database("1m")
    database = Database.open(str(path))
    report = Report(f"Dashboard, all aggregates ({path.name})")
    report.header()
    _compute(database, Period.LAST_30_DAYS)  # warm the page cache, as a second visit would
    reference = statistics.median(timed(lambda: _reference(database)) for _ in range(RUNS))
    for period in Period:
        seconds = statistics.median(_times(database, period))
        report.add(
            f"dashboard, period {period.value}",
            f"{seconds * 1000:.0f} ms",
            f"{reference * 1000:.0f} ms",
            seconds / reference if reference else None,
            f"≤ {TARGET_SECONDS:.0f} s",
            seconds <= TARGET_SECONDS,
        )
    empty, trashed = _trash_times(database)
    report.add(
        f"period all, {TRASHED:,} leads in the trash",
        f"{trashed * 1000:.0f} ms",
        f"{empty * 1000:.0f} ms",
        trashed / empty if empty else None,
        "one connection; reference: trash empty",
    )
    print("\n  query plans (period: all):")
    for statement, plan in query_plans(database):
        print(f"    {statement}")
        for line in plan:
            print(f"      {line}")
    database.close()
