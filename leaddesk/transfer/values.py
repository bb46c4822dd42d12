"""Reading cell values the way other tools write them: names to split,
several values in one cell, dates in many formats, stages and consent
(yes/no answers and budgets are read by :mod:`leaddesk.transfer.answers`).

Every parser returns None for text it does not recognise, so the caller
can keep the text as typed and report it instead of guessing.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

from leaddesk.domain.bant import Answer
from leaddesk.domain.sources import Interest, is_known_source, normalize_source
from leaddesk.domain.stages import Stage
from leaddesk.transfer.answers import parse_answer

_MULTI = re.compile(r"\s+:::\s+|\s*;\s*|\n")
_MULTI_TAGS = re.compile(r"\s+:::\s+|\s*[;,|]\s*|\n")
_MULTI_EMAILS = re.compile(r"\s+:::\s+|\s*[;,]\s*|\n|\s+(?=\S+@)")
_PARTICLES = {
    "van", "von", "de", "del", "della", "der", "den", "di", "da", "du", "la", "le", "dos",
    "das", "do", "ter", "ten", "bin", "ibn", "al", "el", "st", "st.", "mac", "zu", "y",
}  # fmt: skip
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "esq", "esq."}


def split_values(text: str, *, kind: str = "") -> list[str]:
    """Several values in one cell: Google's " ::: ", semicolons, new lines;
    for emails and tags also commas. A cell of emails is split only when
    each part is an address: "john.smith@gmail,com" is one (mistyped)
    address, kept as typed, not "john.smith@gmail" and "com"."""
    pattern = {"email": _MULTI_EMAILS, "tags": _MULTI_TAGS}.get(kind, _MULTI)
    parts = [part.strip() for part in pattern.split(text) if part and part.strip()]
    if kind == "email" and len(parts) > 1 and not all(map(_an_address, parts)):
        return [text.strip()]
    return parts


def _an_address(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local.strip("<\"' ") and domain.strip(">\"' "))


def split_name(full: str) -> tuple[str, str]:
    """ "Ana María Ruiz" → ("Ana María", "Ruiz"); "Ruiz, Ana" → ("Ana",
    "Ruiz"); "Ludwig van Beethoven" → ("Ludwig", "van Beethoven");
    "Martin Luther King Jr." → ("Martin Luther", "King Jr.")."""
    full = " ".join(full.split())
    if not full:
        return "", ""
    if full.count(",") == 1:
        last, first = (p.strip() for p in full.split(","))
        if first and last and first.casefold().rstrip(".") not in _SUFFIXES:
            return first, last
    words = full.split(" ")
    suffix: list[str] = []
    while len(words) > 2 and words[-1].casefold().rstrip(",") in _SUFFIXES:
        suffix.insert(0, words.pop())
    if len(words) == 1:
        return words[0], " ".join(suffix)
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:] + suffix)


_STATUS: dict[str, Stage] = {
    "unqualified": Stage.DISQUALIFIED,
    "disqualified": Stage.DISQUALIFIED,
    "closednotconverted": Stage.DISQUALIFIED,
    "closedconverted": Stage.CUSTOMER,
    "converted": Stage.CUSTOMER,
    "qualified": Stage.SQL,
}


def parse_stage(text: str) -> Stage | None:
    return Stage.parse(text)


def parse_status(text: str) -> Stage | None:
    """A CRM's lead status, when it names a stage ("Unqualified",
    "Closed - Converted"); None for working states ("Attempted to contact")."""
    key = "".join(ch for ch in text.casefold() if ch.isalnum())
    return _STATUS.get(key) or Stage.parse(text)


_CONSENT_YES = {"optedin", "optin", "subscribed", "granted", "given", "consented", "agreed"}
_CONSENT_NO = {"optedout", "optout", "unsubscribed", "denied", "withdrawn", "refused", "cleaned"}


def parse_consent(text: str) -> Answer | None:
    key = "".join(ch for ch in text.casefold() if ch.isalnum())
    if key in _CONSENT_YES:
        return Answer.YES
    if key in _CONSENT_NO:
        return Answer.NO
    return parse_answer(text)


@lru_cache(maxsize=1024)
def import_source(text: str) -> str:
    """A source as stored: LeadDesk's key for a name it knows, also in the
    plural CRMs use (HubSpot's "Referrals", "Events"), else the text as typed."""
    text = text.strip()
    known = normalize_source(text)
    if not is_known_source(known) and text[-1:].casefold() == "s":
        singular = normalize_source(text[:-1])
        if is_known_source(singular):
            return singular
    return known


def parse_interest(text: str) -> Interest | None:
    key = text.strip().casefold()
    return {"inbound": Interest.INBOUND, "in": Interest.INBOUND}.get(key) or {
        "outbound": Interest.OUTBOUND,
        "out": Interest.OUTBOUND,
    }.get(key)


_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y",
    "%b %d %Y", "%d-%b-%Y", "%d-%b-%y", "%Y%m%d",
)  # fmt: skip
_TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_MONTH_FIRST = {"US", "CA", "PH", "BZ", "FM", "MH", "PW", "GU", "AS", "PR", "VI", "MP", "UM"}


def parse_datetime(text: str, region: str = "US") -> datetime | None:
    """A date and time in naive UTC, from ISO 8601 (with or without a zone),
    "14 Mar 2023", "Mar 14, 2023", "14/03/2023 10:30" and the like. Numeric
    day/month order follows ``region`` unless a number is above 12."""
    text = " ".join(text.strip().split())
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        pass
    else:
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment.replace(microsecond=0)
    day_part, time_part = _split_time(text)
    day = parse_date(day_part, region)
    if day is None:
        return None
    if not time_part:
        return datetime(day.year, day.month, day.day)
    for pattern in _TIME_FORMATS:
        try:
            clock = datetime.strptime(time_part.upper(), pattern).time()
        except ValueError:
            continue
        return datetime.combine(day, clock)
    return None


def _split_time(text: str) -> tuple[str, str]:
    match = re.search(r"\s(\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)$", text)
    if match:
        return text[: match.start()].rstrip(", "), match.group(1)
    return text, ""


def parse_date(text: str, region: str = "US") -> date | None:
    text = " ".join(text.strip().split()).rstrip(".")
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    numeric = _NUMERIC.match(text)
    if numeric:
        first, second, year = (int(g) for g in numeric.groups())
        if year < 100:
            year += 2000 if year < 70 else 1900
        month_first = region.upper() in _MONTH_FIRST
        if first > 12:
            month_first = False
        elif second > 12:
            month_first = True
        month, day = (first, second) if month_first else (second, first)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
