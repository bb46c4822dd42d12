"""Deciding what becomes of each row of an import: a new lead, a duplicate
of a lead (in the database or earlier in the file), a possible duplicate
for the user to decide about, or a rejected row.

The import (:mod:`leaddesk.transfer.merging`) and its preview
(:mod:`leaddesk.transfer.preview`) decide through the same
:class:`Matcher`, so the preview says what the import will do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from leaddesk.domain.contact import check_email
from leaddesk.store.imports import StoredPerson, Wanted, lead_contacts, stored_people
from leaddesk.store.rows import INSERTED_COLUMNS
from leaddesk.transfer.duplicates import (
    Choice,
    DuplicateFinder,
    Found,
    Keys,
    OnDuplicate,
    Target,
    keys_of,
)
from leaddesk.transfer.prepare import Prepared

_FIRST, _LAST, _COMPANY, _EMAIL, _PHONE = (
    INSERTED_COLUMNS.index(name)
    for name in ("first_name", "last_name", "company", "email", "phone")
)


class Action(Enum):
    NEW = "new"
    DUPLICATE = "duplicate"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    found: Found | None = None
    """The lead it repeats (for a new lead: the one it may repeat, or
    repeats but is created anyway)."""
    possible: bool = False
    """Whether it is a possible duplicate (the user's choice decided)."""


_NEW, _REJECT = Decision(Action.NEW), Decision(Action.REJECT)
"""The decisions about most rows, made once."""


@dataclass(frozen=True)
class Policy:
    """What the user chose for duplicates."""

    on_duplicate: OnDuplicate = OnDuplicate.MERGE
    possible: Choice = Choice.KEEP
    """For possible duplicates without a choice of their own."""
    choices: Mapping[int, Choice] = field(default_factory=dict)
    """Spreadsheet row → the choice for that possible duplicate."""

    def choice(self, row: int) -> Choice:
        return self.choices.get(row, self.possible)


def label_of(values: list[Any]) -> str:
    """ "Ana Ruiz, Cobalt Labs, ana@cobalt.es" from a new lead's row."""
    return _label(values[_FIRST], values[_LAST], values[_COMPANY], values[_EMAIL], values[_PHONE])


def _label(first: str, last: str, company: str, email: str, phone: str) -> str:
    name = f"{first} {last}".strip()
    return ", ".join(part for part in (name, company, email or phone) if part)


def lead_labels(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """ "Ana Ruiz, Cobalt Labs, ana@cobalt.es" for each of these leads."""
    return {row[0]: _label(*row[1:]) for row in lead_contacts(session, ids)}


def stored_keys(person: StoredPerson) -> Keys:
    """A stored lead's keys, as :func:`leaddesk.transfer.prepare.complete`
    makes them for the row it came from."""
    emails: list[str] = []
    typed_emails: list[str] = []
    phones: list[str] = []
    typed_phones: list[str] = []
    if person.email.strip():
        check = check_email(person.email)
        (emails if check.valid else typed_emails).append(check.key)
    if person.phone_e164:
        phones.append(person.phone_e164)
    elif person.phone.strip():
        typed_phones.append(person.phone.strip())
    for kind, value, key in person.contacts:
        if kind == "email":
            (emails if check_email(value).valid else typed_emails).append(key)
        else:
            (phones if key.startswith("+") else typed_phones).append(key)
    return keys_of(
        emails, typed_emails, phones, typed_phones,
        person.first_name, person.last_name, person.company,
    )  # fmt: skip


class Matcher:
    """The leads seen so far and the user's choices: says what becomes of
    each row, in file order."""

    def __init__(self, policy: Policy, *, below: int | None = None) -> None:
        self.policy = policy
        self.below = below
        """Leads with this id or more are this import's own."""
        self.finder = DuplicateFinder()
        self.stored: dict[int, Target] = {}
        """Database leads in the finder."""
        self._asked: set[Any] = set()
        """Keys looked up in the database already."""

    def look_up(self, session: Session, chunk: list[Prepared]) -> None:
        """Adds the database leads this chunk's rows may repeat."""
        wanted = Wanted()
        asked = self._asked
        for item in chunk:
            keys = item.keys
            if keys is None:
                continue
            for email in keys.emails + keys.typed_emails:
                if email not in asked:
                    asked.add(email)
                    wanted.emails.append(email)
            for phone in keys.phones + keys.typed_phones:
                if phone not in asked:
                    asked.add(phone)
                    wanted.phones.append(phone)
            person = keys.person
            if person != ("", "") and person not in asked:
                asked.add(person)
                wanted.people.append(person)
            company = ("company", keys.company_key)
            if keys.name and keys.company and company not in asked:
                asked.add(company)
                wanted.companies.append(keys.company_key)
            wanted.identities.append(keys.identity)
        found = stored_people(session, wanted, below=self.below, known=self.stored.keys())
        for lead_id, stored in found.people.items():
            target = Target(stored_keys(stored), lead_id=lead_id, label=_label(
                stored.first_name, stored.last_name, stored.company, stored.email, stored.phone
            ))  # fmt: skip
            self.stored[lead_id] = target
            self.finder.add(target)
        for identity, leads in found.imported.items():
            for lead_id in leads:
                self.finder.remember(identity, self.stored[lead_id])

    def decide(self, item: Prepared) -> Decision:
        keys = item.keys
        if keys is None:
            return _REJECT
        found = self.finder.find(keys)
        if found is None:
            return _NEW
        create = self.policy.on_duplicate is OnDuplicate.CREATE
        if found.reason.sure:
            return Decision(Action.NEW if create else Action.DUPLICATE, found)
        if create:
            return Decision(Action.NEW)
        merge = self.policy.choice(item.row) is Choice.MERGE
        return Decision(Action.DUPLICATE if merge else Action.NEW, found, possible=True)

    def created(self, item: Prepared, target: Target) -> None:
        self.finder.add(target)

    def merged(self, item: Prepared, target: Target) -> None:
        assert item.keys is not None
        self.finder.merge(target, item.keys)
