"""Indexes the dashboard reads instead of the lead rows: leads by source
and by temperature (live leads only), and stage changes by the stage left.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_LIVE = "deleted_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_leads_source_mix",
            ["source", "interest", "temperature", "stage", "created_at"],
            unique=False,
            sqlite_where=sa.text(_LIVE),
            postgresql_where=sa.text(_LIVE),
        )
        batch_op.create_index(
            "ix_leads_temperature",
            ["temperature", "created_at"],
            unique=False,
            sqlite_where=sa.text(_LIVE),
            postgresql_where=sa.text(_LIVE),
        )
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stage_changes_from_stage", ["from_stage", "changed_at", "lead_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_stage_changes_from_stage")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_temperature")
        batch_op.drop_index("ix_leads_source_mix")
