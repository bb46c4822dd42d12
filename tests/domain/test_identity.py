"""The forms names and companies are compared in: the same person written
differently is the same, different people stay different."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leaddesk.domain.identity import (
    company_key,
    company_spellings,
    name_key,
    name_spellings,
    same_spelling,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Beta GmbH", "Beta GmbH."),
        ("Gamma AG", "Gamma"),
        ("Müller & Söhne GmbH", "Mueller & Soehne GmbH"),
        ("Müller & Söhne GmbH", "Muller & Sohne"),
        ("ACME Ltd.", "Acme Ltd"),
        ("Acme Inc", "ACME, Inc."),
        ("Lumière S.A.", "Lumiere SA"),
        ("Holland B.V.", "Holland BV"),
        ("Kangaroo Pty Ltd", "Kangaroo"),
        ("Widgets LLC", "widgets"),
        ("Brit plc", "BRIT PLC"),
        ("Paris SARL", "Paris"),
        ("Müller GmbH & Co. KG", "Müller"),
        ("Kowalski Sp. z o.o.", "Kowalski"),
        ("Søren Design ApS", "Soeren Design"),
    ],
)
def test_companies_compare_without_legal_form_punctuation_and_case(a: str, b: str) -> None:
    assert same_spelling(company_spellings(a), company_spellings(b))
    assert company_key(a) == company_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme", "Acme Labs"),
        ("Beta", "Betamax"),
        ("Berlin Zoo", "Berlin"),
        ("North Wind", "Northwind Traders"),
    ],
)
def test_different_companies_stay_different(a: str, b: str) -> None:
    assert not same_spelling(company_spellings(a), company_spellings(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Thomas", "Müller"), ("Thomas", "Mueller")),
        (("Thomas", "Müller"), ("THOMAS", "MULLER")),
        (("Jürgen", "Groß"), ("Juergen", "Gross")),
        (("Søren", "Kierkegaard"), ("Soeren", "Kierkegaard")),
        (("Chloé", "Lefèvre"), ("Chloe", "Lefevre")),
        (("Dr. Anna", "Schmidt"), ("Anna", "Schmidt")),
        (("Smith", "John"), ("John", "Smith")),
        (("Jean-Luc", "O'Brien"), ("Jean Luc", "OBrien")),
    ],
)
def test_names_compare_across_transliteration_accents_order_and_titles(
    a: tuple[str, str], b: tuple[str, str]
) -> None:
    assert same_spelling(name_spellings(*a), name_spellings(*b))
    assert name_key(*a) == name_key(*b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("John", "Smith"), ("Jon", "Smith")),
        (("Joe", "Smith"), ("Jo", "Smith")),
        (("Michael", "Ross"), ("Michal", "Ross")),
        (("John", "Smith"), ("John", "Smith Jr")),
        (("Mueller", ""), ("Muller", "")),
    ],
)
def test_names_a_letter_apart_are_not_the_same(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert not same_spelling(name_spellings(*a), name_spellings(*b))


_LETTERS = st.text(
    alphabet=st.sampled_from("abcdefgßäöüøåæœéèñ -.'"), min_size=1, max_size=16
).filter(lambda text: any(ch.isalpha() for ch in text))


@given(first=_LETTERS, last=_LETTERS, company=_LETTERS)
def test_every_spelling_of_a_name_has_the_same_key(first: str, last: str, company: str) -> None:
    # The key is what the store looks people up by: a spelling that does
    # not share it would never be compared.
    transliterated = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa"})
    for text, other in [(first, first.translate(transliterated)), (first, first.upper())]:
        assert name_key(text, last) == name_key(other, last)
        assert same_spelling(name_spellings(text, last), name_spellings(other, last))
    assert company_key(company) == company_key(company.translate(transliterated).title())


def test_each_word_may_be_transliterated_or_not() -> None:
    assert same_spelling(name_spellings("Jürgen", "Müller"), name_spellings("Jurgen", "Mueller"))
    assert same_spelling(
        company_spellings("Müller & Söhne"), company_spellings("Mueller & Sohne GmbH")
    )
