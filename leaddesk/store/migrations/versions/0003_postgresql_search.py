"""PostgreSQL only: a trigram index for search, and byte-order sorting.

Search matches word prefixes in ``leads.search_text``, which LeadDesk
already folds (lower case, no accents), so ``LIKE '% term%'`` is the whole
test; a ``pg_trgm`` GIN index answers it without reading every lead. When
the server does not offer ``pg_trgm`` (or the user may not install it) the
index is left out: search still works, more slowly, and
:func:`leaddesk.store.backend.search_notice` says so.

Text that lists are sorted by gets the "C" collation, so a server set up
in any language sorts exactly as SQLite does (the sort columns are folded
already, so byte order is the order a user expects).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SORTED = (
    ("sort_name", 512),
    ("sort_company", 255),
    ("title", 255),
    ("source", 255),
    ("owner", 255),
    ("email_key", 320),
    ("phone", 64),
    ("stage", 16),
    ("temperature", 8),
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE leads "
        + ", ".join(
            f'ALTER COLUMN {name} TYPE varchar({length}) COLLATE "C"' for name, length in _SORTED
        )
        + ', ALTER COLUMN search_text TYPE text COLLATE "C"'
    )
    op.execute('ALTER TABLE tags ALTER COLUMN key TYPE varchar(100) COLLATE "C"')
    try:
        # A savepoint: a refused CREATE EXTENSION must not undo the rest.
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError:
        return
    op.execute("CREATE INDEX ix_leads_search_trgm ON leads USING gin (search_text gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_leads_search_trgm")
