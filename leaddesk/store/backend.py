"""What differs between database engines, in one place.

SQLite: pragmas on every connection (WAL, foreign keys, a busy timeout) and
search through the FTS5 index ``leads_fts``, kept in step with
``leads.search_text`` by triggers (both created by the first migration).
Other engines get a portable search on the same folded ``search_text``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    FromClause,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    and_,
    event,
    extract,
    func,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from leaddesk.store.schema import LeadRow

SQLITE_APPLICATION_ID = 0x4C44534B  # "LDSK": marks a SQLite file as ours.
BUSY_TIMEOUT_MS = 5000
"""How long a write waits for another program's lock before it is "in use"."""

FTS_TABLE = "leads_fts"


def configure_engine(engine: Engine) -> None:
    """Per-connection settings for the engine's dialect."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-32000")  # 32 MB page cache
        cursor.execute("PRAGMA temp_store=MEMORY")
    finally:
        cursor.close()


def fts_match_expression(terms: list[str]) -> str:
    """An FTS5 query where every term must match as a word prefix."""
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


FTS = Table(
    FTS_TABLE,
    MetaData(),
    Column("rowid", Integer, primary_key=True),
    Column(FTS_TABLE, Text),  # the hidden column named like the table, for MATCH
)

DENSE_MATCHES = 12_000
"""Above this many matches, walking the sort index and testing each row's
search text finds a page sooner than sorting every match (measured on a
million leads: both ways cost about 50 ms at this size)."""

NAME_DENSE_MATCHES = 100_000
"""The same limit for a search sorted by name with no other filter, whose
matches are sorted through the slim (id, name) index: about 0.4 µs a
match, so 100,000 matches sort in about 40 ms, while a walk in name order
misses matches that cluster (a surname sorts far down the list; the demo
names repeat, so "jo" is not among the first 5,000 leads by name) and
then costs its whole budget before the sort anyway."""

PG_FEW_MATCHES = 5_000
"""PostgreSQL: up to this many estimated matches, the matches are read
through the trigram index and sorted (about 3 µs a match: one heap page
each), without trying a walk first. The estimates come in steps of 1% of
the leads, so this is "less than one step": a search estimated at 1%
("415", 25,000 matches in fact) is found by the walk in 7 ms and costs
80-140 ms sorted."""

PG_SORTED_MATCHES = 45_000
"""PostgreSQL: up to this many estimated matches, a walk of the sort
index bounded by ``SCAN_BUDGET`` rows is tried, then the matches are read
and sorted; above, the statement is left to the planner, which walks the
sort index.

PostgreSQL's planner walks the sort index whenever it expects a page after
a few thousand rows, assuming matches spread evenly; a common surname
sorted by name clusters instead ("smith": 770,000 rows walked, 2.8 s, on a
million leads, where reading its 28,000 matches takes 90 ms). Its
estimates come in steps of 1% of the leads and cannot tell the two apart:
"garcia" (clustered: 440 ms walked) and "z" or "northwind" (spread: 7 ms
walked) were all estimated at 30,299. The bounded walk costs 10-50 ms when
it fails, which is the price of not trusting the estimate."""


class SearchPlan(StrEnum):
    """How a search reaches its first page."""

    INDEX = "index"
    """Drive from the full-text index, then sort the matches: few matches."""
    SCAN = "scan"
    """Walk the leads in the requested order, keep those whose search text
    has every term: many matches, so a page fills after a few rows."""


def choose_plan(session: Session, terms: list[str], dense: int | None = None) -> SearchPlan:
    """Counts matches in the full-text index, stopping past ``dense``
    (:data:`DENSE_MATCHES` by default; a few milliseconds), and picks the
    plan."""
    if session.get_bind().dialect.name != "sqlite":
        # One statement, and PostgreSQL's planner picks between walking the
        # sort index and the trigram index from its statistics: measured
        # faster than the bounded walk, which costs PostgreSQL more per row.
        return SearchPlan.INDEX
    dense = DENSE_MATCHES if dense is None else dense
    matching = (
        select(FTS.c.rowid)
        .where(FTS.c[FTS_TABLE].op("MATCH")(fts_match_expression(terms)))
        .limit(dense + 1)
        .subquery()
    )
    count = session.scalar(select(func.count()).select_from(matching)) or 0
    return SearchPlan.SCAN if count > dense else SearchPlan.INDEX


def estimated_rows(session: Session, statement: Select[Any]) -> int:
    """PostgreSQL's estimate of the rows a statement returns (planning
    only, about a millisecond): its estimates of how many leads a search
    matches are close, what it cannot know is where they sort."""
    compiled = statement.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
    )
    plan = session.connection().exec_driver_sql(
        "EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params
    )
    found = plan.scalar()
    document: Any = json.loads(found) if isinstance(found, str) else found
    return int(document[0]["Plan"]["Plan Rows"])


def search_source(dialect: str, plan: SearchPlan, terms: list[str]) -> FromClause:
    """For the index plan: leads joined to their full-text matches (SQLite),
    the leads themselves elsewhere (PostgreSQL's trigram index serves the
    plain condition)."""
    assert plan is SearchPlan.INDEX
    leads = LeadRow.__table__
    if dialect != "sqlite":
        return leads
    return FTS.join(leads, leads.c.id == FTS.c.rowid)


def search_condition(dialect: str, plan: SearchPlan, terms: list[str]) -> ColumnElement[bool]:
    """The WHERE part of a search, for :func:`search_source` or a plain scan.

    Terms come from :func:`leaddesk.domain.text.query_terms`, folded like
    the search text, so the match is case- and accent-insensitive.
    """
    if plan is SearchPlan.INDEX and dialect == "sqlite":
        return FTS.c[FTS_TABLE].op("MATCH")(fts_match_expression(terms))
    return has_terms(dialect, LeadRow.search_text, terms)


def has_terms(dialect: str, search_text: Any, terms: list[str]) -> ColumnElement[bool]:
    """Whether a search text has a word starting with each term: the text
    holds " word" for each word, so that is the substring " term"."""
    if dialect == "sqlite":
        return and_(*(func.instr(search_text, " " + term) > 0 for term in terms))
    # On PostgreSQL, LIKE is what the pg_trgm index (migration 0003) serves.
    return and_(*(search_text.like(f"% {_escape_like(term)}%", escape="\\") for term in terms))


SEARCH_INDEX = "ix_leads_search_trgm"


def search_notice(connection: Connection) -> str | None:
    """One sentence when search has to read every lead because PostgreSQL's
    pg_trgm extension was not available for its index; None otherwise."""
    if connection.dialect.name != "postgresql":
        return None
    found = connection.exec_driver_sql(
        "SELECT 1 FROM pg_indexes WHERE indexname = %s", (SEARCH_INDEX,)
    ).first()
    if found is not None:
        return None
    return (
        "Search is slower on this server: the PostgreSQL extension pg_trgm is not "
        "available, so LeadDesk searches without an index (an administrator can run "
        "CREATE EXTENSION pg_trgm and reopen the database)."
    )


def ensure_search_index(connection: Connection) -> None:
    """Creates the trigram index once pg_trgm can be had (it may have been
    missing when the database was migrated); quietly does nothing if not."""
    if connection.dialect.name != "postgresql" or search_notice(connection) is None:
        return
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            connection.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON leads "
                "USING gin (search_text gin_trgm_ops)"
            )
    except DBAPIError:
        pass


def days_between(dialect: str, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Days from ``earlier`` to ``later`` as a fraction (1.5 is a day and a
    half): time differences are spelled differently by every engine."""
    if dialect == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return extract("epoch", later - earlier) / 86400.0


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
