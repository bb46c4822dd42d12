"""The forms in which names and company names are compared when telling
whether two leads are one person.

A name compares without case, accents, punctuation, word order and a
courtesy title ("Dr. Anna Schmidt" is "Schmidt, Anna"), and across the
usual transliteration of umlauts and other letters: "Müller" is both
"Muller" and "Mueller", "Søren" both "Soren" and "Soeren". A company name
compares the same way, without its legal form as well ("Müller & Söhne
GmbH" is "Mueller & Soehne", "ACME Ltd." is "Acme").

Each text has one or two *spellings* (:func:`name_spellings`,
:func:`company_spellings`): two texts are the same name when they share a
spelling. Their *key* (:func:`key_of`) is looser still, so that every
spelling of a name has the same key: the store keeps it indexed, to find
the leads worth comparing without reading them all.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from leaddesk.domain.text import fold

# Letters spelled with two where a keyboard lacks them (German, Nordic).
_EXPANDED = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae", "œ": "oe"}
)
# Those pairs written back as one letter (an e after a, o or u dropped, a
# doubled a made single): every spelling's key agrees.
_AFTER_VOWEL = re.compile(r"(?<=[aou])e+")
_DOUBLE_A = re.compile(r"a{2,}")
_JOINED = re.compile(r"[.'’`´/]+")
_APART = re.compile(r"[^\w]+|_+")

TITLES = frozenset(
    ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "mme", "mlle", "mevrouw",
     "dhr", "sig", "sigra", "dott")
)  # fmt: skip
"""Courtesy titles a name is compared without ("Dr." but not "Jr.": a
father and his son are two people)."""

LEGAL_FORMS = frozenset(
    (
        "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "gbr", "ug", "ev", "eg", "se", "co", "cie",
        "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "llp",
        "lp", "plc", "pllc", "pc", "sa", "sarl", "sas", "sasu", "eurl", "snc", "sci", "bv", "nv",
        "vof", "cv", "pty", "pte", "pvt", "private", "ab", "as", "asa", "aps", "oy", "oyj", "spa",
        "srl", "sl", "slu", "sapa", "kk", "gk", "sro", "ooo", "oao", "zao", "pao", "bhd", "sdn",
        "kft", "zrt", "nyrt", "doo", "ltda", "sac", "saa", "eireli", "sprl", "bvba", "cvba", "scrl",
        "sc", "scs",
    )
)  # fmt: skip
"""Legal forms a company name is compared without, after punctuation is
gone ("S.A." is "sa", "B.V." is "bv", "Sp. z o.o." is "sp z oo"): those
at the end of the name, as many as there are ("GmbH & Co. KG")."""
_LEGAL_PHRASES = (("sp", "z", "oo"), ("sp", "k"), ("sp", "j"))
"""Polish legal forms of several words, each too short to drop alone."""


def name_spellings(first: str, last: str) -> tuple[str, ...]:
    """The spellings of a person's name; () for no name."""
    return _spellings(f"{first} {last}", person=True)


def company_spellings(company: str) -> tuple[str, ...]:
    """The spellings of a company name; () for none."""
    return _spellings(company, person=False)


@lru_cache(maxsize=65536)
def key_of(spellings: tuple[str, ...]) -> str:
    """The key every spelling of the same name shares ("" for none): the
    words of the first spelling with two-letter transliterations written
    as one, in order (a spelling's words are ordered by their own letters,
    which the contraction changes)."""
    if not spellings:
        return ""
    return " ".join(sorted(_contracted(spellings[0]).split()))


def _contracted(text: str) -> str:
    """Two-letter transliterations written as one ("ae" as "a")."""
    return _DOUBLE_A.sub("a", _AFTER_VOWEL.sub("", text))


def name_key(first: str, last: str) -> str:
    return key_of(name_spellings(first, last))


def company_key(company: str) -> str:
    return key_of(company_spellings(company))


@lru_cache(maxsize=65536)
def _spellings(text: str, *, person: bool) -> tuple[str, ...]:
    # Names and companies repeat from row to row: worth remembering.
    if not text.strip():
        return ()
    if text.isascii():
        words = _kept(text.lower(), person)
        return (_joined(words, person),) if words else ()
    composed = unicodedata.normalize("NFC", text).casefold()
    folded = _kept(fold(composed), person)
    expanded = _kept(fold(composed.translate(_EXPANDED)), person)
    if not folded:
        return ()
    if len(expanded) != len(folded):
        combinations: Iterable[Sequence[str]] = (folded, expanded)
    else:
        # Each word either way: "Jurgen Mueller" is "Jürgen Müller" too.
        choices = [(a,) if a == b else (a, b) for a, b in zip(folded, expanded, strict=True)]
        several = sum(len(choice) > 1 for choice in choices)
        combinations = itertools.product(*choices) if several <= 3 else (folded, expanded)
    return tuple(dict.fromkeys(_joined(words, person) for words in combinations))


def _kept(folded: str, person: bool) -> list[str]:
    """The words compared: without courtesy titles or legal forms."""
    words = _APART.sub(" ", _JOINED.sub("", folded)).split()
    if person:
        return [word for word in words if word not in TITLES] or words
    # Legal forms are looked for as the key will hold the words (see
    # key_of): "Äb" folds to the legal form "ab", and "Aeb", the same word
    # transliterated, must lose it too.
    contracted = [_contracted(word) for word in words]
    end = len(words)
    while end > 1:
        phrase = next((p for p in _LEGAL_PHRASES if tuple(contracted[end - len(p) : end]) == p), ())
        if phrase and end > len(phrase):
            end -= len(phrase)
        elif contracted[end - 1] in LEGAL_FORMS:
            end -= 1
        else:
            break
    return words[:end]


def _joined(words: Sequence[str], person: bool) -> str:
    # A person's words in any order ("Smith John"); a company's as written.
    return " ".join(sorted(words) if person else words)


def same_spelling(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names (or two companies) are the same, given their
    spellings; False when either is empty."""
    return bool(a and b) and not set(a).isdisjoint(b)


_NICKNAMES = {
    "robert": "bob bobby rob robbie bert",
    "william": "bill billy will willy liam",
    "james": "jim jimmy jamie",
    "john": "jack johnny",
    "michael": "mike mick mickey",
    "richard": "rick ricky dick rich",
    "thomas": "tom tommy",
    "anthony": "tony",
    "andrew": "andy drew",
    "david": "dave davy",
    "daniel": "dan danny",
    "christopher": "chris kit",
    "matthew": "matt",
    "nicholas": "nick nicky",
    "samuel": "sam sammy",
    "benjamin": "ben benny",
    "alexander": "alex sandy",
    "joseph": "joe joey",
    "steven": "steve",
    "stephen": "steve",
    "edward": "ed eddie ted ned",
    "charles": "charlie chuck",
    "peter": "pete",
    "patrick": "pat paddy",
    "timothy": "tim",
    "gregory": "greg",
    "jonathan": "jon jonny",
    "frederick": "fred freddie",
    "lawrence": "larry",
    "ronald": "ron ronnie",
    "donald": "don donnie",
    "kenneth": "ken kenny",
    "gerald": "gerry jerry",
    "raymond": "ray",
    "elizabeth": "liz lizzie beth betty eliza lisa",
    "katherine": "kate katie kathy kat",
    "catherine": "cathy cat",
    "margaret": "maggie meg peggy greta",
    "jennifer": "jen jenny",
    "susan": "sue susie",
    "deborah": "debbie deb",
    "patricia": "patty tricia trish",
    "rebecca": "becky becca",
    "victoria": "vicky tori",
    "jessica": "jess jessie",
    "christine": "chris chrissy tina",
    "alexandra": "alex sandra",
    "samantha": "sam",
    "barbara": "barb babs",
    "dorothy": "dot dottie",
    "johannes": "hans jo",
    "josef": "sepp",
    "wolfgang": "wolf",
    "friedrich": "fritz",
    "francisco": "paco pancho",
    "jose": "pepe",
    "giuseppe": "beppe peppe",
    "francesco": "cecco",
}
FORMAL_NAMES: dict[str, tuple[str, ...]] = {}
"""Common short forms of first names and the names they stand for
("Bob" for Robert, "Hans" for Johannes, "Chris" for Christopher or
Christine): a name that differs only so is a possible duplicate, never a
sure one."""
for _formal, _short in _NICKNAMES.items():
    for _nickname in _short.split():
        FORMAL_NAMES[_nickname] = (*FORMAL_NAMES.get(_nickname, ()), _formal)
