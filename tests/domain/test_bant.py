from __future__ import annotations

import itertools

import pytest

from leaddesk.domain.bant import Answer, Bant, Criterion, Temperature, temperature_of


@pytest.mark.parametrize("answers", list(itertools.product(list(Answer), repeat=4)))
def test_temperature_follows_the_number_of_yes(answers: tuple[Answer, ...]) -> None:
    bant = Bant(*answers)
    met = answers.count(Answer.YES)
    expected = Temperature.HOT if met == 4 else Temperature.WARM if met else Temperature.COLD
    assert bant.temperature is expected
    assert temperature_of(*answers) is expected
    assert bant.met == met


def test_boundaries_by_name() -> None:
    yes, no, unknown = Answer.YES, Answer.NO, Answer.UNKNOWN
    assert Bant(yes, yes, yes, yes).temperature is Temperature.HOT
    assert Bant(yes, yes, yes, no).temperature is Temperature.WARM
    assert Bant(yes, unknown, unknown, unknown).temperature is Temperature.WARM
    assert Bant(no, no, no, no).temperature is Temperature.COLD
    assert Bant().temperature is Temperature.COLD


def test_missing_names_what_keeps_a_lead_from_hot() -> None:
    bant = Bant(Answer.YES, Answer.UNKNOWN, Answer.YES, Answer.UNKNOWN)
    assert bant.missing() == "Authority and Timeframe unknown"
    assert bant.describe() == "Warm — Authority and Timeframe unknown"
    mixed = Bant(Answer.NO, Answer.UNKNOWN, Answer.UNKNOWN, Answer.YES)
    assert mixed.missing() == "Budget no; Authority and Need unknown"
    assert Bant(*[Answer.YES] * 4).describe() == "Hot"
    assert Bant().missing() == "Budget, Authority, Need and Timeframe unknown"


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Yes", Answer.YES),
        ("y", Answer.YES),
        ("TRUE", Answer.YES),
        ("1", Answer.YES),
        (True, Answer.YES),
        ("no", Answer.NO),
        ("N", Answer.NO),
        ("false", Answer.NO),
        ("0", Answer.NO),
        ("", Answer.UNKNOWN),
        ("unknown", Answer.UNKNOWN),
        (None, Answer.UNKNOWN),
        ("maybe later", None),
    ],
)
def test_answers_are_read_as_spreadsheets_write_them(text: object, answer: Answer | None) -> None:
    assert Answer.parse(text) is answer


def test_toggle_cycles_through_all_answers() -> None:
    seen = [Answer.UNKNOWN]
    for _ in range(3):
        seen.append(seen[-1].cycled())
    assert seen == [Answer.UNKNOWN, Answer.YES, Answer.NO, Answer.UNKNOWN]


def test_with_answer_and_detail_change_one_criterion() -> None:
    bant = Bant().with_answer(Criterion.NEED, Answer.YES).with_detail(Criterion.NEED, "CRM")
    assert bant.need is Answer.YES
    assert bant.detail(Criterion.NEED) == "CRM"
    assert bant.budget is Answer.UNKNOWN
