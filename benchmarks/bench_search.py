"""Search as you type, counting and paging, and CLI memory, on 1M leads.

Reference for search: the plain SQL query doing the same work without the
full-text index or plan choice (a LIKE over the folded search text, sorted
by name, first 100 rows), measured in the same run.
"""

from __future__ import annotations

import sys
from functools import partial

from sqlalchemy import func, select

from benchmarks.common import Report, demo_database, milliseconds, peak_rss_mb, timed
from leaddesk.domain.text import query_terms
from leaddesk.store.database import Database
from leaddesk.store.queries import LeadQuery, SortKey, count_leads, page_leads
from leaddesk.store.schema import LeadRow

QUERIES = [
    "a", "m", "z", "ch", "jo", "mü", "smith", "garcia", "müller", "chloe", "lefèvre",
    "northwind", "cobalt lab", "harbor consult", "anna schmidt", "ceo", "paris",
    "@bluebirdsoftware", "lumen.co", "415", "+33 6", "555 26", "xqzw", "nobody here",
]  # fmt: skip


def _reference(database: Database, text: str) -> None:
    """What a straightforward implementation would run."""
    with database.read() as session:
        conditions = [LeadRow.search_text.like(f"% {term}%") for term in query_terms(text)]
        statement = (
            select(LeadRow.id, LeadRow.first_name, LeadRow.last_name, LeadRow.company)
            .where(LeadRow.deleted_at.is_(None), *conditions)
            .order_by(LeadRow.sort_name, LeadRow.id)
            .limit(100)
        )
        session.execute(statement).all()


def _first_page(database: Database, text: str) -> None:
    with database.read() as session:
        page_leads(session, LeadQuery(search=text), limit=100)


def run() -> None:
    path = demo_database("1m")
    database = Database.open(str(path))
    report = Report(f"Search, 1M leads ({path.name})")
    report.header()
    _first_page(database, "warm up")
    ours = [timed(partial(_first_page, database, q)) for q in QUERIES]
    reference = [timed(partial(_reference, database, q)) for q in QUERIES]
    median, worst = milliseconds(ours)
    ref_median, ref_worst = milliseconds(reference)
    report.add(
        f"search, median of {len(QUERIES)} queries",
        f"{median:.1f} ms",
        f"{ref_median:.1f} ms",
        median / ref_median,
        "≤ 50 ms",
        median <= 50,
    )
    report.add(
        "search, worst",
        f"{worst:.1f} ms",
        f"{ref_worst:.1f} ms",
        worst / ref_worst,
        "≤ 150 ms",
        worst <= 150,
    )
    slowest = sorted(zip(ours, QUERIES, strict=True), reverse=True)[:3]
    print("  slowest: " + ", ".join(f"{q!r} {t * 1000:.0f} ms" for t, q in slowest))

    with database.read() as session:
        total = 0
        seconds = timed(lambda: count_leads(session, LeadQuery()))
        total = count_leads(session, LeadQuery())
        plain = timed(lambda: session.scalar(select(func.count()).select_from(LeadRow)))
        report.add(
            f"count all {total:,} leads",
            f"{seconds * 1000:.0f} ms",
            f"{plain * 1000:.0f} ms",
            seconds / plain,
        )
        query = LeadQuery(sort=SortKey.NAME)
        middle = total // 2
        rows: list[object] = []
        seconds = timed(lambda: rows.extend(page_leads(session, query, offset=middle, limit=100)))
        report.add("page 100 at the middle, by name (offset)", f"{seconds * 1000:.0f} ms")
        last = page_leads(session, query, offset=middle, limit=100)[-1]
        seconds = timed(lambda: page_leads(session, query, after=last, limit=100))
        report.add("next page from there (keyset)", f"{seconds * 1000:.1f} ms")
    database.close()

    command = [sys.executable, "-m", "leaddesk", "leads", "--db", str(path), "--limit", "100"]
    rss = peak_rss_mb(command)
    report.add(
        "CLI: list 100 of 1M leads, peak memory", f"{rss:.0f} MB", target="≤ 150 MB", met=rss <= 150
    )
