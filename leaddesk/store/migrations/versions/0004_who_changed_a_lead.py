"""Who last saved each lead, and an index on when: several people on one
database see who changed a lead under them, and a window notices others'
changes by asking for the latest ``updated_at`` (an index lookup).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("updated_by", sa.String(length=255), server_default="", nullable=False)
        )
        batch_op.create_index("ix_leads_updated_at", ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_updated_at")
        batch_op.drop_column("updated_by")
