"""Every field of a lead in the window: custom fields (the columns an
import kept by name) sorted and filtered through an index, and found by
search with the rest of the address, the website and the competitor.

``custom_fields.sort_value`` is a value folded and cut short
(:func:`leaddesk.store.derive.custom_sort_value`); the index on
(name, sort_value, lead_id) sorts leads by a field without sorting every
lead, finds a value, and lists the fields in use.

Search texts gain the new parts at their end, as
:func:`leaddesk.store.derive.further_search_parts` puts them. On SQLite
the full-text index is rebuilt once afterwards rather than row by row; on
PostgreSQL the trigram index is set aside meanwhile and built again. On
PostgreSQL the new sort columns also get the "C" collation (migration
0003 says why).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BATCH = 2000
_SORTED = (
    ("city", 255), ("postal_code", 32), ("country", 255), ("website", 2048),
    ("address", 1024), ("competitor", 255), ("interest", 16), ("consent", 8),
)  # fmt: skip
_TRIGGER = """CREATE TRIGGER leads_fts_update AFTER UPDATE OF search_text ON leads BEGIN
        INSERT INTO leads_fts(leads_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO leads_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END"""


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("custom_fields", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sort_value", sa.String(length=200), server_default="", nullable=False)
        )
    _fill_sort_values(bind)
    with op.batch_alter_table("custom_fields", schema=None) as batch_op:
        batch_op.create_index(
            "ix_custom_fields_sort", ["name", "sort_value", "lead_id"], unique=False
        )
    if bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE leads "
            + ", ".join(
                f'ALTER COLUMN {name} TYPE varchar({length}) COLLATE "C"'
                for name, length in _SORTED
            )
        )
        op.execute(
            'ALTER TABLE custom_fields ALTER COLUMN sort_value TYPE varchar(200) COLLATE "C"'
        )
    _extend_search_texts(bind)


def downgrade() -> None:
    with op.batch_alter_table("custom_fields", schema=None) as batch_op:
        batch_op.drop_index("ix_custom_fields_sort")
        batch_op.drop_column("sort_value")


def _batches(bind: sa.Connection, query: str, key: str = "id") -> Iterator[Sequence[Any]]:
    """The rows of ``query`` (which keeps keys above ``:after``) in batches."""
    after = 0
    statement = sa.text(f"{query} ORDER BY {key} LIMIT {_BATCH}")
    while True:
        rows = bind.execute(statement, {"after": after}).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _fill_sort_values(bind: sa.Connection) -> None:
    from leaddesk.store.derive import custom_sort_value

    for rows in _batches(
        bind, "SELECT lead_id, name, value FROM custom_fields WHERE lead_id > :after", "lead_id"
    ):
        values = [
            {"lead_id": row.lead_id, "name": row.name, "sort": custom_sort_value(row.value)}
            for row in rows
        ]
        bind.execute(
            sa.text(
                "UPDATE custom_fields SET sort_value = :sort "
                "WHERE lead_id = :lead_id AND name = :name"
            ),
            values,
        )


def _extend_search_texts(bind: sa.Connection) -> None:
    from leaddesk.domain.lead import Lead
    from leaddesk.domain.text import search_document
    from leaddesk.store.derive import further_search_parts

    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS leads_fts_update")
    else:
        op.execute("DROP INDEX IF EXISTS ix_leads_search_trgm")
    for rows in _batches(
        bind,
        "SELECT id, address, postal_code, country, website, competitor FROM leads "
        "WHERE id > :after",
    ):
        ids = [row.id for row in rows]
        custom: dict[int, dict[str, str]] = {}
        found = bind.execute(
            sa.text(
                "SELECT lead_id, name, value FROM custom_fields WHERE lead_id IN :ids"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": ids},
        )
        for lead_id, name, value in found:
            custom.setdefault(lead_id, {})[name] = value
        values = []
        for row in rows:
            lead = Lead(
                address=row.address,
                postal_code=row.postal_code,
                country=row.country,
                website=row.website,
                competitor=row.competitor,
                custom=custom.get(row.id, {}),
            )
            words = search_document(further_search_parts(lead))
            if words:
                values.append({"id": row.id, "words": words})
        if values:
            bind.execute(
                sa.text("UPDATE leads SET search_text = search_text || :words WHERE id = :id"),
                values,
            )
    if sqlite:
        op.execute("INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')")
        op.execute(_TRIGGER)
        return
    try:
        # A savepoint: a server without pg_trgm keeps searching, unindexed.
        with bind.begin_nested():
            bind.exec_driver_sql(
                "CREATE INDEX ix_leads_search_trgm ON leads USING gin (search_text gin_trgm_ops)"
            )
    except DBAPIError:
        pass
