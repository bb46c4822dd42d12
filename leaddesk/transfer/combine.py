"""Merging a duplicate row into the lead it repeats: the lead's empty
fields are filled, and notes, further contacts, tags, custom fields and
BANT answers of both are kept."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from leaddesk.domain.bant import Answer, Bant, Criterion
from leaddesk.domain.lead import Lead
from leaddesk.domain.text import digits, fold


def merged(existing: Lead, incoming: Lead) -> Lead:
    """``existing`` with its empty fields filled from ``incoming``; notes,
    further contacts, tags and custom fields of both are kept."""
    result = replace(
        existing,
        emails=list(existing.emails),
        phones=list(existing.phones),
        tags=list(existing.tags),
        custom=dict(existing.custom),
        # Numbers the row brings keep the region the file said they are read with.
        phone_regions={**incoming.phone_regions, **existing.phone_regions},
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
