"""What the kanban reads: leads per stage, the budget total of each stage,
and the cards of one stage a page at a time in the order the user chose.

Everything follows the window's current :class:`LeadQuery` (search and
filters), and SQL does the counting, grouping and ordering: no function here
loads every lead.

Budgets: a lead's budget is the free text of its BANT Budget detail ("25k per
year", "$50,000", "10–20k"). :func:`budget_amount` reads a number from it
conservatively: only for leads whose Budget is answered *yes*, only when the
text holds one amount (or one range, counted at its lower end), and as
written: no currency or period conversion. Anything else is left out of the
total, and the header says how many leads the total covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from leaddesk.domain.bant import Answer
from leaddesk.domain.stages import Stage
from leaddesk.store.queries import _SUMMARY_COLUMNS, LeadQuery, LeadSummary, _base, _summary
from leaddesk.store.schema import LeadRow


class CardOrder(StrEnum):
    """How the cards of a column are ordered."""

    SCORE = "score"
    FOLLOW_UP = "follow_up"
    LAST_ACTIVITY = "last_activity"
    NAME = "name"


# Each order ends with the id so pages never overlap or skip a card. The
# best leads, the most urgent follow-ups and the most recent activity come
# first; cards with no date go last.
_ORDERS: dict[CardOrder, list[Any]] = {
    CardOrder.SCORE: [LeadRow.score.desc(), LeadRow.id.desc()],
    CardOrder.FOLLOW_UP: [LeadRow.next_follow_up.asc().nulls_last(), LeadRow.id.asc()],
    CardOrder.LAST_ACTIVITY: [LeadRow.last_activity_at.desc().nulls_last(), LeadRow.id.desc()],
    CardOrder.NAME: [LeadRow.sort_name.asc(), LeadRow.id.asc()],
}


@dataclass(frozen=True, slots=True)
class StageBudget:
    """The budgets of a stage's leads that could be read as an amount."""

    total: float = 0.0
    leads: int = 0


def _in_view(query: LeadQuery, stage: Stage) -> bool:
    """Whether the query's stage filter lets this stage's leads through."""
    return not query.stages or stage in query.stages


def stage_counts(session: Session, query: LeadQuery) -> dict[Stage, int]:
    """How many of the query's leads are in each stage (every stage listed)."""
    statement = _base(session, query, LeadRow.stage, func.count()).group_by(LeadRow.stage)
    counts = dict.fromkeys(Stage, 0)
    for stage, count in session.execute(statement):
        counts[Stage(stage)] = count
    return counts


def stage_budgets(session: Session, query: LeadQuery) -> dict[Stage, StageBudget]:
    """The budget total per stage of the query's leads with a confirmed budget.

    Leads are grouped by their budget text, so Python reads each distinct
    text once however many leads share it.
    """
    statement = (
        _base(session, query, LeadRow.stage, LeadRow.budget_detail, func.count())
        .where(LeadRow.budget == str(Answer.YES), LeadRow.budget_detail != "")
        .group_by(LeadRow.stage, LeadRow.budget_detail)
    )
    totals: dict[Stage, list[float]] = {stage: [0.0, 0] for stage in Stage}
    for stage, text, count in session.execute(statement):
        amount = budget_amount(text)
        if amount is not None:
            totals[Stage(stage)][0] += amount * count
            totals[Stage(stage)][1] += count
    return {stage: StageBudget(total, int(leads)) for stage, (total, leads) in totals.items()}


def stage_cards(
    session: Session,
    query: LeadQuery,
    stage: Stage,
    order: CardOrder = CardOrder.SCORE,
    *,
    offset: int = 0,
    limit: int = 50,
) -> list[LeadSummary]:
    """A page of the cards in one stage column, in ``order``."""
    if not _in_view(query, stage):
        return []
    statement = (
        _base(session, replace(query, stages=(stage,)), *_SUMMARY_COLUMNS)
        .order_by(*_ORDERS[order])
        .offset(offset)
        .limit(limit)
    )
    return [_summary(row) for row in session.execute(statement)]


# Amounts: digits with optional thousands groups and decimals, then an
# optional multiplier word. A range is two amounts joined by a dash or "to".
_NUMBER = r"(\d+(?:[.,'\u00a0\u202f ]\d{3})*(?:[.,]\d+)?)"
_SCALE = r"(?:\s*(k|m|mm|mn|mio|bn|thousand|million|billion)\b)?"
_AMOUNT = re.compile(_NUMBER + _SCALE + r"(\s*%)?", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|bis|à)\s*$", re.IGNORECASE)
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}


def _number(text: str) -> float:
    """A number as people type it: "50,000", "1.500.000", "1,5", "12 500"."""
    compact = re.sub(r"['\u00a0\u202f ]", "", text)
    groups = re.split(r"[.,]", compact)
    separators = set(re.findall(r"[.,]", compact))
    if len(groups) == 1:
        return float(compact)
    if len(separators) == 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))  # thousands groups
    return float("".join(groups[:-1]) + "." + groups[-1])  # the last one is the decimal point


@lru_cache(maxsize=4096)
def budget_amount(text: str) -> float | None:
    """The amount a budget text states, or None when it is not one clear
    amount: "25k per year" → 25000, "$50,000" → 50000, "10–20k" → 10000;
    "5% of revenue", "2 seats at 400" or "tbd" → None."""
    found = list(_AMOUNT.finditer(text))
    if not found or len(found) > 2 or any(m.group(3) for m in found):
        return None
    if len(found) == 2 and not _RANGE_JOIN.match(text[found[0].end() : found[1].start()]):
        return None
    first = found[0]
    scale = first.group(2) or found[-1].group(2)
    amount = _number(first.group(1)) * (_SCALES[scale.lower()] if scale else 1.0)
    return amount if amount > 0 else None
