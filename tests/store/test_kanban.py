"""The kanban's reads: counts and budget totals per stage, and the cards of
a stage page by page in each order, against a small known set of leads."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage
from leaddesk.store.database import Database
from leaddesk.store.kanban import (
    CardOrder,
    StageBudget,
    budget_amount,
    stage_budgets,
    stage_cards,
    stage_counts,
)
from leaddesk.store.leads import insert_leads
from leaddesk.store.queries import LeadQuery, LeadSummary
from tests.conftest import NOW

YES = Answer.YES


def _lead(first: str, last: str, stage: Stage, bant: Bant, **more: Any) -> Lead:
    return Lead(
        first_name=first, last_name=last, company=f"{last} Ltd", stage=stage, bant=bant, **more
    )


LEADS = [
    _lead("Ada", "Lovelace", Stage.SQL, Bant(YES, YES, budget_detail="25k per year"),
          next_follow_up=date(2026, 6, 20), last_activity_at=datetime(2026, 6, 1)),
    _lead("Ben", "Ortiz", Stage.SQL, Bant(YES, YES, YES, YES, budget_detail="$50,000")),
    _lead("Cleo", "Park", Stage.SQL, Bant(YES, budget_detail="tbd"),
          next_follow_up=date(2026, 6, 1)),
    _lead("Dan", "Wu", Stage.SQL, Bant(Answer.NO, budget_detail="100k"),
          next_follow_up=date(2026, 6, 10), last_activity_at=datetime(2026, 6, 14)),
    _lead("Eve", "Stone", Stage.MQL, Bant(YES, budget_detail="10–20k")),
    _lead("Finn", "Hale", Stage.NEW, Bant()),
    _lead("Gus", "Trashed", Stage.SQL, Bant(YES, budget_detail="1M"), deleted_at=NOW),
]  # fmt: skip


@pytest.fixture
def board(db: Database) -> Database:
    with db.session() as session:
        insert_leads(session, LEADS, now=NOW, region="US")
    return db


def names(cards: list[LeadSummary]) -> list[str]:
    return [card.first_name for card in cards]


def test_counts_every_stage_of_live_leads(board: Database) -> None:
    with board.read() as session:
        counts = stage_counts(session, LeadQuery())
    assert counts == {
        Stage.NEW: 1,
        Stage.MQL: 1,
        Stage.SAL: 0,
        Stage.SQL: 4,
        Stage.CUSTOMER: 0,
        Stage.DISQUALIFIED: 0,
    }


def test_budget_totals_add_confirmed_budgets_that_read_as_amounts(board: Database) -> None:
    with board.read() as session:
        budgets = stage_budgets(session, LeadQuery())
    # Ada 25k + Ben 50,000; Cleo's "tbd" and Dan's unconfirmed budget are left
    # out, and so is the trashed lead.
    assert budgets[Stage.SQL] == StageBudget(75_000, 2)
    assert budgets[Stage.MQL] == StageBudget(10_000, 1)  # a range counts at its lower end
    assert budgets[Stage.NEW] == StageBudget()


def test_search_and_filters_narrow_counts_budgets_and_cards(board: Database) -> None:
    with board.read() as session:
        searched = LeadQuery(search="park")
        assert stage_counts(session, searched)[Stage.SQL] == 1
        assert stage_budgets(session, searched)[Stage.SQL] == StageBudget()
        assert names(stage_cards(session, searched, Stage.SQL)) == ["Cleo"]
        only_mql = LeadQuery(stages=(Stage.MQL,))
        assert stage_counts(session, only_mql)[Stage.SQL] == 0
        assert stage_cards(session, only_mql, Stage.SQL) == []
        assert names(stage_cards(session, only_mql, Stage.MQL)) == ["Eve"]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (CardOrder.NAME, ["Ada", "Ben", "Cleo", "Dan"]),
        # Earliest follow-up first; a lead with none comes last.
        (CardOrder.FOLLOW_UP, ["Cleo", "Dan", "Ada", "Ben"]),
        # Most recent activity first; no activity last, newest lead first.
        (CardOrder.LAST_ACTIVITY, ["Dan", "Ada", "Cleo", "Ben"]),
    ],
)
def test_cards_come_in_the_chosen_order(
    board: Database, order: CardOrder, expected: list[str]
) -> None:
    with board.read() as session:
        assert names(stage_cards(session, LeadQuery(), Stage.SQL, order)) == expected


def test_best_scores_first(board: Database) -> None:
    with board.read() as session:
        cards = stage_cards(session, LeadQuery(), Stage.SQL, CardOrder.SCORE)
    scores = [card.score for card in cards]
    assert scores == sorted(scores, reverse=True)
    assert cards[0].first_name == "Ben"  # the one with all four BANT answers yes


@pytest.mark.parametrize("order", list(CardOrder))
def test_pages_join_up_without_gaps_or_repeats(board: Database, order: CardOrder) -> None:
    with board.read() as session:
        whole = stage_cards(session, LeadQuery(), Stage.SQL, order, limit=10)
        paged = [
            card
            for offset in range(0, 4, 3)
            for card in stage_cards(session, LeadQuery(), Stage.SQL, order, offset=offset, limit=3)
        ]
    assert [c.id for c in paged] == [c.id for c in whole]
    assert len(whole) == 4


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("25k per year", 25_000),
        ("$50,000", 50_000),
        ("€ 12 000", 12_000),
        ("1.500.000 EUR", 1_500_000),
        ("1,5 Mio", 1_500_000),
        ("2.5M", 2_500_000),
        ("10–20k", 10_000),
        ("between 20 000 and 30 000", None),
        ("5% of revenue", None),
        ("2 seats at 400", None),
        ("Budget for 2027: 10k", None),
        ("tbd", None),
        ("", None),
    ],
)
def test_budget_amount_reads_one_clear_amount(text: str, amount: float | None) -> None:
    assert budget_amount(text) == amount
