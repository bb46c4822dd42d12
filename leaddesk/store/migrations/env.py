"""Alembic environment: runs on the connection LeadDesk passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from leaddesk.store.schema import Base

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand
    raise SystemExit("Run migrations through LeadDesk, which passes a connection.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite changes tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
