from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.stages import Stage, check_move, sal_overdue

READY = Bant(budget=Answer.YES, authority=Answer.YES)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(list(Stage), repeat=2)))
def test_every_move_rule(current: Stage, target: Stage) -> None:
    for bant in (READY, Bant(), Bant(budget=Answer.YES), Bant(authority=Answer.YES)):
        check = check_move(bant, current, target)
        if target is current:
            assert check.is_free
        elif target is Stage.DISQUALIFIED:
            assert check.needs_reason and not check.confirmation
        elif target is Stage.SQL:
            ready = bant.budget is Answer.YES and bant.authority is Answer.YES
            assert bool(check.confirmation) is not ready
            assert not check.needs_reason
        else:
            assert check.is_free


def test_sql_confirmation_names_what_is_missing() -> None:
    assert (
        "Budget and Authority are not confirmed"
        in check_move(Bant(), Stage.SAL, Stage.SQL).confirmation
    )
    only_authority = check_move(Bant(budget=Answer.YES), Stage.SAL, Stage.SQL)
    assert only_authority.confirmation.startswith("Authority is not confirmed")


def test_sal_service_level_marks_only_waiting_mqls() -> None:
    entered = datetime(2026, 1, 1, 9, 0)
    assert not sal_overdue(Stage.MQL, entered, entered + timedelta(days=2))
    assert sal_overdue(Stage.MQL, entered, entered + timedelta(days=2, minutes=1))
    assert sal_overdue(Stage.MQL, entered, entered + timedelta(days=4), days=3)
    assert not sal_overdue(Stage.SAL, entered, entered + timedelta(days=30))


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Marketing Qualified Lead", Stage.MQL),
        ("M.Q.L.", Stage.MQL),
        ("sql", Stage.SQL),
        ("Sales Qualified Lead", Stage.SQL),
        ("Opportunity", Stage.SQL),
        ("Subscriber", Stage.NEW),
        ("Lead", Stage.NEW),
        ("Customer", Stage.CUSTOMER),
        ("Closed Lost", Stage.DISQUALIFIED),
        ("Evaluating", None),
    ],
)
def test_stage_names_from_other_tools(text: str, stage: Stage | None) -> None:
    assert Stage.parse(text) is stage


def test_funnel_order() -> None:
    assert [s.value for s in Stage.funnel()] == ["new", "mql", "sal", "sql", "customer"]
    assert Stage.DISQUALIFIED.position == len(Stage) - 1
