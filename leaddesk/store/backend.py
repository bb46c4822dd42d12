"""What differs between database engines, in one place.

SQLite: pragmas on every connection (WAL, foreign keys, a busy timeout) and
search through the FTS5 index ``leads_fts``, kept in step with
``leads.search_text`` by triggers (both created by the first migration).
Other engines get a portable search on the same folded ``search_text``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, event, or_, select, text
from sqlalchemy.sql.elements import TextClause

from leaddesk.store.schema import LeadRow

SQLITE_APPLICATION_ID = 0x4C44534B  # "LDSK": marks a SQLite file as ours.

FTS_TABLE = "leads_fts"


def configure_engine(engine: Engine) -> None:
    """Per-connection settings for the engine's dialect."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-32000")  # 32 MB page cache
        cursor.execute("PRAGMA temp_store=MEMORY")
    finally:
        cursor.close()


def fts_match_expression(terms: list[str]) -> str:
    """An FTS5 query where every term must match as a word prefix."""
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def search_filter(dialect: str, terms: list[str]) -> ColumnElement[bool]:
    """Leads whose search text has a word starting with each of ``terms``.

    Terms come from :func:`leaddesk.domain.text.query_terms`: folded, so the
    match is case- and accent-insensitive on every engine.
    """
    if dialect == "sqlite":
        match: TextClause = text(f"{FTS_TABLE} MATCH :fts_query").bindparams(
            fts_query=fts_match_expression(terms)
        )
        matching = select(text("rowid")).select_from(text(FTS_TABLE)).where(match)
        return LeadRow.id.in_(matching)
    # Portable fallback: the search text starts with a space and separates
    # words with spaces, so " term" finds a word prefix.
    return and_(
        *(
            or_(
                LeadRow.search_text.like(f" {_escape_like(term)}%", escape="\\"),
                LeadRow.search_text.like(f"% {_escape_like(term)}%", escape="\\"),
            )
            for term in terms
        )
    )


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
