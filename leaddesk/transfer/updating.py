"""Importing a file that updates existing leads: LeadDesk's own export,
edited in a spreadsheet program and imported back with "update existing
leads" (``leaddesk import --on-duplicate update``).

A row whose Lead ID names a lead of this database is written over that
lead: every field the file has a column for takes the row's value (an
emptied cell empties the field), while fields the file has no column for,
and the lead's activities, stay as they are. Rows without an ID are
imported like any other row: new leads, or merged into a lead they repeat.

The updated leads are written with the import's merges, which keep each
lead's earlier state in the import's record, so reverting the import puts
every updated lead back as it was.

A Lead ID that cannot be this database's (its key is another database's),
or that names a lead deleted or in the trash since, updates nothing: the
row is imported like a row without an ID, and the report says why.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from leaddesk.domain.lead import Lead
from leaddesk.domain.text import fold
from leaddesk.store import settings
from leaddesk.store.imports import MergeWrite, lead_state
from leaddesk.store.reading import get_leads
from leaddesk.transfer.columns import lead_id_text
from leaddesk.transfer.convert import Problem, RowConverter
from leaddesk.transfer.duplicates import Reason
from leaddesk.transfer.fields import Field
from leaddesk.transfer.mapping import Mapping
from leaddesk.transfer.prepare import Prepared, lead_of
from leaddesk.transfer.report import MERGED, SKIPPED, Outcome

if TYPE_CHECKING:
    from leaddesk.transfer.merging import Writer

F = Field
_BANT = (
    F.BUDGET, F.AUTHORITY, F.NEED, F.TIMEFRAME,
    F.BUDGET_DETAIL, F.AUTHORITY_DETAIL, F.NEED_DETAIL, F.TIMEFRAME_DETAIL,
)  # fmt: skip
_COVERS: dict[Field, tuple[str, ...]] = {
    F.FIRST_NAME: ("first_name",),
    F.MIDDLE_NAME: ("first_name",),
    F.LAST_NAME: ("last_name",),
    F.FULL_NAME: ("first_name", "last_name"),
    F.EMAIL: ("email", "emails"),
    F.PHONE: ("phone", "phones"),
    F.PHONE_E164: ("phone", "phones"),
    F.LEAD_STATUS: ("stage",),
    **{
        target: (target.value,)
        for target in (
            F.COMPANY, F.TITLE, F.WEBSITE, F.ADDRESS, F.CITY, F.POSTAL_CODE, F.COUNTRY,
            F.SOURCE, F.INTEREST, F.OWNER, F.TAGS, F.NOTES, F.COMPETITOR, F.CONSENT,
            F.CONSENT_AT, F.CONSENT_HOW, F.DO_NOT_CONTACT, F.NEXT_FOLLOW_UP, F.STAGE,
            F.DISQUALIFIED_REASON,
        )
    },
    **{target: (f"bant.{target.value}",) for target in _BANT},
}  # fmt: skip
"""The lead attributes a column of each field sets. Not the creation and
last activity times: they are the lead's history, not something to edit."""


def covered(mapping: Mapping, converter: RowConverter) -> tuple[set[str], set[str]]:
    """The attributes a file's columns set, and the custom fields its
    columns hold (by name, as the import names them)."""
    attributes = {name for c in mapping.columns for name in _COVERS.get(c.field, ())}
    custom = {name for _, target, name in converter.plan if target is F.CUSTOM}
    return attributes, custom


def updated(stored: Lead, incoming: Lead, attributes: set[str], custom: set[str]) -> Lead:
    """``stored`` with the row's values in every attribute it covers."""
    result = replace(
        stored,
        emails=list(stored.emails),
        phones=list(stored.phones),
        tags=list(stored.tags),
    )
    answers = {}
    for name in attributes:
        if name.startswith("bant."):
            answers[name[5:]] = getattr(incoming.bant, name[5:])
            continue
        value = getattr(incoming, name)
        setattr(result, name, list(value) if isinstance(value, list) else value)
    if answers:
        result.bant = replace(stored.bant, **answers)
    # Each number keeps the region it was read with, the file's when it says.
    result.phone_regions = {**stored.phone_regions, **incoming.phone_regions}
    kept = {name: value for name, value in stored.custom.items() if name not in custom}
    result.custom = kept | incoming.custom
    return result


def _comparable(lead: Lead) -> dict[str, object]:
    state = lead_state(lead)
    state["tags"] = sorted(lead.tags, key=fold)
    return state


class Updates:
    """The rows of one import that name a lead by its ID, written over it
    by the import's :class:`~leaddesk.transfer.merging.Writer`."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.key = settings.database_key(writer.session)
        self.attributes, self.custom = covered(writer.context.mapping, writer.converter)
        self.stored: dict[int, Lead] = {}
        self.updated_by: dict[int, int] = {}
        """Lead id → the row that updated it."""
        self.foreign = False

    def ours(self, item: Prepared) -> int | None:
        """The id of the lead a row names, if it can be this database's."""
        if item.reference is None or item.keys is None:
            return None
        lead_id, key = item.reference
        return lead_id if not key or key == self.key else None

    def look_up(self, chunk: list[Prepared]) -> None:
        """Reads the leads this chunk's rows name, all at once."""
        ids = {i for item in chunk if (i := self.ours(item)) is not None}
        wanted = sorted(ids - self.updated_by.keys())
        self.stored = get_leads(self.writer.session, wanted) if wanted else {}

    def take(self, item: Prepared) -> bool:
        """Updates the lead a row names; False for a row to import as usual."""
        if item.reference is None or item.keys is None:
            return False
        report = self.writer.report
        lead_id = self.ours(item)
        written = lead_id_text(*item.reference)
        if lead_id is None:
            if not self.foreign:
                self.foreign = True
                self._problem(
                    item,
                    written,
                    "This Lead ID is another LeadDesk database's; rows with such IDs are "
                    "imported as new leads (or merged into a lead they repeat).",
                )
            return False
        if lead_id in self.updated_by:
            first = self.updated_by[lead_id]
            self._problem(
                item, written, f"Row {first} updated this lead already; this row was skipped."
            )
            report.skipped_duplicates += 1
            outcome = Outcome(item.row, SKIPPED, matched_by=Reason.LEAD_ID.value)
            outcome.because = f"row {first} updated this lead already"
            self.writer.settled(item, lead_id, outcome)
            return True
        stored = self.stored.get(lead_id)
        if stored is None or stored.deleted_at is not None:
            where = "is in the trash" if stored is not None else "is no longer in the database"
            self._problem(
                item, written, f"The lead with this ID {where}; the row was imported as a new lead."
            )
            return False
        result = updated(stored, lead_of(item, self.writer.converter), self.attributes, self.custom)
        self.updated_by[lead_id] = item.row
        outcome = Outcome(item.row, MERGED, matched_by=Reason.LEAD_ID.value)
        self.writer.settled(item, lead_id, outcome)
        if _comparable(result) == _comparable(stored):
            report.skipped_duplicates += 1
            report.unchanged += 1
            outcome.action, outcome.because = SKIPPED, "changes nothing"
            return True
        self.writer.merges[lead_id] = MergeWrite(stored, result)
        report.merged += 1
        report.updated += 1
        return True

    def _problem(self, item: Prepared, value: str, message: str) -> None:
        self.writer.report.problems.append(Problem(item.row, F.LEAD_ID.value, value, message))
