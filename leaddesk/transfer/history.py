"""What reverting an import would change, so the window can say so before
asking: how many of its new leads are still live (they go to the trash),
how many leads it merged into get their earlier values back, and how many
of both were edited since the import."""

from __future__ import annotations

import json
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
    """Leads the import merged into and nobody edited since, which get their
    earlier values back."""
    edited_new: int = 0
    """New leads edited since the import (a field, a stage, a call logged):
    they go to the trash too, with those edits."""
    kept: int = 0
    """Leads the import merged into that were edited since: the revert
    leaves them as they are."""

    @property
    def total(self) -> int:
        """Leads the revert changes."""
        return self.trashed + self.restored

    @property
    def edited(self) -> int:
        """Leads of the import edited since it."""
        return self.edited_new + self.kept


def revert_preview(session: Session, batch_id: int) -> RevertPreview:
    live = (
        select(LeadRow.version, ImportBatchLead.before)
        .join(LeadRow, LeadRow.id == ImportBatchLead.lead_id)
        .where(ImportBatchLead.batch_id == batch_id, LeadRow.deleted_at.is_(None))
    )
    created = live.where(ImportBatchLead.action == CREATED).subquery()
    trashed, edited_new = session.execute(
        select(func.count(), func.count().filter(created.c.version > 1)).select_from(created)
    ).one()
    restored = kept = 0
    # As revert_batch decides: a merged lead is put back unless its version
    # moved since the import wrote it.
    for version, before in session.execute(live.where(ImportBatchLead.action == MERGED)):
        if not before:
            continue
        if json.loads(before).get("version_after") == version:
            restored += 1
        else:
            kept += 1
    return RevertPreview(trashed or 0, restored, edited_new or 0, kept)
