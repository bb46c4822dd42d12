"""The columns of LeadDesk's own export, in order, with the field each
one is read back into. Shared by the exporter and the importer, so that an
exported file imports back to the same leads."""

from __future__ import annotations

from leaddesk.transfer.fields import Field

EXPORT_COLUMNS: tuple[tuple[str, Field], ...] = (
    ("First name", Field.FIRST_NAME),
    ("Last name", Field.LAST_NAME),
    ("Company", Field.COMPANY),
    ("Title", Field.TITLE),
    ("Email", Field.EMAIL),
    ("Other emails", Field.EMAIL),
    ("Phone", Field.PHONE),
    ("Other phones", Field.PHONE),
    ("Website", Field.WEBSITE),
    ("Address", Field.ADDRESS),
    ("City", Field.CITY),
    ("Postal code", Field.POSTAL_CODE),
    ("Country", Field.COUNTRY),
    ("Source", Field.SOURCE),
    ("Interest", Field.INTEREST),
    ("Owner", Field.OWNER),
    ("Tags", Field.TAGS),
    ("Stage", Field.STAGE),
    ("Disqualified reason", Field.DISQUALIFIED_REASON),
    ("Temperature", Field.COMPUTED),
    ("Score", Field.COMPUTED),
    ("Budget", Field.BUDGET),
    ("Budget detail", Field.BUDGET_DETAIL),
    ("Authority", Field.AUTHORITY),
    ("Authority detail", Field.AUTHORITY_DETAIL),
    ("Need", Field.NEED),
    ("Need detail", Field.NEED_DETAIL),
    ("Timeframe", Field.TIMEFRAME),
    ("Timeframe detail", Field.TIMEFRAME_DETAIL),
    ("Consent", Field.CONSENT),
    ("Consent date (UTC)", Field.CONSENT_AT),
    ("Consent how", Field.CONSENT_HOW),
    ("Do not contact", Field.DO_NOT_CONTACT),
    ("Competitor", Field.COMPETITOR),
    ("Next follow-up", Field.NEXT_FOLLOW_UP),
    ("Notes", Field.NOTES),
    ("Needs review", Field.COMPUTED),
    ("Created (UTC)", Field.CREATED_AT),
    ("Last activity (UTC)", Field.LAST_ACTIVITY_AT),
)
EXPORT_HEADERS: tuple[str, ...] = tuple(label for label, _ in EXPORT_COLUMNS)
_SIGNATURE = {"Temperature", "Score", "Budget detail", "Needs review", "Created (UTC)"}


def is_leaddesk_export(headers: list[str]) -> bool:
    """Whether a file's header is LeadDesk's own export (its first columns
    are exactly ours), so every column maps exactly and the leading
    apostrophes the exporter adds against formula injection come off."""
    stripped = [h.strip() for h in headers]
    return stripped[: len(EXPORT_HEADERS)] == list(EXPORT_HEADERS) or (
        set(stripped) >= _SIGNATURE and set(EXPORT_HEADERS) <= set(stripped)
    )
