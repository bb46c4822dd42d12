"""What reverting an import would change, so the window can say so before
asking: how many of its new leads are still live (they go to the trash)
and how many leads it merged into (they get their earlier values back)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from leaddesk.store.imports import CREATED, MERGED
from leaddesk.store.schema import ImportBatchLead, LeadRow


@dataclass(frozen=True, slots=True)
class RevertPreview:
    trashed: int
    """New leads still live, which the revert moves to the trash."""
    restored: int
    """Leads the import merged into, which get their earlier values back
    (unless edited since)."""

    @property
    def total(self) -> int:
        return self.trashed + self.restored


def revert_preview(session: Session, batch_id: int) -> RevertPreview:
    def count(action: str) -> int:
        query = (
            select(func.count())
            .select_from(ImportBatchLead)
            .join(LeadRow, LeadRow.id == ImportBatchLead.lead_id)
            .where(
                ImportBatchLead.batch_id == batch_id,
                ImportBatchLead.action == action,
                LeadRow.deleted_at.is_(None),
            )
        )
        return session.scalar(query) or 0

    return RevertPreview(count(CREATED), count(MERGED))
