"""What imports recognise people by: each lead's name and company keys
(names without accents, titles or word order, companies without their
legal form, across transliterations such as ü/ue), an index to look
people up by them and by a phone number kept as typed, and the rows of
each import with the lead each went into.

The keys of existing leads are computed here by the same functions that
compute them for every lead saved from now on.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_LIVE = "deleted_at IS NULL"
_TYPED_PHONE = "phone_e164 = '' AND phone != ''"
_BATCH = 5_000


def upgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_key", sa.String(length=512), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("company_key", sa.String(length=255), server_default="", nullable=False)
        )
    _fill_keys()
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_leads_identity",
            ["company_key", "name_key"],
            unique=False,
            sqlite_where=sa.text(_LIVE),
            postgresql_where=sa.text(_LIVE),
        )
        batch_op.create_index(
            "ix_leads_typed_phone",
            ["phone"],
            unique=False,
            sqlite_where=sa.text(_TYPED_PHONE),
            postgresql_where=sa.text(_TYPED_PHONE),
        )
    op.create_table(
        "import_rows",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_import_rows_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_import_rows_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", "row", name=op.f("pk_import_rows")),
    )
    with op.batch_alter_table("import_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_rows_identity"), ["identity"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_rows_lead_id"), ["lead_id"], unique=False)


def _fill_keys() -> None:
    from leaddesk.domain.identity import company_key, name_key

    bind = op.get_bind()
    leads = sa.table(
        "leads",
        sa.column("id", sa.Integer),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("company", sa.String),
        sa.column("name_key", sa.String),
        sa.column("company_key", sa.String),
    )
    update = (
        sa.update(leads)
        .where(leads.c.id == sa.bindparam("_id"))
        .values(name_key=sa.bindparam("_name"), company_key=sa.bindparam("_company"))
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(leads.c.id, leads.c.first_name, leads.c.last_name, leads.c.company)
            .where(leads.c.id > last)
            .order_by(leads.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        changes = [
            {"_id": lead_id, "_name": name, "_company": company}
            for lead_id, first, last_name, company_name in rows
            for name, company in [(name_key(first, last_name), company_key(company_name))]
            if name or company
        ]
        if changes:
            bind.execute(update, changes)
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("import_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_rows_lead_id"))
        batch_op.drop_index(batch_op.f("ix_import_rows_identity"))
    op.drop_table("import_rows")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_typed_phone")
        batch_op.drop_index("ix_leads_identity")
        batch_op.drop_column("company_key")
        batch_op.drop_column("name_key")
