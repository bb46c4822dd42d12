"""Finding duplicates — within a file and against the database — and
merging a duplicate row into the lead it repeats.

Two leads are the same person when they share an email (case-insensitive),
an E.164 phone number (unless both have emails and none is shared: then the
number is a switchboard), or have very similar names at the same company
(rapidfuzz's token-sort ratio, so "Smith John" matches "John Smith" and
"Jon Smith" matches "John Smith", but "Joan Smith" does not). Names are
compared only within a block of the same company and name initials, so
a file of 100,000 people at one company stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz, process

from leaddesk.domain.bant import Answer, Bant, Criterion
from leaddesk.domain.lead import Lead
from leaddesk.domain.text import digits, fold

SIMILAR_NAME = 92
"""Token-sort ratio (0–100) from which two names at one company count as
the same person: "Jon Smith"/"John Smith" is 95, "John Smith"/"Joan Smith"
is 90."""
BLOCK_LIMIT = 5_000


class OnDuplicate(StrEnum):
    MERGE = "merge"
    """Fill the existing lead's empty fields, keep both notes."""
    SKIP = "skip"
    CREATE = "create"
    UPDATE = "update"
    """Write each row with a Lead ID over the lead it names (see
    :mod:`leaddesk.transfer.updating`); other rows merge."""


@dataclass(frozen=True, slots=True)
class Keys:
    """What a lead is recognised by."""

    emails: tuple[str, ...]
    phones: tuple[str, ...]
    company: str
    name: str
    block: tuple[str, str] = field(init=False, compare=False)
    """Company and name initials: names are compared within a block.
    Computed once, where the keys are made (in an import's workers)."""

    def __post_init__(self) -> None:
        initials = "".join(sorted({word[0] for word in self.name.split()}))
        object.__setattr__(self, "block", (self.company, initials))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _unpickled_keys, (self.emails, self.phones, self.company, self.name, self.block)


def _unpickled_keys(
    emails: tuple[str, ...], phones: tuple[str, ...], company: str, name: str, block: Any
) -> Keys:
    """Keys as pickled, without computing the block again."""
    keys = object.__new__(Keys)
    for attribute, value in zip(
        ("emails", "phones", "company", "name", "block"),
        (emails, phones, company, name, block),
        strict=True,
    ):
        object.__setattr__(keys, attribute, value)
    return keys


def name_key(first: str, last: str) -> str:
    return " ".join(fold(f"{first} {last}").split())


def company_key(company: str) -> str:
    """As the store keeps ``sort_company``."""
    return fold(company.strip())


@dataclass(slots=True)
class Target:
    """A lead rows can be merged into: in the database (``lead_id``), or
    waiting to be inserted (``pending`` is its position in the batch)."""

    lead_id: int | None = None
    pending: int | None = None
    row: int = 0
    """The spreadsheet row it came from (0: it was in the database)."""


@dataclass
class DuplicateFinder:
    """An index of the leads seen so far by email, phone and name."""

    by_email: dict[str, Target] = field(default_factory=dict)
    by_phone: dict[str, tuple[Target, tuple[str, ...]]] = field(default_factory=dict)
    """Each phone with the first lead that had it and that lead's emails."""
    by_block: dict[tuple[str, str], dict[str, Target]] = field(default_factory=dict)

    def find(self, keys: Keys) -> tuple[Target, str] | None:
        """The lead these keys repeat and how it was recognised ("email",
        "phone" or "name"), or None."""
        for email in keys.emails:
            if email in self.by_email:
                return self.by_email[email], "email"
        for phone in keys.phones:
            found = self.by_phone.get(phone)
            # One number with two different addresses is a company's
            # switchboard, not one person: those are not merged.
            if found is not None and not _other_people(keys.emails, found[1]):
                return found[0], "phone"
        if keys.company and keys.name:
            names = self.by_block.get(keys.block)
            if names:
                if keys.name in names:
                    return names[keys.name], "name"
                best = process.extractOne(
                    keys.name, names.keys(), scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR_NAME
                )
                if best is not None:
                    return names[best[0]], "name"
        return None

    def forget(self) -> None:
        """Empties the index an entry at a time. Dropped whole, the index of
        a 100,000-row import is freed in one call that holds the GIL for
        over 100 ms, freezing a window that imports in a thread."""
        for index in (self.by_email, self.by_phone, self.by_block):
            while index:
                index.popitem()

    def add(self, keys: Keys, target: Target) -> None:
        for email in keys.emails:
            self.by_email.setdefault(email, target)
        for phone in keys.phones:
            self.by_phone.setdefault(phone, (target, keys.emails))
        if keys.company and keys.name:
            names = self.by_block.setdefault(keys.block, {})
            if len(names) < BLOCK_LIMIT:
                names.setdefault(keys.name, target)


def _other_people(emails: tuple[str, ...], known: tuple[str, ...]) -> bool:
    return bool(emails and known and not set(emails) & set(known))


def merged(existing: Lead, incoming: Lead) -> Lead:
    """``existing`` with its empty fields filled from ``incoming``; notes,
    further contacts, tags and custom fields of both are kept."""
    result = replace(
        existing,
        emails=list(existing.emails),
        phones=list(existing.phones),
        tags=list(existing.tags),
        custom=dict(existing.custom),
    )
    for name in (
        "first_name", "last_name", "company", "title", "website", "address", "city",
        "postal_code", "country", "source", "owner", "competitor", "consent_how",
        "disqualified_reason",
    ):  # fmt: skip
        if not getattr(result, name).strip() and getattr(incoming, name).strip():
            setattr(result, name, getattr(incoming, name))
    _merge_contacts(result, incoming)
    known_tags = {fold(t) for t in result.tags}
    result.tags += [t for t in incoming.tags if fold(t) not in known_tags]
    if incoming.notes.strip() and incoming.notes.strip() not in result.notes:
        result.notes = f"{result.notes}\n\n{incoming.notes}".strip()
    for name, value in incoming.custom.items():
        if name not in result.custom:
            result.custom[name] = value
        elif result.custom[name] != value and value not in result.custom.values():
            result.custom[_free_name(result.custom, name)] = value
    result.bant = _merge_bant(result.bant, incoming.bant)
    if result.consent is Answer.UNKNOWN and incoming.consent is not Answer.UNKNOWN:
        result.consent = incoming.consent
        result.consent_at = result.consent_at or incoming.consent_at
    result.do_not_contact = result.do_not_contact or incoming.do_not_contact
    result.next_follow_up = result.next_follow_up or incoming.next_follow_up
    result.interest = result.interest or incoming.interest
    return result


def _merge_contacts(result: Lead, incoming: Lead) -> None:
    emails = {e.strip().casefold() for e in (result.email, *result.emails) if e.strip()}
    for email in (incoming.email, *incoming.emails):
        if email.strip() and email.strip().casefold() not in emails:
            if result.email.strip():
                result.emails.append(email)
            else:
                result.email = email
            emails.add(email.strip().casefold())
    phones = {_phone_key(p) for p in (result.phone, *result.phones) if p.strip()}
    for phone in (incoming.phone, *incoming.phones):
        if phone.strip() and _phone_key(phone) not in phones:
            if result.phone.strip():
                result.phones.append(phone)
            else:
                result.phone = phone
            phones.add(_phone_key(phone))


def _phone_key(phone: str) -> str:
    # The national digits' tail: "+1 415 555 2671" and "(415) 555-2671" agree.
    return digits(phone)[-9:]


def _merge_bant(bant: Bant, incoming: Bant) -> Bant:
    """Answers and details ``bant`` lacks, taken from ``incoming``."""
    changes: dict[str, Any] = {}
    for criterion in Criterion:
        answer = incoming.answer(criterion)
        if answer is not Answer.UNKNOWN and bant.answer(criterion) is Answer.UNKNOWN:
            changes[criterion.value] = answer
        detail = incoming.detail(criterion)
        if detail and not bant.detail(criterion):
            changes[f"{criterion.value}_detail"] = detail
    return replace(bant, **changes) if changes else bant


def _free_name(custom: dict[str, str], name: str) -> str:
    number = 2
    while f"{name} ({number})" in custom:
        number += 1
    return f"{name} ({number})"


def same_content(a: Lead, b: Lead) -> bool:
    """Whether merging changed anything a user would see."""
    return replace(a, tags=sorted(a.tags, key=fold)) == replace(b, tags=sorted(b.tags, key=fold))
