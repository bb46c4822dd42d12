"""An index of the leads in the trash: the dashboard leaves them out of
every figure and finds them through it, without reading the live leads (on
a million leads, 1.4 s to find a thousand trashed ones by reading every
row; the trash itself lists through it too).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TRASHED = "deleted_at IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_leads_trash",
            ["deleted_at"],
            unique=False,
            sqlite_where=sa.text(_TRASHED),
            postgresql_where=sa.text(_TRASHED),
        )


def downgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_trash")
