"""Text folding and search terms shared by every database backend.

Search must be case- and accent-insensitive ("chloe" finds "Chloé"), so the
store keeps a folded search document per lead and folds queries the same
way; the folding happens here, once, rather than in each database's SQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter and a mark.
_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})
_WORD = re.compile(r"[^\W_]+")
_NOT_DIGITS = re.compile(r"[^0-9]+")
_PHONE_QUERY = re.compile(r"^\+?[\d\s().\-/]+$")


def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text`` for matching and sorting."""
    if text.isascii():
        return text.lower()
    return _fold_unicode(text)


@lru_cache(maxsize=16384)
def _fold_unicode(text: str) -> str:
    # Names, companies and cities repeat from lead to lead, and folding
    # beyond ASCII takes two normalisations: worth remembering.
    # Compatibility forms first (𝑨 → A), then case, then drop the marks.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_EXTRA)


def digits(text: str) -> str:
    if text.isascii():
        return _NOT_DIGITS.sub("", text)
    return "".join(ch for ch in text if ch.isdigit())


def phone_terms(typed: str, e164: str | None = None, national: str | None = None) -> list[str]:
    """Digit strings under which a phone number can be found: the digits as
    typed, the E.164 digits, the national number, and the last seven digits
    (people often type a number from its local part)."""
    terms = [t for t in (digits(typed), (e164 or "").lstrip("+"), national or "") if t]
    longest = max(terms, key=len, default="")
    if len(longest) > 7:
        terms.append(longest[-7:])
    return list(dict.fromkeys(terms))


def search_document(parts: Iterable[str | None]) -> str:
    """The words of every searchable part of a lead, folded, each preceded
    by a space: " chloe dubois lumiere sarl chloe lumiere fr 33612345678".

    Splitting here into the same words as :func:`query_terms` makes "a word
    starts with the term" the same test everywhere: a full-text index
    prefix match, or the plain substring " term" in this text.
    """
    words = []
    for part in parts:
        if not part:
            continue
        if part.isascii() and part.isdigit():
            words.append(" " + part)  # a phone's digits: one word as it is
        elif "@" in part:
            words.append(_split_words(part))  # an address rarely repeats
        else:
            words.append(_words(part))
    return "".join(words)


def _split_words(part: str) -> str:
    return "".join([" " + word for word in _WORD.findall(fold(part))])


# Most other parts of a lead (names, companies, cities, titles) repeat.
_words = lru_cache(maxsize=16384)(_split_words)


_SCHEME = re.compile(r"^\s*[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def site_words(url: str) -> str:
    """A website as search finds it: without the scheme and "www." that
    every address shares ("https://www.lumiere.fr" → "lumiere.fr")."""
    site = _SCHEME.sub("", url.strip())
    return site[4:] if site[:4].lower() == "www." else site


def query_terms(query: str) -> list[str]:
    """The prefix terms a typed search stands for.

    A query that looks like a phone number ("+1 (415) 555-26") becomes one
    run of digits so it matches the digits stored for phones; anything else
    is split into folded words.
    """
    query = query.strip()
    if not query:
        return []
    if _PHONE_QUERY.match(query) and len(digits(query)) >= 3:
        return [digits(query)]
    return _WORD.findall(fold(query))
