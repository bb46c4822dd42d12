"""The region each phone number was read with: a number written without a
country code ("0049 (40) 289-3308", "(415) 555-0199") means something only
with its region, so every later check of that number uses the same one,
whatever the database's default region has become.

``leads.phone_region`` is the region of the lead's numbers; a further
number read with another region says so in ``lead_contacts.region``.

Numbers already stored get the region that gives back the E.164 form they
were stored with: the database's default region, else the number's own
country. A number stored without one (it was not valid) gets the default
region, which it was checked with. Numbers written with "+" and their
country code need no region and are left as they are.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("phone_region", sa.String(length=8), server_default="", nullable=False)
        )
    with op.batch_alter_table("lead_contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("region", sa.String(length=8), server_default="", nullable=False)
        )
    _remember_regions(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("lead_contacts", schema=None) as batch_op:
        batch_op.drop_column("region")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_column("phone_region")


def _remember_regions(bind: sa.Connection) -> None:
    from leaddesk.domain.contact import default_region, is_region

    stored = bind.execute(sa.text("SELECT value FROM settings WHERE key = 'phone_region'"))
    setting = stored.scalar()
    default = setting if setting and is_region(setting) else default_region()
    national = "ltrim({0}) NOT LIKE '+%' AND ltrim({0}) != ''"
    # A batch at a time, in id order: a million leads are never all in memory.
    for rows in _batches(
        bind,
        "SELECT id, phone, phone_e164 FROM leads WHERE id > :after AND " + national.format("phone"),
    ):
        values = [
            {"id": row.id, "region": _region_read(row.phone, row.phone_e164, default)}
            for row in rows
        ]
        bind.execute(sa.text("UPDATE leads SET phone_region = :region WHERE id = :id"), values)
    for rows in _batches(
        bind,
        "SELECT lead_contacts.id, value, key, leads.phone_region FROM lead_contacts "
        "JOIN leads ON leads.id = lead_contacts.lead_id "
        "WHERE lead_contacts.id > :after AND kind = 'phone' AND " + national.format("value"),
        "lead_contacts.id",
    ):
        values = []
        for row in rows:
            e164 = row.key if row.key.startswith("+") else ""
            region = _region_read(row.value, e164, row.phone_region or default)
            if region != row.phone_region:
                values.append({"id": row.id, "region": region})
        if values:
            bind.execute(
                sa.text("UPDATE lead_contacts SET region = :region WHERE id = :id"), values
            )


def _batches(bind: sa.Connection, query: str, key: str = "id") -> Iterator[Sequence[Any]]:
    """The rows of ``query`` (which keeps ids above ``:after``) in batches."""
    after = 0
    statement = sa.text(f"{query} ORDER BY {key} LIMIT {_BATCH}")
    while True:
        rows = bind.execute(statement, {"after": after}).all()
        if not rows:
            return
        yield rows
        after = rows[-1].id


def _region_read(typed: str, e164: str, default: str) -> str:
    """The region that reads ``typed`` as ``e164``: ``default`` first, else
    the number's own country; ``default`` for a number stored as invalid."""
    if not e164:
        return default
    import phonenumbers

    from leaddesk.domain.contact import check_phone

    if check_phone(typed, default).e164 == e164:
        return default
    try:
        own = phonenumbers.region_code_for_number(phonenumbers.parse(e164, None)) or ""
    except phonenumbers.NumberParseException:
        return default
    return own if own and check_phone(typed, own).e164 == e164 else default
