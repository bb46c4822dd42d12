"""Lifecycle stages (the kanban columns) and the rules for moving a lead
between them.

new → mql (marketing qualified) → sal (sales accepted) → sql (sales
qualified) → customer; and disqualified, with a reason, from any stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from leaddesk.domain.bant import Answer, Bant, join_names

DEFAULT_SAL_DAYS = 2
"""Days sales has to accept or reject a marketing-qualified lead."""


class Stage(StrEnum):
    NEW = "new"
    MQL = "mql"
    SAL = "sal"
    SQL = "sql"
    CUSTOMER = "customer"
    DISQUALIFIED = "disqualified"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def long_label(self) -> str:
        return _LONG_LABELS[self]

    @property
    def position(self) -> int:
        """Order in the funnel; disqualified comes last."""
        return list(Stage).index(self)

    @classmethod
    def funnel(cls) -> tuple[Stage, ...]:
        """The stages a lead progresses through, without disqualified."""
        return (cls.NEW, cls.MQL, cls.SAL, cls.SQL, cls.CUSTOMER)

    @classmethod
    def parse(cls, text: str) -> Stage | None:
        """Reads the stage names other tools use ("Marketing Qualified Lead",
        "M.Q.L.", "Opportunity", "Subscriber"…); None when unrecognised."""
        key = "".join(ch for ch in text.casefold() if ch.isalnum())
        return _SYNONYMS.get(key)


_LABELS = {
    Stage.NEW: "New",
    Stage.MQL: "MQL",
    Stage.SAL: "SAL",
    Stage.SQL: "SQL",
    Stage.CUSTOMER: "Customer",
    Stage.DISQUALIFIED: "Disqualified",
}
_LONG_LABELS = {
    Stage.NEW: "New lead",
    Stage.MQL: "Marketing qualified",
    Stage.SAL: "Sales accepted",
    Stage.SQL: "Sales qualified",
    Stage.CUSTOMER: "Customer",
    Stage.DISQUALIFIED: "Disqualified",
}
_SYNONYMS: dict[str, Stage] = {
    **{s.value: s for s in Stage},
    "lead": Stage.NEW,
    "newlead": Stage.NEW,
    "subscriber": Stage.NEW,
    "open": Stage.NEW,
    "notcontacted": Stage.NEW,
    "marketingqualified": Stage.MQL,
    "marketingqualifiedlead": Stage.MQL,
    "salesaccepted": Stage.SAL,
    "salesacceptedlead": Stage.SAL,
    "salesqualified": Stage.SQL,
    "salesqualifiedlead": Stage.SQL,
    "opportunity": Stage.SQL,
    "won": Stage.CUSTOMER,
    "closedwon": Stage.CUSTOMER,
    "client": Stage.CUSTOMER,
    "evangelist": Stage.CUSTOMER,
    "unqualified": Stage.DISQUALIFIED,
    "lost": Stage.DISQUALIFIED,
    "closedlost": Stage.DISQUALIFIED,
    "junk": Stage.DISQUALIFIED,
}


@dataclass(frozen=True, slots=True)
class MoveCheck:
    """What moving a lead to a stage requires from the user.

    ``confirmation`` is a question to ask before the move (empty: none);
    ``needs_reason`` says a reason must be given.
    """

    target: Stage
    confirmation: str = ""
    needs_reason: bool = False

    @property
    def is_free(self) -> bool:
        return not self.confirmation and not self.needs_reason


def check_move(bant: Bant, current: Stage, target: Stage) -> MoveCheck:
    """The conditions for moving a lead from ``current`` to ``target``.

    Any move is allowed (leads go back a stage, and disqualified leads can be
    reopened), but sales qualified means ready, able to decide and able to
    pay: moving to SQL with Budget or Authority not met asks first; and a
    disqualification needs its reason recorded.
    """
    if target is current:
        return MoveCheck(target)
    if target is Stage.DISQUALIFIED:
        return MoveCheck(target, needs_reason=True)
    if target is Stage.SQL:
        unmet = [
            label
            for label, answer in (("Budget", bant.budget), ("Authority", bant.authority))
            if answer is not Answer.YES
        ]
        if unmet:
            verb = "is" if len(unmet) == 1 else "are"
            return MoveCheck(
                target,
                confirmation=(
                    f"{join_names(unmet)} {verb} not confirmed. "
                    "Move this lead to Sales qualified anyway?"
                ),
            )
    return MoveCheck(target)


def sal_deadline(entered_mql: datetime, days: int = DEFAULT_SAL_DAYS) -> datetime:
    """When sales must have accepted or rejected a lead that became an MQL."""
    return entered_mql + timedelta(days=days)


def sal_overdue(
    stage: Stage, entered_stage: datetime, now: datetime, days: int = DEFAULT_SAL_DAYS
) -> bool:
    """True for an MQL that has waited longer than the service level allows."""
    return stage is Stage.MQL and now > sal_deadline(entered_stage, days)
