"""Leaving the trash out of the dashboard's history.

The leads half of the dashboard reads only live leads through the partial
indexes. The stage history and the activities have no such index: testing
each row's lead costs a seek into the wide lead rows (seconds on a million
leads). The trash is found through its own index (``ix_leads_trash``)
instead, usually empty; then no row needs testing. Otherwise the trashed
ids are read once, and each statement leaves them out (the funnel, which
reads lead by lead, checks the leads it reads; the feedback counts the
trashed leads' own and takes it away).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from leaddesk.store.schema import LeadRow

LISTED = 10_000
"""Up to this many trashed leads, their ids are given to each statement
(well under SQLite's 32,766 parameters); a larger trash is left out through
a subquery, which each statement reads again."""


@dataclass(frozen=True, slots=True)
class Trash:
    """The leads in the trash, as the dashboard leaves them out."""

    ids: tuple[int, ...] = ()
    count: int = 0

    def keeps(self, lead_id: Any) -> ColumnElement[bool]:
        """Whether the lead ``lead_id`` (a column) is not in the trash."""
        if not self.count:
            return true()
        if len(self.ids) == self.count:
            return lead_id.not_in(self.ids)  # type: ignore[no-any-return]
        trashed = select(LeadRow.id).where(LeadRow.deleted_at.is_not(None))
        return lead_id.not_in(trashed)  # type: ignore[no-any-return]

    def among(self, session: Session, lead_ids: Sequence[int]) -> set[int]:
        """Which of ``lead_ids`` are in the trash."""
        if not self.count:
            return set()
        if len(self.ids) == self.count:
            return set(self.ids).intersection(lead_ids)
        found: set[int] = set()
        for start in range(0, len(lead_ids), LISTED):
            found.update(
                session.scalars(
                    select(LeadRow.id).where(
                        LeadRow.id.in_(lead_ids[start : start + LISTED]),
                        LeadRow.deleted_at.is_not(None),
                    )
                )
            )
        return found


def read_trash(session: Session) -> Trash:
    """The trash, read through ``ix_leads_trash``."""
    trashed = LeadRow.deleted_at.is_not(None)
    count = session.scalar(select(func.count()).where(trashed)) or 0
    if not count:
        return Trash()
    if count > LISTED:
        return Trash(count=count)
    ids = session.scalars(select(LeadRow.id).where(trashed)).all()
    return Trash(tuple(ids), len(ids))
