"""The lead as plain data, the shape every layer above the store works with.

The store fills the derived fields (temperature, score, enrichment, the
validation results) whenever it saves a lead; the window and the command
line only ever read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from operator import attrgetter
from typing import Any

from leaddesk.domain.bant import Answer, Bant, Temperature
from leaddesk.domain.sources import Interest, interest_for, source_label
from leaddesk.domain.stages import Stage


class ActivityKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    MESSAGE = "message"
    NOTE = "note"
    FEEDBACK = "feedback"

    @property
    def label(self) -> str:
        return "Product feedback" if self is ActivityKind.FEEDBACK else self.value.capitalize()

    @property
    def contacts_lead(self) -> bool:
        """Whether logging this kind means we reached out to the lead (which
        a do-not-contact lead must be warned about)."""
        return self in (ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.MESSAGE)


@dataclass(slots=True)
class Lead:
    """One lead. ``id`` is None until the store has saved it."""

    id: int | None = None
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    emails: list[str] = field(default_factory=list)
    """Further email addresses, beyond the primary ``email``."""
    phones: list[str] = field(default_factory=list)
    """Further phone numbers, beyond the primary ``phone``, as typed."""
    website: str = ""
    address: str = ""
    city: str = ""
    postal_code: str = ""
    country: str = ""
    source: str = ""
    interest: Interest | None = None
    """None means "as the source implies" (see :attr:`effective_interest`)."""
    owner: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    competitor: str = ""
    consent: Answer = Answer.UNKNOWN
    consent_at: datetime | None = None
    consent_how: str = ""
    do_not_contact: bool = False
    next_follow_up: date | None = None
    bant: Bant = field(default_factory=Bant)
    stage: Stage = Stage.NEW
    disqualified_reason: str = ""
    custom: dict[str, str] = field(default_factory=dict)
    """Columns from imported files that map to no lead field, kept by name."""
    phone_regions: dict[str, str] = field(default_factory=dict)
    """The region each stored phone number was read with, by the number as
    stored. A number written without a country code is checked again with
    its own region, never with whatever the default region is by then; a
    number not in here (typed since the lead was read) is read with the
    default region."""

    # Filled in by the store.
    phone_e164: str = ""
    temperature: Temperature = Temperature.COLD
    score: int = 0
    enrichment: int = 0
    needs_review: bool = False
    review_reasons: str = ""
    stage_entered_at: datetime | None = None
    last_activity_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    version: int = 0

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def display_name(self) -> str:
        """The name, else the company, else the email or phone: never empty
        for a lead the store accepted."""
        return self.name or self.company or self.email or self.phone or "(no name)"

    @property
    def effective_interest(self) -> Interest | None:
        return self.interest or interest_for(self.source)

    @property
    def source_label(self) -> str:
        return source_label(self.source)

    def region_for(self, number: str, default: str) -> str:
        """The region ``number`` (one of this lead's phones) is read with."""
        return self.phone_regions.get(number.strip()) or default

    def has_identity(self) -> bool:
        """A lead needs at least one of name, company, email or phone."""
        return any(
            v.strip()
            for v in (self.first_name, self.last_name, self.company, self.email, self.phone)
        )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickles as plain values: an import's workers send every lead
        they prepare to the writing process, and pickled enum members are
        looked up by calling their class, a third of the time of loading
        a lead."""
        state = list(_STATE(self))
        for index in _ENUM_POSITIONS:
            if state[index] is not None:
                state[index] = state[index].value
        bant = self.bant
        state[_BANT_POSITION] = (
            bant.budget.value, bant.authority.value, bant.need.value, bant.timeframe.value,
            bant.budget_detail, bant.authority_detail, bant.need_detail, bant.timeframe_detail,
        )  # fmt: skip
        return _unpickled_lead, (tuple(state),)


_FIELD_NAMES = tuple(f.name for f in fields(Lead))
_STATE = attrgetter(*_FIELD_NAMES)
_ENUMS: dict[str, dict[str, Any]] = {
    "interest": {member.value: member for member in Interest},
    "consent": {member.value: member for member in Answer},
    "stage": {member.value: member for member in Stage},
    "temperature": {member.value: member for member in Temperature},
}
_ENUM_POSITIONS = tuple(_FIELD_NAMES.index(name) for name in _ENUMS)
_ENUM_LOOKUPS = tuple((_FIELD_NAMES.index(name), members) for name, members in _ENUMS.items())
_BANT_POSITION = _FIELD_NAMES.index("bant")
_ANSWERS = _ENUMS["consent"]


def _unpickled_lead(state: tuple[Any, ...]) -> Lead:
    values = list(state)
    for index, members in _ENUM_LOOKUPS:
        if values[index] is not None:
            values[index] = members[values[index]]
    b, a, n, t, *details = values[_BANT_POSITION]
    values[_BANT_POSITION] = Bant(_ANSWERS[b], _ANSWERS[a], _ANSWERS[n], _ANSWERS[t], *details)
    return Lead(*values)


@dataclass(frozen=True, slots=True)
class Activity:
    """One entry in a lead's activity log."""

    kind: ActivityKind
    occurred_at: datetime
    text: str = ""
    outcome: str = ""
    duration_seconds: int = 0
    tags: tuple[str, ...] = ()
    id: int | None = None
    lead_id: int | None = None


@dataclass(frozen=True, slots=True)
class StageChange:
    """One entry of a lead's stage history."""

    to_stage: Stage
    changed_at: datetime
    from_stage: Stage | None = None
    reason: str = ""
