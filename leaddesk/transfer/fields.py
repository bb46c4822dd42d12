"""What a column of an imported file can become: a lead field, a custom
field kept under the column's name, or nothing (by the user's choice)."""

from __future__ import annotations

from enum import StrEnum


class Field(StrEnum):
    FIRST_NAME = "first_name"
    MIDDLE_NAME = "middle_name"
    LAST_NAME = "last_name"
    FULL_NAME = "full_name"
    COMPANY = "company"
    TITLE = "title"
    EMAIL = "email"
    PHONE = "phone"
    PHONE_E164 = "phone_e164"
    """The E.164 form of the numbers in the phone columns, written by the
    export so they read the same whatever the region (see transfer.phones)."""
    WEBSITE = "website"
    ADDRESS = "address"
    CITY = "city"
    POSTAL_CODE = "postal_code"
    COUNTRY = "country"
    SOURCE = "source"
    INTEREST = "interest"
    OWNER = "owner"
    TAGS = "tags"
    NOTES = "notes"
    COMPETITOR = "competitor"
    CONSENT = "consent"
    CONSENT_AT = "consent_at"
    CONSENT_HOW = "consent_how"
    DO_NOT_CONTACT = "do_not_contact"
    NEXT_FOLLOW_UP = "next_follow_up"
    STAGE = "stage"
    LEAD_STATUS = "lead_status"
    DISQUALIFIED_REASON = "disqualified_reason"
    BUDGET = "budget"
    AUTHORITY = "authority"
    NEED = "need"
    TIMEFRAME = "timeframe"
    BUDGET_DETAIL = "budget_detail"
    AUTHORITY_DETAIL = "authority_detail"
    NEED_DETAIL = "need_detail"
    TIMEFRAME_DETAIL = "timeframe_detail"
    CREATED_AT = "created_at"
    LAST_ACTIVITY_AT = "last_activity_at"
    LEAD_ID = "lead_id"
    """The lead a row of LeadDesk's own export came from: an import that
    updates existing leads writes the row over that lead."""
    COMPUTED = "computed"
    """A column LeadDesk computes (temperature, score…) in its own export:
    recomputed on import rather than read."""
    CUSTOM = "custom"
    """Kept on the lead as a custom field named like the column."""
    IGNORE = "ignore"
    """Left out, because the user said so."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())

    @property
    def multiple(self) -> bool:
        """Whether several columns (and several values in a cell) add up,
        rather than the first filled one winning."""
        return self in (
            Field.EMAIL, Field.PHONE, Field.PHONE_E164, Field.TAGS, Field.NOTES,
            Field.DO_NOT_CONTACT,
        )  # fmt: skip

    @property
    def is_lead_field(self) -> bool:
        return self not in (Field.COMPUTED, Field.CUSTOM, Field.IGNORE)


_LABELS = {
    Field.FULL_NAME: "Full name (split into first and last)",
    Field.EMAIL: "Email",
    Field.PHONE: "Phone",
    Field.PHONE_E164: "Phone, E.164 form (reads the phone)",
    Field.CONSENT_AT: "Consent date",
    Field.CONSENT_HOW: "Consent how",
    Field.DO_NOT_CONTACT: "Do not contact",
    Field.NEXT_FOLLOW_UP: "Next follow-up",
    Field.LEAD_STATUS: "Lead status (sets the stage when it names one)",
    Field.CREATED_AT: "Created",
    Field.LAST_ACTIVITY_AT: "Last activity",
    Field.LEAD_ID: "Lead ID (updates that lead)",
    Field.COMPUTED: "Computed by LeadDesk (not read)",
    Field.CUSTOM: "Keep as a custom field",
    Field.IGNORE: "Leave out",
}
