"""The lead database: leads, their contacts, tags, stage history, activities,
import batches, and on SQLite the FTS5 search index with its triggers.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=1024), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("merged", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("needs_review", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("reverted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("key", name=op.f("uq_tags_key")),
    )
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=255), server_default="", nullable=False),
        sa.Column("last_name", sa.String(length=255), server_default="", nullable=False),
        sa.Column("company", sa.String(length=255), server_default="", nullable=False),
        sa.Column("title", sa.String(length=255), server_default="", nullable=False),
        sa.Column("email", sa.String(length=320), server_default="", nullable=False),
        sa.Column("email_key", sa.String(length=320), server_default="", nullable=False),
        sa.Column("phone", sa.String(length=64), server_default="", nullable=False),
        sa.Column("phone_e164", sa.String(length=20), server_default="", nullable=False),
        sa.Column("website", sa.String(length=2048), server_default="", nullable=False),
        sa.Column("address", sa.String(length=1024), server_default="", nullable=False),
        sa.Column("city", sa.String(length=255), server_default="", nullable=False),
        sa.Column("postal_code", sa.String(length=32), server_default="", nullable=False),
        sa.Column("country", sa.String(length=255), server_default="", nullable=False),
        sa.Column("source", sa.String(length=255), server_default="", nullable=False),
        sa.Column("interest", sa.String(length=16), nullable=True),
        sa.Column("interest_manual", sa.Boolean(), nullable=False),
        sa.Column("owner", sa.String(length=255), server_default="", nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("competitor", sa.String(length=255), server_default="", nullable=False),
        sa.Column("consent", sa.String(length=8), nullable=False),
        sa.Column("consent_at", sa.DateTime(), nullable=True),
        sa.Column("consent_how", sa.String(length=255), server_default="", nullable=False),
        sa.Column("do_not_contact", sa.Boolean(), nullable=False),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("budget", sa.String(length=8), nullable=False),
        sa.Column("authority", sa.String(length=8), nullable=False),
        sa.Column("need", sa.String(length=8), nullable=False),
        sa.Column("timeframe", sa.String(length=8), nullable=False),
        sa.Column("budget_detail", sa.String(length=255), server_default="", nullable=False),
        sa.Column("authority_detail", sa.String(length=255), server_default="", nullable=False),
        sa.Column("need_detail", sa.String(length=255), server_default="", nullable=False),
        sa.Column("timeframe_detail", sa.String(length=255), server_default="", nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("stage_entered_at", sa.DateTime(), nullable=False),
        sa.Column("disqualified_reason", sa.String(length=1024), server_default="", nullable=False),
        sa.Column("temperature", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("enrichment", sa.Integer(), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("review_reasons", sa.Text(), nullable=False),
        sa.Column("sort_name", sa.String(length=512), server_default="", nullable=False),
        sa.Column("sort_company", sa.String(length=255), server_default="", nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batches.id"],
            name=op.f("fk_leads_import_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        for name, columns in _LIVE_INDEXES:
            batch_op.create_index(
                name,
                list(columns),
                unique=False,
                sqlite_where=sa.text("deleted_at IS NULL"),
                postgresql_where=sa.text("deleted_at IS NULL"),
            )
        for name, column, where in _PARTIAL_INDEXES:
            batch_op.create_index(
                name,
                [column],
                unique=False,
                sqlite_where=sa.text(where),
                postgresql_where=sa.text(where),
            )

    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=255), server_default="", nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("duration_seconds", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_activities_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index("ix_activities_kind", ["kind", "occurred_at"], unique=False)
        batch_op.create_index("ix_activities_lead", ["lead_id", "occurred_at"], unique=False)

    op.create_table(
        "custom_fields",
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_custom_fields_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lead_id", "name", name=op.f("pk_custom_fields")),
    )
    op.create_table(
        "import_batch_leads",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_import_batch_leads_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_import_batch_leads_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", "lead_id", name=op.f("pk_import_batch_leads")),
    )
    with op.batch_alter_table("import_batch_leads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_batch_leads_lead_id"), ["lead_id"], unique=False
        )

    op.create_table(
        "lead_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_lead_contacts_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_contacts")),
    )
    with op.batch_alter_table("lead_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_contacts_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_contacts_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "lead_tags",
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_lead_tags_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_lead_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("lead_id", "tag_id", name=op.f("pk_lead_tags")),
    )
    with op.batch_alter_table("lead_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_tags_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=16), nullable=True),
        sa.Column("to_stage", sa.String(length=16), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=1024), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_stage_changes_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_changes")),
    )
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.create_index("ix_stage_changes_lead", ["lead_id", "changed_at"], unique=False)
        batch_op.create_index("ix_stage_changes_to_stage", ["to_stage", "changed_at"], unique=False)

    op.create_table(
        "activity_tags",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_tags_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_activity_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("activity_id", "tag_id", name=op.f("pk_activity_tags")),
    )
    with op.batch_alter_table("activity_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_tags_tag_id"), ["tag_id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_SEARCH_DROP:
            op.execute(statement)
    # Dropping a table drops its indexes.
    for table in (
        "activity_tags",
        "stage_changes",
        "lead_tags",
        "lead_contacts",
        "import_batch_leads",
        "custom_fields",
        "activities",
        "leads",
        "tags",
        "settings",
        "import_batches",
    ):
        op.drop_table(table)


# Search index: FTS5 over leads.search_text (already folded by LeadDesk),
# with a prefix index so search-as-you-type never scans, kept in step by
# triggers. External content: the text is stored once, in leads.
#
# Bulk loads (imports, demo data) put a row in bulk_load inside their own
# transaction: the triggers then stand aside and the loader indexes its
# rows with one INSERT ... SELECT, about five times faster than a trigger
# firing per row. Other connections never see that row.
_SQLITE_SEARCH = (
    "CREATE TABLE bulk_load (owner INTEGER)",
    "CREATE VIRTUAL TABLE leads_fts USING fts5("
    "search_text, content='leads', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    """CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads
    WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
        INSERT INTO leads_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
        INSERT INTO leads_fts(leads_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER leads_fts_update AFTER UPDATE OF search_text ON leads BEGIN
        INSERT INTO leads_fts(leads_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO leads_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
)
_SQLITE_SEARCH_DROP = (
    "DROP TRIGGER IF EXISTS leads_fts_update",
    "DROP TRIGGER IF EXISTS leads_fts_delete",
    "DROP TRIGGER IF EXISTS leads_fts_insert",
    "DROP TABLE IF EXISTS leads_fts",
    "DROP TABLE IF EXISTS bulk_load",
)

_LIVE_INDEXES = (
    ("ix_leads_sort_name", ("sort_name", "id")),
    ("ix_leads_sort_company", ("sort_company", "id")),
    ("ix_leads_created_at", ("created_at", "id")),
    ("ix_leads_score", ("score", "id")),
    ("ix_leads_stage", ("stage", "score", "id")),
    ("ix_leads_id_name", ("id", "sort_name")),
)
_PARTIAL_INDEXES = (
    ("ix_leads_email_key", "email_key", "email_key != ''"),
    ("ix_leads_phone_e164", "phone_e164", "phone_e164 != ''"),
    ("ix_leads_next_follow_up", "next_follow_up", "next_follow_up IS NOT NULL"),
    ("ix_leads_needs_review", "id", "needs_review"),
    ("ix_leads_import_batch_id", "import_batch_id", "import_batch_id IS NOT NULL"),
)
