"""Reading a row's qualification: its source, interest, stage and lead
status, BANT answers (a budget given as an amount included), consent,
do-not-contact, follow-up and dates.

Source, Stage and Lead status values are read as the user chose in the
import wizard, else as proposed (see :mod:`leaddesk.transfer.mapped_values`);
nothing in them is dropped. The rows of LeadDesk's own export are read as
it wrote them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from leaddesk.domain.bant import Answer, Bant, Criterion
from leaddesk.domain.lead import Lead
from leaddesk.domain.sources import interest_for, normalize_source
from leaddesk.domain.stages import Stage
from leaddesk.transfer.answers import parse_amount, parse_answer
from leaddesk.transfer.fields import Field
from leaddesk.transfer.mapped_values import chosen, value_key
from leaddesk.transfer.values import (
    parse_consent,
    parse_date,
    parse_datetime,
    parse_interest,
    parse_stage,
)

if TYPE_CHECKING:
    from leaddesk.transfer.convert import _Row

F = Field
BANT_FIELDS = tuple(
    (criterion.value, Field(criterion.value), Field(f"{criterion.value}_detail"))
    for criterion in Criterion
)
QUALIFICATION = frozenset(
    {
        F.INTEREST, F.STAGE, F.LEAD_STATUS, F.CONSENT, F.CONSENT_AT, F.DO_NOT_CONTACT,
        F.NEXT_FOLLOW_UP, F.CREATED_AT, F.LAST_ACTIVITY_AT,
    }
    | {f for _, answer, detail in BANT_FIELDS for f in (answer, detail)}
)  # fmt: skip
"""Fields besides the source that qualification reads: a row with none of
them keeps the defaults of a new lead."""


class Qualification:
    """The qualification of one row being converted."""

    def __init__(self, row: _Row) -> None:
        self.row = row

    def read(self, lead: Lead) -> None:
        source = self.source()
        lead.source = source
        if self.row.values.keys().isdisjoint(QUALIFICATION):
            return
        interest = self.row.parsed(F.INTEREST, parse_interest, "inbound or outbound")
        if interest is not None and interest is not interest_for(normalize_source(source)):
            lead.interest = interest
        stage = self.stage(F.STAGE)
        from_status = self.stage(F.LEAD_STATUS, beside=stage)
        if stage is None:
            stage = from_status
        if stage is not None:
            lead.stage = stage
        self.bant_and_consent(lead)

    def source(self) -> str:
        """The lead's source: an export's as stored (only LeadDesk's labels
        to undo); another file's as chosen or proposed for the value (see
        mapped_values), the value itself when it names no source, and kept
        in full when it says more than the source it names."""
        typed = self.row.text(F.SOURCE)
        if self.row.exact or not typed:
            return normalize_source(typed) or self.row.default_source
        choice = chosen(self.row.value_choices, F.SOURCE, typed)
        if choice.target and not choice.plain:
            self.row.custom.setdefault(self.row.values[F.SOURCE][0][0], typed)
        return choice.target or typed

    def stage(self, target: Field, *, beside: Stage | None = None) -> Stage | None:
        """The stage a Stage or Lead status cell names, as chosen or proposed
        for its value; a value that names no stage, or says more than the
        stage it names, or is not the stage already given ``beside`` it, is
        kept in a custom field named after its column."""
        if self.row.exact:
            stage: Stage | None = self.row.parsed(target, parse_stage, "a stage LeadDesk knows")
            return stage
        value, name = self.row.single(target)
        if not value:
            return None
        choices = self.row.value_choices
        choice = chosen(choices, target, value)
        named = Stage(choice.target) if choice.target else None
        decided = value_key(value) in choices.get(target.value, {})
        if named is None and target is F.STAGE and not decided:
            message = "Not a stage LeadDesk knows; kept as a custom field."
            self.row.keep(target, name, value, message)
        elif not choice.plain or (beside is not None and named is not beside):
            self.row.custom.setdefault(name, value)
        return named

    def bant_and_consent(self, lead: Lead) -> None:
        answers: dict[str, Any] = {}
        for criterion, target, detail_field in BANT_FIELDS:
            detail = self.row.text(detail_field)
            value, name = self.row.single(target)
            answer = parse_answer(value) if value else Answer.UNKNOWN
            if answer is None and target is F.BUDGET:
                # "50k", "€ 20.000": the budget is there, and this much.
                answer = parse_amount(value)
                if answer is not None:
                    detail = self.budget_detail(name, value, detail)
            if answer is None:
                answer = Answer.UNKNOWN
                if detail:
                    self.row.keep(
                        target, name, value, "Not yes, no or unknown; kept as a custom field."
                    )
                else:
                    detail = value
                    self.row.note(target, value, "Not yes, no or unknown; kept as the detail.")
            answers[criterion] = answer
            answers[detail_field.value] = detail
        lead.bant = Bant(**answers)
        consent = self.row.parsed(F.CONSENT, parse_consent, "yes, no or unknown")
        lead.consent_at = self.row.parsed(F.CONSENT_AT, self.moment, "a date")
        if consent is None and lead.consent_at is not None:
            consent = Answer.YES  # a recorded opt-in time means they opted in
        lead.consent = consent or Answer.UNKNOWN
        for name, text in self.row.values.get(F.DO_NOT_CONTACT, []):
            answer = parse_answer(text)
            if answer is None:
                message = "Not yes or no; kept as a custom field."
                self.row.keep(F.DO_NOT_CONTACT, name, text, message)
            elif answer is Answer.YES:
                lead.do_not_contact = True
        follow_up = self.row.parsed(F.NEXT_FOLLOW_UP, self.moment, "a date")
        lead.next_follow_up = follow_up.date() if follow_up else None
        lead.created_at = self.row.parsed(F.CREATED_AT, self.moment, "a date")
        lead.last_activity_at = self.row.parsed(F.LAST_ACTIVITY_AT, self.moment, "a date")

    def budget_detail(self, name: str, amount: str, detail: str) -> str:
        """The detail of a budget given as an amount: the amount, and the
        detail column's text after it when there is one."""
        if not detail or detail == amount:
            return amount
        combined = f"{amount}; {detail}"
        if len(combined) > self.row.limits[F.BUDGET_DETAIL]:
            self.row.custom.setdefault(name, amount)
            return detail
        return combined

    def moment(self, text: str) -> datetime | None:
        found = parse_datetime(text, self.row.region)
        if found is None:
            day = parse_date(text, self.row.region)
            found = datetime(day.year, day.month, day.day) if day else None
        return found
