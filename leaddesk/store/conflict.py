"""Two people saved the same lead: what each changed, and merging the two
field by field.

``base`` is the lead as it was when this user opened it, ``mine`` what they
want to save, ``theirs`` what someone else saved meanwhile. A field only one
side changed goes through as that side has it; a field both changed is the
user's choice. The merge carries ``theirs``' version, so saving it checks
again that nobody saved in between.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from leaddesk.domain.lead import Lead

EDITABLE = (
    "first_name", "last_name", "company", "title", "email", "phone", "emails", "phones",
    "website", "address", "city", "postal_code", "country", "source", "interest", "owner",
    "tags", "competitor", "consent", "consent_at", "consent_how", "do_not_contact",
    "next_follow_up", "bant", "stage", "disqualified_reason", "notes", "custom",
)  # fmt: skip
"""The fields a person edits (the rest the store derives)."""


class Keep(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field the two saves disagree on."""

    name: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def both_changed(self) -> bool:
        return bool(self.mine != self.base and self.theirs != self.base)


def differences(base: Lead, mine: Lead, theirs: Lead) -> list[FieldChange]:
    """The fields where the user's lead and the stored one differ."""
    found = []
    for name in EDITABLE:
        old, ours, other = (getattr(lead, name) for lead in (base, mine, theirs))
        if ours != other:
            found.append(FieldChange(name, old, ours, other))
    return found


def default_choice(change: FieldChange) -> Keep:
    """Whose value a field keeps unless the user says otherwise: the side
    that changed it; the user's own when both did."""
    if change.mine == change.base:
        return Keep.THEIRS
    return Keep.MINE


def merge(base: Lead, mine: Lead, theirs: Lead, choices: dict[str, Keep] | None = None) -> Lead:
    """``theirs`` with the fields chosen (or by default taken) from ``mine``."""
    choices = choices or {}
    values = {}
    for change in differences(base, mine, theirs):
        keep = choices.get(change.name, default_choice(change))
        if keep is Keep.MINE:
            values[change.name] = change.mine
    # Whichever numbers are kept, each is read with the region it came with.
    values["phone_regions"] = {**mine.phone_regions, **theirs.phone_regions}
    return replace(theirs, **values)
