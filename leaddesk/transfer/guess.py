"""Guessing what a column holds from its values, for a column whose header
names no field (or a file with no header at all): a column of email
addresses is an email column whatever its header says.

Contact values are recognised by their shape alone; names and companies
only in a column whose header says nothing ("", "Column 3", "Feld1"),
where there is no other way to find them.
"""

from __future__ import annotations

import re

from leaddesk.transfer.fields import Field

F = Field
MOST = 0.8
"""Share of a column's values that must fit for a guess."""

_EMAIL = re.compile(r"(?:mailto:)?[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]{2,}")
_EMAILS = re.compile(rf"{_EMAIL.pattern}(?:\s*[,;]\s*{_EMAIL.pattern})*\Z", re.IGNORECASE)
_PHONE = re.compile(r"(?:tel:)?\+?[0-9][0-9 ().\-/]{5,22}(?:\s*(?:x|ext\.?|#)\s*[0-9]{1,6})?\Z")
_FORMATTED_PHONE = re.compile(r"[+ ()\-/.]")
_DATE = re.compile(r"[0-9]{1,4}([./-])[0-9]{1,2}\1[0-9]{1,4}\Z")
_WEBSITE = re.compile(
    r"(?:https?://|www\.)\S+\Z|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?\Z", re.IGNORECASE
)
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[-'’.][^\W\d_]*)*\.?\Z")
_LEGAL_FORMS = re.compile(
    r"(?:\b(?:gmbh|ag|kg|ohg|ug|e\.?\s?k|ltd|limited|inc|corp|llc|llp|plc|co|sa|s\.a|sas|sarl|"
    r"srl|s\.r\.l|spa|s\.p\.a|bv|b\.v|nv|n\.v|oy|ab|as|a/s|aps|pty|kk|sp\.? z o\.?o|"
    r"ооо|оао|зао|пао|ао|ип)\.?|株式会社|有限会社|有限公司|股份有限公司|集团)\s*\Z"
    r"|\A(?:ооо|оао|зао|пао|ао|ип|株式会社|有限会社)\s",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"\A(?:column|col|field|feld|spalte|colonne|champ|columna|campo|colonna|kolom|veld|coluna|"
    r"столбец|поле|unnamed|f|c)?[\s:_#-]*[0-9a-z]{0,3}\Z",
    re.IGNORECASE,
)


def says_nothing(header: str) -> bool:
    """Whether a header is empty or only numbers the column ("Column 3",
    "Feld1", "Unnamed: 4", "F7")."""
    text = header.strip()
    if not text:
        return True
    return bool(_GENERIC.match(text)) and (any(c.isdigit() for c in text) or len(text) <= 1)


def guess_field(values: list[str], *, header_says_nothing: bool) -> Field | None:
    """The field most of ``values`` are (None when unsure). Names and
    companies are guessed only when ``header_says_nothing``."""
    values = [v.strip() for v in values if v.strip()]
    if len(values) < 2:
        return None
    if _share(values, _EMAILS.match) >= MOST:
        return F.EMAIL
    if _share(values, _is_phone) >= MOST and (
        header_says_nothing or _share(values, _FORMATTED_PHONE.search) >= 0.5
    ):
        return F.PHONE
    if not header_says_nothing:
        return None
    if _share(values, _WEBSITE.match) >= MOST and _share(values, lambda v: "." in v) >= MOST:
        return F.WEBSITE
    if _share(values, _LEGAL_FORMS.search) >= 0.5:
        return F.COMPANY
    if _share(values, _is_person) >= MOST:
        return F.FULL_NAME
    return None


def looks_like_contact(text: str) -> bool:
    """Whether a cell holds an email address or a phone number, as a
    header never does."""
    text = text.strip()
    return bool(_EMAILS.match(text)) or _is_phone(text)


def _share(values: list[str], test: object) -> float:
    assert callable(test)
    return sum(1 for v in values if test(v)) / len(values)


def _is_phone(text: str) -> bool:
    if not _PHONE.match(text) or _DATE.match(text):
        return False
    count = sum(ch.isdigit() for ch in text)
    return 7 <= count <= 15


def _is_person(text: str) -> bool:
    """Two to four words of letters, each capitalised: "Ana María Ruiz"."""
    parts = text.replace(",", " ").split()
    return 2 <= len(parts) <= 4 and all(
        _NAME_WORD.match(p) and (p[0].isupper() or p.casefold() in _PARTICLES) for p in parts
    )


_PARTICLES = {"van", "von", "de", "del", "der", "den", "di", "da", "du", "la", "le", "dos", "ter"}
