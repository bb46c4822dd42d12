"""Turning a :class:`~leaddesk.domain.lead.Lead` into the columns the
database stores, and back.

Every write goes through :func:`lead_columns`, so the derived columns
(validation results, temperature, score, enrichment, the folded sort and
search texts) can never disagree with the lead they describe.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from leaddesk.domain.bant import Answer, Bant, Temperature
from leaddesk.domain.contact import EmailCheck, PhoneCheck, check_email, check_phone
from leaddesk.domain.identity import company_key, name_key
from leaddesk.domain.lead import Lead
from leaddesk.domain.scoring import enrichment_percent, lead_score
from leaddesk.domain.sources import Interest, interest_for, normalize_source
from leaddesk.domain.stages import Stage
from leaddesk.domain.text import fold, phone_terms, search_document, site_words

if TYPE_CHECKING:
    from sqlalchemy import Row

# Columns a caller sets directly from the Lead of the same name.
PLAIN_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "company",
    "title",
    "website",
    "address",
    "city",
    "postal_code",
    "country",
    "owner",
    "notes",
    "competitor",
    "consent_at",
    "consent_how",
    "do_not_contact",
    "next_follow_up",
    "disqualified_reason",
)
BANT_FIELDS: tuple[str, ...] = (
    "budget",
    "authority",
    "need",
    "timeframe",
    "budget_detail",
    "authority_detail",
    "need_detail",
    "timeframe_detail",
)

DERIVED_FIELDS: tuple[str, ...] = (
    "email",
    "email_key",
    "phone",
    "phone_e164",
    "phone_region",
    "source",
    "interest",
    "interest_manual",
    "consent",
    "stage",
    "temperature",
    "enrichment",
    "score",
    "needs_review",
    "review_reasons",
    "sort_name",
    "sort_company",
    "name_key",
    "company_key",
    "search_text",
)
LEAD_COLUMNS: tuple[str, ...] = PLAIN_FIELDS + BANT_FIELDS + DERIVED_FIELDS
"""The keys of :func:`lead_columns`, in its order."""


def review_problems(
    lead: Lead, region: str, email: EmailCheck | None = None, phone: PhoneCheck | None = None
) -> list[str]:
    """What is wrong with a lead's contact details, one sentence each.
    ``region`` is the default region, for numbers the lead has no region
    for (see :attr:`Lead.phone_regions`)."""
    emails = [email or check_email(lead.email)] if lead.email.strip() else []
    phones = (
        [phone or check_phone(lead.phone, lead.region_for(lead.phone, region))]
        if lead.phone.strip()
        else []
    )
    emails += [check_email(e) for e in lead.emails if e.strip()]
    phones += [check_phone(p, lead.region_for(p, region)) for p in lead.phones if p.strip()]
    problems = [
        f"{label} “{check.text}”: {check.problem}"
        for label, checks in (("Email", emails), ("Phone", phones))
        for check in checks
        if not check.valid
    ]
    if has_unreadable_text(lead):
        problems.append(UNREADABLE_TEXT)
    return problems


UNREADABLE = "\ufffd"
"""What a reader puts for bytes no encoding could read."""
UNREADABLE_TEXT = "Some text could not be read from the file it came from (it shows “\ufffd”)."


def has_unreadable_text(lead: Lead) -> bool:
    """Whether any text of the lead holds :data:`UNREADABLE`: a file's
    bytes were lost on the way in, which someone should look at. (One
    search through the texts joined: a third of the time of one per text.)"""
    custom = lead.custom
    return UNREADABLE in "".join(
        (
            lead.first_name, lead.last_name, lead.company, lead.title, lead.email, lead.phone,
            lead.website, lead.address, lead.city, lead.postal_code, lead.country, lead.owner,
            lead.notes, lead.competitor, lead.source, lead.consent_how, lead.disqualified_reason,
            *lead.emails, *lead.phones, *lead.tags, *custom, *custom.values(),
        )
    )  # fmt: skip


def lead_columns(
    lead: Lead,
    region: str,
    now: datetime,
    *,
    email: EmailCheck | None = None,
    phone: PhoneCheck | None = None,
) -> dict[str, Any]:
    """The stored columns of ``lead`` (without ``id``, times or version).

    ``region`` is the default region: numbers the lead already has are read
    with their own (:attr:`Lead.phone_regions`), so saving a lead never
    checks a stored number against another region. ``email`` and ``phone``
    are checks of the primary contacts made already (generated or cached
    by the caller, with the primary number's region); they are made here
    when missing.
    """
    if email is None and lead.email.strip():
        email = check_email(lead.email)
    phone_region = lead.region_for(lead.phone, region)
    if phone is None and lead.phone.strip():
        phone = check_phone(lead.phone, phone_region)
    source = normalize_source(lead.source)
    problems = review_problems(lead, region, email, phone)
    enrichment = enrichment_percent(lead)
    columns: dict[str, Any] = {name: getattr(lead, name) for name in PLAIN_FIELDS}
    bant = lead.bant
    columns.update(
        budget=str(bant.budget),
        authority=str(bant.authority),
        need=str(bant.need),
        timeframe=str(bant.timeframe),
        budget_detail=bant.budget_detail,
        authority_detail=bant.authority_detail,
        need_detail=bant.need_detail,
        timeframe_detail=bant.timeframe_detail,
    )
    interest = lead.interest or interest_for(source)
    phone_search: list[str] = []
    if phone is not None:
        phone_search.extend(phone_terms(phone.text, phone.e164, phone.national))
    for typed in lead.phones:
        if typed.strip():
            check = check_phone(typed, lead.region_for(typed, region))
            phone_search.extend(phone_terms(typed, check.e164, check.national))
    columns.update(
        email=email.stored if email else "",
        email_key=email.key if email else "",
        phone=lead.phone,
        phone_e164=phone.e164 if phone else "",
        phone_region=phone_region,
        source=source,
        interest=interest.value if interest else None,
        interest_manual=lead.interest is not None,
        consent=str(lead.consent),
        stage=str(lead.stage),
        temperature=str(lead.bant.temperature),
        enrichment=enrichment,
        score=lead_score(lead.bant, lead.stage, lead.last_activity_at, enrichment, now),
        needs_review=bool(problems),
        review_reasons="\n".join(problems),
        sort_name=sort_name(lead),
        sort_company=fold(lead.company.strip()),
        name_key=name_key(lead.first_name, lead.last_name),
        company_key=company_key(lead.company),
        search_text=search_document(
            [
                lead.first_name,
                lead.last_name,
                lead.company,
                lead.title,
                lead.email,
                *lead.emails,
                *phone_search,
                lead.city,
                lead.notes,
                *sorted(lead.tags, key=fold),
                *further_search_parts(lead),
            ]
        ),
    )
    return columns


SORT_VALUE_LENGTH = 200
"""Characters of a custom field's value that sort it: an index entry must
stay small (PostgreSQL refuses ones over 2,704 bytes)."""


def further_search_parts(lead: Lead) -> list[str]:
    """The parts of a lead found by search besides its name, company,
    title, contacts, city, notes and tags (which come first, in that
    order): the rest of the address, the website, the competitor and every
    custom field's value. Kept last, so a database's stored search texts
    can be given them by appending (migration 0009)."""
    return [
        lead.address,
        lead.postal_code,
        lead.country,
        site_words(lead.website),
        lead.competitor,
        *(value for _, value in sorted(lead.custom.items())),
    ]


def custom_sort_value(value: str) -> str:
    """What a custom field's value is sorted and filtered by: folded (case
    and accents aside, as names sort) and cut to an index entry's size."""
    return fold(value.strip())[:SORT_VALUE_LENGTH]


def sort_name(lead: Lead) -> str:
    """Leads sort by last name, then first name; a lead without a name sorts
    by its company or email."""
    name = " ".join(p.strip() for p in (lead.last_name, lead.first_name) if p.strip())
    return fold(name or lead.company.strip() or lead.email.strip() or lead.phone.strip())


_ANSWER = {a.value: a for a in Answer}
_STAGE = {s.value: s for s in Stage}
_TEMPERATURE = {t.value: t for t in Temperature}
_INTEREST = {i.value: i for i in Interest}


def lead_from_row(row: Row[Any] | Any) -> Lead:
    """A Lead from a ``leads`` row (ORM object or Row with the same names);
    further contacts, tags and custom fields are filled in by the caller.
    Enum members are looked up in dicts: calling an enum class per value
    was a third of the time of reading many leads."""
    bant = Bant(
        budget=_ANSWER[row.budget],
        authority=_ANSWER[row.authority],
        need=_ANSWER[row.need],
        timeframe=_ANSWER[row.timeframe],
        budget_detail=row.budget_detail,
        authority_detail=row.authority_detail,
        need_detail=row.need_detail,
        timeframe_detail=row.timeframe_detail,
    )
    lead = Lead(
        id=row.id,
        email=row.email,
        phone=row.phone,
        source=row.source,
        interest=_INTEREST[row.interest] if row.interest_manual and row.interest else None,
        consent=_ANSWER[row.consent],
        bant=bant,
        stage=_STAGE[row.stage],
        phone_e164=row.phone_e164,
        temperature=_TEMPERATURE[row.temperature],
        score=row.score,
        enrichment=row.enrichment,
        needs_review=row.needs_review,
        review_reasons=row.review_reasons,
        stage_entered_at=row.stage_entered_at,
        last_activity_at=row.last_activity_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
        version=row.version,
    )
    for name in PLAIN_FIELDS:
        setattr(lead, name, getattr(row, name))
    if row.phone_region and row.phone.strip():
        lead.phone_regions[row.phone.strip()] = row.phone_region
    return lead


def remember_contact_region(lead: Lead, value: str, region: str, lead_region: str) -> None:
    """Notes the region of a further number as read back from the store:
    its own when it has one, else the lead's (``lead_region``)."""
    region = region or lead_region
    if region and value.strip():
        lead.phone_regions.setdefault(value.strip(), region)


def contact_region(lead: Lead, value: str, default: str) -> str:
    """What a further number's row stores as its region: empty when it is
    the lead's own region (so an import's rows need no region of their
    own), else the region it is read with."""
    region = lead.region_for(value, default)
    return "" if region == lead.region_for(lead.phone, default) else region
