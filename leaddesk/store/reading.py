"""Reading many full leads at once (with their further contacts, tags and
custom fields): one query per table for a whole group of ids, for export
and for merging imported rows into existing leads."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from leaddesk.domain.lead import Lead
from leaddesk.store.backend import SearchPlan
from leaddesk.store.derive import lead_from_row, remember_contact_region
from leaddesk.store.queries import LeadQuery, lead_ids
from leaddesk.store.schema import CustomField, LeadContact, LeadRow, LeadTag, Tag

GROUP = 1000


def get_leads(session: Session, ids: Sequence[int]) -> dict[int, Lead]:
    """The leads with these ids (those that exist), keyed by id."""
    result: dict[int, Lead] = {}
    # Core statements on the connection: the session would run each row
    # through the ORM's loading machinery, for nothing.
    connection = session.connection()
    for start in range(0, len(ids), GROUP):
        chunk = list(ids[start : start + GROUP])
        rows = connection.execute(select(LeadRow.__table__).where(LeadRow.id.in_(chunk)))
        regions: dict[int, str] = {}
        for row in rows:
            result[row.id] = lead_from_row(row)
            regions[row.id] = row.phone_region
        contacts = connection.execute(
            select(LeadContact.lead_id, LeadContact.kind, LeadContact.value, LeadContact.region)
            .where(LeadContact.lead_id.in_(chunk))
            .order_by(LeadContact.lead_id, LeadContact.kind, LeadContact.position)
        )
        for lead_id, kind, value, region in contacts:
            lead = result[lead_id]
            if kind == "email":
                lead.emails.append(value)
            else:
                lead.phones.append(value)
                remember_contact_region(lead, value, region, regions[lead_id])
        tags = connection.execute(
            select(LeadTag.lead_id, Tag.name)
            .join(Tag, Tag.id == LeadTag.tag_id)
            .where(LeadTag.lead_id.in_(chunk))
            .order_by(LeadTag.lead_id, Tag.key)
        )
        for lead_id, name in tags:
            result[lead_id].tags.append(name)
        custom = connection.execute(
            select(CustomField.lead_id, CustomField.name, CustomField.value)
            .where(CustomField.lead_id.in_(chunk))
            .order_by(CustomField.lead_id, CustomField.name)
        )
        for lead_id, name, value in custom:
            result[lead_id].custom[name] = value
    return result


def lead_groups(session: Session, query: LeadQuery, *, size: int = GROUP) -> Iterator[list[Lead]]:
    """The query's leads in its order, a group at a time."""
    ids = lead_ids(session, query)
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        found = get_leads(session, chunk)
        yield [found[i] for i in chunk if i in found]


def custom_field_names(session: Session, query: LeadQuery) -> list[str]:
    """Custom field names in use among the query's leads, by name."""
    dialect = session.get_bind().dialect.name
    ids = select(LeadRow.id).where(*query.conditions(dialect, SearchPlan.SCAN))
    statement = (
        select(CustomField.name)
        .where(CustomField.lead_id.in_(ids.scalar_subquery()))
        .group_by(CustomField.name)
        .order_by(CustomField.name)
    )
    return list(session.scalars(statement))
