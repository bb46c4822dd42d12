"""Telling whether a row names a person already seen — a lead in the
database or an earlier row of the file — and how sure that is.

What identifies a person (:class:`Keys`): email addresses, phone numbers
(E.164), contact values kept as typed because they are not valid, the name
and the company, each in the forms of :mod:`leaddesk.domain.identity`. A
row and a lead are the same person for sure (:func:`judge`) when

- they share an email address (a valid one, or the same value as typed);
- they have the same name at the same company, or the same name and a
  phone number in common;
- or everything the row gives agrees with the lead: the same name or no
  name on either, the same company or none on either, and no phone
  number of each that the other lacks ("John Smith" alone is the John
  Smith without a company imported before; a company-only row is that
  company's lead without a name; a row with nothing but a number that
  failed validation is the lead with that number as typed).

Two different email addresses are two people, whatever else they share.
Short of sure, a row is a *possible* duplicate — shown, never merged
without being asked — when its name is like the lead's at the same
company (one letter apart, a nickname, an initial), when it would be sure
but for an email on each side one of which is not valid, or when it shares
only a phone number (a switchboard number is common). A row imported before goes
to the lead it went into then (its :attr:`Keys.identity` is recorded).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from leaddesk.domain.identity import (
    FORMAL_NAMES,
    company_spellings,
    key_of,
    name_spellings,
    same_spelling,
)

SIMILAR_NAME = 90
"""Similarity (rapidfuzz's ratio, 0–100) from which two names at one
company are a possible duplicate, besides one letter apart: "Joan Smith"
and "John Smith" are 90."""
BLOCK_LIMIT = 5_000
"""Names kept per company and initials for finding similar ones."""
SHARED_LIMIT = 32
"""Leads kept per phone number (or name) for comparing rows with."""


class OnDuplicate(StrEnum):
    MERGE = "merge"
    """Fill the existing lead's empty fields, keep both notes."""
    SKIP = "skip"
    CREATE = "create"
    UPDATE = "update"
    """Write each row with a Lead ID over the lead it names (see
    :mod:`leaddesk.transfer.updating`); other rows merge."""


class Choice(StrEnum):
    """What to do with a possible duplicate."""

    KEEP = "keep"
    """Keep both: the row becomes a lead of its own."""
    MERGE = "merge"
    """The same person: the row is handled as a duplicate (merged, or
    skipped with :attr:`OnDuplicate.SKIP`)."""


class Reason(StrEnum):
    """How a row was recognised (``matched_by`` in the report)."""

    IMPORTED = "imported"
    LEAD_ID = "lead_id"
    EMAIL = "email"
    NAME = "name"
    NAME_PHONE = "name_phone"
    DETAILS = "details"
    SIMILAR_NAME = "similar_name"
    OTHER_EMAIL = "other_email"
    PHONE = "phone"

    @property
    def sure(self) -> bool:
        return self not in (Reason.SIMILAR_NAME, Reason.OTHER_EMAIL, Reason.PHONE)

    @property
    def text(self) -> str:
        """In a user's words: "same email"."""
        return _REASON_TEXT[self]


_REASON_TEXT = {
    Reason.IMPORTED: "imported before",
    Reason.LEAD_ID: "its Lead ID",
    Reason.EMAIL: "same email",
    Reason.NAME: "same name and company",
    Reason.NAME_PHONE: "same name and phone",
    Reason.DETAILS: "same details",
    Reason.SIMILAR_NAME: "similar name, same company",
    Reason.OTHER_EMAIL: "the same but for an email that is not valid",
    Reason.PHONE: "same phone only",
}


@dataclass(slots=True)
class Keys:
    """What a row or lead is recognised by (made by :func:`keys_of`; never
    changed once made, but not frozen: a frozen dataclass takes three
    times as long to make, and every row of an import makes one)."""

    emails: tuple[str, ...]
    """Valid email addresses, as compared (case-insensitive)."""
    phones: tuple[str, ...]
    """Valid phone numbers, E.164."""
    typed_emails: tuple[str, ...]
    """Email values that are not valid, as compared."""
    typed_phones: tuple[str, ...]
    """Phone values that are not valid, as typed."""
    name: tuple[str, ...]
    company: tuple[str, ...]
    identity: int
    """A hash of the contacts, name and company."""
    company_key: str = field(compare=False)
    """The company's and the name's key (see
    :func:`leaddesk.domain.identity.key_of`), as the store keeps them."""
    name_key: str = field(compare=False)
    nearby: str = field(compare=False)
    """The name with nicknames written out, for finding similar names."""
    initials: str = field(compare=False)
    """Of :attr:`nearby`'s words: similar names are looked for among those
    with the same initials at the same company (:attr:`block`)."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # What the rest is made from: the process that writes an import
        # receives the keys of every row from its workers, and remaking
        # the rest from names and companies seen before is quicker than
        # reading it (and shares it between rows).
        return _keys, (
            self.emails, self.phones, self.typed_emails, self.typed_phones, self.name,
            self.company, self.identity,
        )  # fmt: skip

    @property
    def person(self) -> tuple[str, str]:
        return (self.company_key, self.name_key)

    @property
    def block(self) -> tuple[str, str]:
        return (self.company_key, self.initials)

    @property
    def contacts(self) -> tuple[str, ...]:
        return self.emails + self.phones + self.typed_emails + self.typed_phones

    def joined(self, other: Keys) -> Keys:
        """The keys of a lead these keys' lead was merged with: contacts of
        both; a name or company only where this one had none (as merging
        fills only empty fields)."""
        return _keys(
            _union(self.emails, other.emails),
            _union(self.phones, other.phones),
            _union(self.typed_emails, other.typed_emails),
            _union(self.typed_phones, other.typed_phones),
            self.name or other.name,
            self.company or other.company,
            self.identity,
        )


def keys_of(
    emails: list[str],
    typed_emails: list[str],
    phones: list[str],
    typed_phones: list[str],
    first: str,
    last: str,
    company: str,
) -> Keys:
    """A row's or lead's keys; computed for every row of an import (in its
    workers), so kept to the bone."""
    name = name_spellings(first, last)
    company_forms = company_spellings(company)
    contacts = (
        _distinct(emails),
        _distinct(phones),
        _distinct(typed_emails),
        _distinct(typed_phones),
    )
    text = "\x1f".join(
        ["\x1e".join(values) for values in contacts]
        + [name[0] if name else "", company_forms[0] if company_forms else ""]
    )
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return _keys(*contacts, name, company_forms, int.from_bytes(digest, "big", signed=True))


def _distinct(values: list[str]) -> tuple[str, ...]:
    return tuple(values) if len(values) < 2 else tuple(sorted(set(values)))


_NAMES: dict[tuple[str, ...], tuple[tuple[str, ...], str, str, str]] = {}
_COMPANIES: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
_REMEMBERED = 1 << 17
"""Names and companies remembered with their keys, at most (the most
recent are kept, a whole batch forgotten at a time)."""


def _keys(
    emails: tuple[str, ...], phones: tuple[str, ...], typed_emails: tuple[str, ...],
    typed_phones: tuple[str, ...], name: tuple[str, ...], company: tuple[str, ...],
    identity: int,
) -> Keys:  # fmt: skip
    """Keys with their derived parts, shared with every row of the same
    name or company seen lately (plain dicts: rows repeat names and
    companies, and the writing process makes keys for every row)."""
    named = _NAMES.get(name)
    if named is None:
        if len(_NAMES) >= _REMEMBERED:
            _NAMES.clear()
        nearby = _nearby(name[0]) if name else ""
        initials = "".join(sorted({word[0] for word in nearby.split()}))
        named = _NAMES[name] = (name, key_of(name), nearby, initials)
    at = _COMPANIES.get(company)
    if at is None:
        if len(_COMPANIES) >= _REMEMBERED:
            _COMPANIES.clear()
        at = _COMPANIES[company] = (company, key_of(company))
    name, name_key, nearby, initials = named
    return Keys(
        emails, phones, typed_emails, typed_phones, name, at[0], identity, at[1], name_key,
        nearby, initials,
    )  # fmt: skip


def _nearby(spelling: str) -> str:
    return " ".join(sorted(FORMAL_NAMES.get(word, (word,))[0] for word in spelling.split()))


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(x for x in b if x not in a) if b else a


def _shares(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return bool(a and b) and not set(a).isdisjoint(b)


def judge(row: Keys, lead: Keys) -> Reason | None:
    """Whether ``row`` names the person of ``lead``: a sure reason, a
    possible one (see :attr:`Reason.sure`), or None."""
    if _shares(row.emails, lead.emails) or _shares(row.typed_emails, lead.typed_emails):
        return Reason.EMAIL
    if row.emails and lead.emails:
        return None  # two addresses, two people
    sure = _sure(row, lead)
    if sure is not None:
        # An address that is not valid tells no one apart for sure, nor
        # makes two rows one: with another address on the other side,
        # the same person is only possible.
        other = (row.emails or row.typed_emails) and (lead.emails or lead.typed_emails)
        return Reason.OTHER_EMAIL if other else sure
    alike = row.name and lead.name and same_spelling(row.company, lead.company)
    if alike and similar_names(row, lead):
        return Reason.SIMILAR_NAME
    if _shares(row.phones, lead.phones) or _shares(row.typed_phones, lead.typed_phones):
        return Reason.PHONE
    return None


def _sure(row: Keys, lead: Keys) -> Reason | None:
    """The sure reasons short of an email in common."""
    same_name = same_spelling(row.name, lead.name)
    same_company = same_spelling(row.company, lead.company)
    if same_name and same_company:
        return Reason.NAME
    valid_phone = _shares(row.phones, lead.phones)
    shared_phone = valid_phone or _shares(row.typed_phones, lead.typed_phones)
    if same_name and shared_phone:
        return Reason.NAME_PHONE
    names_agree = same_name or not (row.name or lead.name)
    companies_agree = same_company or not (row.company or lead.company)
    other_phones = bool(row.phones and lead.phones) and not valid_phone
    if (
        names_agree
        and companies_agree
        and not other_phones
        and (row.name or row.company or shared_phone)
    ):
        return Reason.DETAILS
    return None


def similar_names(a: Keys, b: Keys) -> bool:
    """Names alike but not the same: one letter apart, a nickname for the
    other ("Bob"/"Robert"), an initial ("J. Smith"/"John Smith")."""
    if a.nearby == b.nearby:
        return True
    for x in a.name:
        for y in b.name:
            if Levenshtein.distance(x, y, score_cutoff=1) <= 1:
                return True
            if fuzz.ratio(x, y, score_cutoff=SIMILAR_NAME):
                return True
    return _initials_agree(a.nearby.split(), b.nearby.split())


def _initials_agree(a: list[str], b: list[str]) -> bool:
    if len(a) != len(b) or len(a) < 2:
        return False
    rest_a = [word for word in a if word not in b]
    rest_b = [word for word in b if word not in a]
    if len(rest_a) != len(rest_b) or len(rest_a) != 1:
        return False
    short, long = sorted((rest_a[0], rest_b[0]), key=len)
    return len(short) == 1 and long.startswith(short)


@dataclass(slots=True, eq=False)
class Target:
    """A lead rows can go into: in the database (``lead_id``), or a row of
    this file, waiting to be inserted (``pending``, its position in the
    batch) or only previewed (neither)."""

    keys: Keys
    """What the lead is recognised by, growing as rows merge into it."""
    lead_id: int | None = None
    pending: int | None = None
    row: int = 0
    """The spreadsheet row it came from (0: it was in the database)."""
    label: str = ""
    """Its name, company and email, to show next to a row that resembles it."""

    def describe(self) -> str:
        where = f"row {self.row}" if self.row else f"lead {self.lead_id}"
        return f"{where} ({self.label})" if self.label else where


@dataclass(slots=True)
class Found:
    """The lead a row repeats, how it was recognised, and the further
    leads it repeats for sure (a row can name two leads that are, unknown
    to each other, one person)."""

    target: Target
    reason: Reason
    others: list[Target] = field(default_factory=list)


@dataclass
class DuplicateFinder:
    """An index of the leads seen so far (:class:`Target`), by each key."""

    by_contact: _Index = field(default_factory=dict)
    """Emails and phones, valid or as typed."""
    by_person: _Index = field(default_factory=dict)
    """Company key and name key."""
    by_block: dict[tuple[str, str], dict[str, Target]] = field(default_factory=dict)
    """Names by company and initials, for similar names."""
    without_email: dict[tuple[str, str], dict[str, Target]] = field(default_factory=dict)
    """The same for leads without a valid email: the only ones a row with
    an email can be a possible duplicate of by its name."""
    by_identity: _Index = field(default_factory=dict)
    """Leads that rows of earlier imports went into, by the row's identity."""

    def find(self, keys: Keys) -> Found | None:
        # Every row of an import asks, and most find nothing: that path is
        # kept short.
        candidates = self._candidates(keys)
        imported = self.by_identity.get(keys.identity) if self.by_identity else None
        if not candidates and imported is None:
            if keys.name and keys.company:
                possible = self._similar(keys)
                return Found(*possible) if possible is not None else None
            return None
        sure: list[tuple[Target, Reason]] = [(t, Reason.IMPORTED) for t in _all(imported)]
        possible = None
        for target in candidates:
            if any(target is seen for seen, _ in sure):
                continue
            reason = judge(keys, target.keys)
            if reason is None:
                continue
            if reason.sure:
                sure.append((target, reason))
            elif possible is None:
                possible = (target, reason)
        if sure:
            (target, reason), *others = sure
            return Found(target, reason, [other for other, _ in others])
        if possible is None and keys.name and keys.company:
            possible = self._similar(keys)
        return Found(*possible) if possible is not None else None

    def _candidates(self, keys: Keys) -> list[Target]:
        found: list[Target] = []
        by_contact = self.by_contact
        for contacts in (keys.emails, keys.phones, keys.typed_emails, keys.typed_phones):
            for contact in contacts:
                hit = by_contact.get(contact)
                if hit is not None:
                    found.extend(_all(hit))
        if keys.company_key or keys.name_key:
            hit = self.by_person.get((keys.company_key, keys.name_key))
            if hit is not None:
                found.extend(_all(hit))
        if len(found) < 2:
            return found
        return list({id(target): target for target in found}.values())

    def _similar(self, keys: Keys) -> tuple[Target, Reason] | None:
        index = self.without_email if keys.emails else self.by_block
        names = index.get(keys.block)
        if not names:
            return None
        for name, _score, _ in process.extract(
            keys.nearby, names.keys(), scorer=fuzz.ratio, score_cutoff=70, limit=5
        ):
            target = names[name]
            if judge(keys, target.keys) is Reason.SIMILAR_NAME:
                return target, Reason.SIMILAR_NAME
        return None

    def add(self, target: Target, keys: Keys | None = None) -> None:
        """Indexes ``target`` under ``keys`` (by default its own)."""
        keys = keys or target.keys
        by_contact = self.by_contact
        for contacts in (keys.emails, keys.phones, keys.typed_emails, keys.typed_phones):
            for contact in contacts:
                _push(by_contact, contact, target)
        if keys.company_key or keys.name_key:
            _push(self.by_person, (keys.company_key, keys.name_key), target)
        if keys.name and keys.company:
            block = keys.block
            for index in (
                (self.by_block, self.without_email) if not target.keys.emails else (self.by_block,)
            ):
                names = index.get(block)
                if names is None:
                    names = index[block] = {}
                if len(names) < BLOCK_LIMIT:
                    names.setdefault(keys.nearby, target)

    def merge(self, target: Target, keys: Keys) -> None:
        """A row with ``keys`` went into ``target``: the lead now has what
        both had, and is found by the row's keys too."""
        target.keys = target.keys.joined(keys)
        self.add(target, keys)

    def remember(self, identity: int, target: Target) -> None:
        _push(self.by_identity, identity, target)

    def forget(self) -> None:
        """Empties the index an entry at a time. Dropped whole, the index of
        a 100,000-row import is freed in one call that holds the GIL for
        over 100 ms, freezing a window that imports in a thread."""
        for index in (
            self.by_contact, self.by_person, self.by_block, self.without_email, self.by_identity,
        ):  # fmt: skip
            while index:
                index.popitem()


_Index = dict[Any, "Target | tuple[Target, ...]"]
"""Each key's lead, or leads when several have it (most keys have one:
a tuple for each would cost 60 bytes a row of a large import)."""


def _all(value: Target | tuple[Target, ...] | None) -> tuple[Target, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def _push(index: _Index, key: Any, target: Target) -> None:
    present = index.setdefault(key, target)
    if present is target:
        return
    if not isinstance(present, tuple):
        index[key] = (present, target)
    elif len(present) < SHARED_LIMIT and all(t is not target for t in present):
        index[key] = (*present, target)
