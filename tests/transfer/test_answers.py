"""BANT cells as people fill them in: yes, no and unknown in seven
languages and with ticks and crosses, and a Budget cell holding an amount,
which means the budget is there (and how much)."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaddesk.domain.bant import Answer
from leaddesk.store.database import Database
from leaddesk.transfer.answers import parse_amount, parse_answer
from tests.transfer.conftest import Importer, all_leads, write_csv

YES = [
    "yes",
    "Y",
    "Ja",
    "jawohl",
    "Oui",
    "Sí",
    "si",
    "Sì",
    "sim",
    "x",
    "X",
    "✓",
    "✔",
    "1",
    "TRUE",
    "wahr",
    "vrai",
    "verdadero",
    "vero",
    "waar",
    "verdadeiro",
    "ok",
    "  Yes. ",
]
NO = [
    "no",
    "N",
    "Nein",
    "non",
    "nee",
    "não",
    "nao",
    "0",
    "false",
    "falsch",
    "faux",
    "falso",
    "onwaar",
    "✗",
    "❌",
    "kein",
    "geen",
    "nenhum",
]
UNKNOWN = ["", "?", "??", "n/a", "N/A", "unknown", "unbekannt", "inconnu", "desconocido",
           "sconosciuto", "onbekend", "desconhecido", "k.A.", "tbd", "-", "—", "vielleicht",
           "peut-être", "quizás", "forse", "misschien", "talvez", "weiß nicht", "no sé",
           "non so", "weet niet", "não sei"]  # fmt: skip
AMOUNTS = ["50k", "€ 20.000", "$1.5M", "20 000 €", "20\u202f000 €", "EUR 5,000", "5.000 EUR",
           "CHF 10'000", "~10k", "10-20k", "20k-30k", "approx. 5000", "£2m", "1,5 Mio. €",
           "100 TEUR", "50k/year", "5000 p.a.", "ca. 20k€", "$50,000 - $100,000", "2 Mio",
           "€50K per year", "USD 1.2 million", "20.000,00 €"]  # fmt: skip
NOT_AMOUNTS = ["01.03.2024", "2024-05-01", "Q3", "next year", "CEO", "no budget yet",
               "1-2 years", "depends"]  # fmt: skip


@pytest.mark.parametrize(("words", "answer"), [(YES, Answer.YES), (NO, Answer.NO),
                                                (UNKNOWN, Answer.UNKNOWN)])  # fmt: skip
def test_answers_in_many_languages(words: list[str], answer: Answer) -> None:
    assert {word: parse_answer(word) for word in words} == dict.fromkeys(words, answer)


def test_amounts_are_budgets_and_other_text_is_not() -> None:
    assert {a: parse_amount(a) for a in AMOUNTS} == dict.fromkeys(AMOUNTS, Answer.YES)
    assert {t: parse_amount(t) for t in NOT_AMOUNTS} == dict.fromkeys(NOT_AMOUNTS)
    assert parse_amount("0 €") is Answer.NO


def test_a_budget_column_of_amounts_imports_without_problems(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    rows = [["Name", "Email", "Budget", "Budget notes", "Authority", "Need", "Timeframe"]]
    rows += [[f"Person {i}", f"p{i}@example.com", amount, "", "ja", "✓", "?"]
             for i, amount in enumerate(AMOUNTS)]  # fmt: skip
    rows.append(["Ana Ruiz", "ana@example.com", "€ 20.000", "approved by the CFO", "nein", "",
                 "n/a"])  # fmt: skip
    rows.append(["Bo Lind", "bo@example.com", "depends on the board", "", "", "", ""])
    report = import_file(write_csv(tmp_path / "owners-sheet.csv", rows))
    assert report.created == len(AMOUNTS) + 2
    # Only the one cell nobody can read as a budget is a problem.
    assert [(p.field, p.value) for p in report.problems] == [("budget", "depends on the board")]
    leads = {lead.email: lead for lead in all_leads(db)}
    first = leads["p0@example.com"].bant
    assert (first.budget, first.budget_detail, first.authority, first.need, first.timeframe) == (
        Answer.YES, "50k", Answer.YES, Answer.YES, Answer.UNKNOWN
    )  # fmt: skip
    ana = leads["ana@example.com"].bant
    assert (ana.budget, ana.budget_detail, ana.authority) == (
        Answer.YES, "€ 20.000; approved by the CFO", Answer.NO
    )  # fmt: skip
    assert all(lead.bant.budget is Answer.YES for e, lead in leads.items() if e[0] == "p")
