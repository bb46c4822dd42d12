"""The columns of LeadDesk's own export, in order, with the field each
one is read back into. Shared by the exporter and the importer, so that an
exported file imports back to the same leads."""

from __future__ import annotations

import re

from leaddesk.transfer.fields import Field

LeadReference = tuple[int, str]
"""A lead named by a file: its id and the key of the database it is from
("" for an id written without one)."""
_LEAD_ID = re.compile(r"^\s*(\d{1,18})(?:-([a-z]{8}))?\s*$")

EXPORT_COLUMNS: tuple[tuple[str, Field], ...] = (
    ("Lead ID", Field.LEAD_ID),
    ("First name", Field.FIRST_NAME),
    ("Last name", Field.LAST_NAME),
    ("Company", Field.COMPANY),
    ("Title", Field.TITLE),
    ("Email", Field.EMAIL),
    ("Other emails", Field.EMAIL),
    ("Phone", Field.PHONE),
    ("Phone (E.164)", Field.PHONE_E164),
    ("Other phones", Field.PHONE),
    ("Other phones (E.164)", Field.PHONE_E164),
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
LEGACY_HEADERS: tuple[str, ...] = tuple(
    label for label in EXPORT_HEADERS
    if label not in ("Lead ID", "Phone (E.164)", "Other phones (E.164)")
)  # fmt: skip
"""The columns of exports written before lead IDs: read back as they were
written (see :func:`export_version`)."""
CURRENT, LEGACY, FOREIGN = 2, 1, 0
LIST_COLUMNS = frozenset({"Other emails", "Other phones", "Other phones (E.164)", "Tags"})
"""Columns of the export that hold several values in a cell; every other
column holds one value, however it is written."""
SEPARATORS = {"Tags": ", "}
"""How each list column separates its values (by default "; ")."""
_OWN = frozenset(
    {"Budget detail", "Needs review", "Created (UTC)", "Last activity (UTC)",
     "Consent date (UTC)", "Disqualified reason", "Authority detail", "Timeframe detail",
     "Phone (E.164)", "Other phones (E.164)"}
)  # fmt: skip
"""Headers no other program writes: with a Lead ID column, two of them make
a file LeadDesk's own export even when the user removed or moved columns."""
_SIGNATURE = {"Temperature", "Score", "Budget detail", "Needs review", "Created (UTC)"}


def export_version(headers: list[str]) -> int:
    """Which export wrote a file: CURRENT (this one), LEGACY (an export
    from before lead IDs, whose cells are read as that export wrote them)
    or FOREIGN (any other file, read with the usual tolerance)."""
    stripped = [h.strip() for h in headers]
    present = set(stripped)
    if "Lead ID" in present and len(present & _OWN) >= 2:
        return CURRENT
    if stripped[: len(LEGACY_HEADERS)] == list(LEGACY_HEADERS) or (
        present >= _SIGNATURE and set(LEGACY_HEADERS) <= present
    ):
        return LEGACY
    return FOREIGN


def is_leaddesk_export(headers: list[str]) -> bool:
    """Whether a file's header is LeadDesk's own export, so every column
    maps exactly and its cells read back as they were written."""
    return export_version(headers) != FOREIGN


def own_export_fields(headers: list[str]) -> list[Field]:
    """The field of each column of LeadDesk's own export. A custom field
    named like a built-in column ("Email", kept from some other file) comes
    after the built-in ones and stays a custom field."""
    known = dict(EXPORT_COLUMNS)
    seen: set[str] = set()
    fields = []
    for header in headers:
        name = header.strip()
        fields.append(known.get(name, Field.CUSTOM) if name not in seen else Field.CUSTOM)
        seen.add(name)
    return fields


def lead_id_text(lead_id: int, database_key: str) -> str:
    """How the export writes a lead's ID: "1234-qhbtzmxa" (letters, so no
    spreadsheet takes it for a number or a date)."""
    return f"{lead_id}-{database_key}" if database_key else str(lead_id)


def parse_lead_id(text: str) -> LeadReference | None:
    """The lead an ID cell names; None for text that is not one."""
    found = _LEAD_ID.match(text)
    if found is None:
        return None
    return int(found.group(1)), found.group(2) or ""
