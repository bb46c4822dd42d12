from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from leaddesk.domain.text import fold, phone_terms, query_terms


def test_fold_removes_case_and_accents() -> None:
    assert fold("Chloé") == "chloe"
    assert fold("SØREN Åberg") == "soren aberg"
    assert fold("Straße") == "strasse"
    assert fold("Łukasz") == "lukasz"


@given(st.text())
def test_folding_is_stable(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_queries_split_into_folded_word_prefixes() -> None:
    assert query_terms("  Chloé  Dup ") == ["chloe", "dup"]
    assert query_terms("jean.dupont@acme") == ["jean", "dupont", "acme"]
    assert query_terms("") == []


def test_phone_like_queries_become_one_run_of_digits() -> None:
    assert query_terms("+1 (415) 555-26") == ["141555526"]
    assert query_terms("555 2671") == ["5552671"]
    assert query_terms("42") == ["42"]  # too short to be a phone: a word


def test_phones_are_found_by_full_national_and_local_digits() -> None:
    terms = phone_terms("(415) 555-2671", "+14155552671", "4155552671")
    assert terms == ["4155552671", "14155552671", "5552671"]
