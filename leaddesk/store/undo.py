"""What leads were before a change, so that undoing it puts back exactly
that: one way to undo, whatever the change was.

:func:`change` reads, before a change runs, the columns it may write
(``columns``: a stage move names stage, its entered-at time, the reason and
the score; a saved lead names every column) and, if asked, the further
contacts, tags and custom fields; after it has run, it notes the stage
changes and activities it added. :func:`put_back` writes those columns and
children back and deletes the rows the change added, so the lead, its
stage history and its activity log are as they were.

Two things move forward instead: ``version`` (someone who read the lead
before the undo must not save over it unawares) and ``updated_at`` /
``updated_by`` (an undo is a change, and other windows on a team's database
find changes by them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from leaddesk.domain.clock import utcnow
from leaddesk.store.bulk import table
from leaddesk.store.leads import LeadNotFound, editor
from leaddesk.store.schema import (
    ActivityRow,
    CustomField,
    LeadContact,
    LeadRow,
    LeadTag,
    StageChangeRow,
)

T = TypeVar("T")

_BOOKKEEPING = {"id", "version", "updated_at", "updated_by"}
EVERY_COLUMN: tuple[str, ...] = tuple(
    c.name for c in LeadRow.__table__.columns if c.name not in _BOOKKEEPING
)
"""The columns of a lead that an undo puts back: all but its id and the
bookkeeping that moves forward."""

STAGE_COLUMNS = ("stage", "stage_entered_at", "disqualified_reason", "score")
"""What :func:`leaddesk.store.leads.move_stage` writes."""
ACTIVITY_COLUMNS = ("last_activity_at", "next_follow_up", "score")
"""What :func:`leaddesk.store.leads.add_activity` writes."""
TAG_COLUMNS = ("search_text",)
"""What a tag added or removed writes besides the tag itself."""
TRASH_COLUMNS = ("deleted_at",)

CONTACTS, TAGS, CUSTOM = "contacts", "tags", "custom"
EVERY_CHILD = (CONTACTS, TAGS, CUSTOM)

_CHUNK = 500
"""Ids per IN list: a bulk change reaches 100,000 leads, more than one
SQLite statement takes parameters."""


@dataclass(slots=True)
class LeadsBefore:
    """Leads as they were before one change."""

    columns: tuple[str, ...]
    rows: dict[int, tuple[Any, ...]]
    """Each lead's ``columns``, in that order."""
    children: dict[str, dict[int, list[tuple[Any, ...]]]] = field(default_factory=dict)
    """Per kind of child asked for, each lead's rows of it."""
    added_history: list[int] = field(default_factory=list)
    """Stage changes the change recorded."""
    added_activities: list[int] = field(default_factory=list)
    """Activities the change logged."""

    @property
    def ids(self) -> list[int]:
        return list(self.rows)


def change(
    session: Session,
    lead_ids: Sequence[int],
    columns: Iterable[str],
    action: Callable[[], T],
    *,
    children: Iterable[str] = (),
) -> tuple[T, LeadsBefore]:
    """Runs ``action`` (a change to the leads ``lead_ids`` that writes at
    most ``columns`` and the ``children`` named) and returns its result
    with what :func:`put_back` needs to undo it."""
    before = remember(session, lead_ids, columns, children=children)
    last_change = session.scalar(select(func.max(StageChangeRow.id))) or 0
    last_activity = session.scalar(select(func.max(ActivityRow.id))) or 0
    result = action()
    session.flush()
    ours = set(before.rows)
    before.added_history = [
        row_id
        for row_id, lead_id in session.execute(
            select(StageChangeRow.id, StageChangeRow.lead_id).where(StageChangeRow.id > last_change)
        )
        if lead_id in ours
    ]
    before.added_activities = [
        row_id
        for row_id, lead_id in session.execute(
            select(ActivityRow.id, ActivityRow.lead_id).where(ActivityRow.id > last_activity)
        )
        if lead_id in ours
    ]
    return result, before


def remember(
    session: Session,
    lead_ids: Sequence[int],
    columns: Iterable[str],
    *,
    children: Iterable[str] = (),
) -> LeadsBefore:
    """The leads' ``columns`` (and ``children``) as they are now."""
    names = tuple(dict.fromkeys(columns))
    unknown = set(names) - set(EVERY_COLUMN)
    if unknown:
        raise ValueError(f"Not columns an undo puts back: {', '.join(sorted(unknown))}")
    leads = table("leads").c
    rows: dict[int, tuple[Any, ...]] = {}
    for chunk in _chunks(lead_ids):
        query = select(leads.id, *(leads[n] for n in names)).where(leads.id.in_(chunk))
        for row in session.execute(query):
            rows[row[0]] = tuple(row[1:])
    before = LeadsBefore(names, rows)
    for kind in dict.fromkeys(children):
        before.children[kind] = _read_children(session, kind, list(rows))
    return before


def put_back(session: Session, before: LeadsBefore, *, now: datetime | None = None) -> None:
    """Undoes the change ``before`` was taken for. Raises
    :class:`~leaddesk.store.leads.LeadNotFound` when one of the leads was
    deleted for good meanwhile (nothing is written then)."""
    now = now or utcnow()
    ids = before.ids
    present: set[int] = set()
    for chunk in _chunks(ids):
        present.update(session.scalars(select(LeadRow.id).where(LeadRow.id.in_(chunk))))
    missing = [i for i in ids if i not in present]
    if missing:
        raise LeadNotFound(missing[0])
    for start in range(0, len(before.added_history), _CHUNK):
        added = before.added_history[start : start + _CHUNK]
        session.execute(delete(StageChangeRow).where(StageChangeRow.id.in_(added)))
    for start in range(0, len(before.added_activities), _CHUNK):
        added = before.added_activities[start : start + _CHUNK]
        session.execute(delete(ActivityRow).where(ActivityRow.id.in_(added)))
    if ids:
        # The table, not the ORM class: one UPDATE executed for every lead.
        leads = table("leads")
        values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in before.columns}
        values.update(updated_at=now, updated_by=editor(session), version=leads.c.version + 1)
        statement = update(leads).where(leads.c.id == bindparam("lead")).values(values)
        parameters = [
            {"lead": lead_id, **{f"v_{n}": v for n, v in zip(before.columns, row, strict=True)}}
            for lead_id, row in before.rows.items()
        ]
        session.execute(statement, parameters)
    for kind, rows in before.children.items():
        _write_children(session, kind, ids, rows)
    session.flush()


_CHILDREN: dict[str, tuple[Any, tuple[str, ...]]] = {
    CONTACTS: (LeadContact, ("kind", "value", "key", "position")),
    TAGS: (LeadTag, ("tag_id",)),
    CUSTOM: (CustomField, ("name", "value")),
}


def _read_children(session: Session, kind: str, ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    model, names = _CHILDREN[kind]
    found: dict[int, list[tuple[Any, ...]]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        query = select(model.lead_id, *(getattr(model, n) for n in names)).where(
            model.lead_id.in_(chunk)
        )
        for row in session.execute(query):
            found[row[0]].append(tuple(row[1:]))
    return found


def _write_children(
    session: Session, kind: str, ids: list[int], rows: dict[int, list[tuple[Any, ...]]]
) -> None:
    """Puts each lead's ``kind`` rows back, touching only leads whose rows
    differ from what they were."""
    now = _read_children(session, kind, ids)
    changed = [i for i in ids if sorted(now[i]) != sorted(rows[i])]
    if not changed:
        return
    model, names = _CHILDREN[kind]
    for chunk in _chunks(changed):
        session.execute(delete(model).where(model.lead_id.in_(chunk)))
    records = [
        {"lead_id": lead_id, **dict(zip(names, row, strict=True))}
        for lead_id in changed
        for row in rows[lead_id]
    ]
    if records:
        session.execute(insert(model), records)


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])
