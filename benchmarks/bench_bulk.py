"""Bulk actions on a large selection (Ctrl+A on 100k demo leads, then a
tag, a stage, the trash), each in a transaction rolled back after, so the
cached database is left as it was.

Reference, measured in the same run: the lead-by-lead way of refreshing
what a tag changes (read the whole lead, derive its search text, write
it), which LeadDesk did before the set-based refresh; the target is at
most a quarter of its time."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlalchemy import update
from sqlalchemy.orm import Session

from benchmarks.common import Report, demo_database, timed
from leaddesk.domain.clock import utcnow
from leaddesk.domain.stages import Stage
from leaddesk.store import leads, settings
from leaddesk.store.database import Database
from leaddesk.store.derive import lead_columns
from leaddesk.store.queries import LeadQuery, lead_ids
from leaddesk.store.schema import LeadRow

SELECTED = 10_000
TARGET_RATIO = 0.25


def _lead_by_lead(database: Database, ids: list[int]) -> None:
    with database.session() as session:
        region = settings.phone_region(session)
        now = utcnow()
        for lead_id in ids:
            columns = lead_columns(leads.get_lead(session, lead_id), region, now)
            session.execute(
                update(LeadRow)
                .where(LeadRow.id == lead_id)
                .values(search_text=columns["search_text"], version=LeadRow.version + 1)
            )
        session.rollback()


def _action(database: Database, act: Callable[[Session], object]) -> None:
    with database.session() as session:
        act(session)
        session.rollback()


def run() -> None:
    database = Database.open(str(demo_database("100k")))
    with database.read() as session:
        ids = sorted(lead_ids(session, LeadQuery()))[:SELECTED]
    report = Report(f"Bulk actions on {len(ids):,} selected leads (100k demo)")
    report.header()
    reference = timed(lambda: _lead_by_lead(database, ids))
    tagging = timed(lambda: _action(database, lambda s: leads.add_tag(s, ids, "bench")))
    ratio = tagging / reference
    report.add(
        "tag the selection",
        f"{tagging:.2f} s",
        f"{reference:.2f} s",
        ratio,
        f"≤ {TARGET_RATIO:.2f}× lead by lead",
        ratio <= TARGET_RATIO,
    )
    actions: list[tuple[str, Callable[[Session], object]]] = [
        ("move the selection to SQL", lambda s: leads.move_stage(s, ids, Stage.SQL)),
        ("move the selection to the trash", lambda s: leads.trash_leads(s, ids)),
    ]
    for work, act in actions:
        seconds = timed(partial(_action, database, act))
        report.add(work, f"{seconds:.2f} s")
    database.close()
