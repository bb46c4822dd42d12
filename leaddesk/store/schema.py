"""SQLAlchemy 2 models of the lead database.

Columns that other columns derive from (temperature from BANT, the folded
sort and search texts, the score) are computed in Python on every write by
:mod:`leaddesk.store.derive`, so all databases agree on them and SQL can
filter and sort on them with plain indexes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from leaddesk.store.derive import SORT_VALUE_LENGTH

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Partial indexes and the condition PostgreSQL gets once it is used. A
# ``postgresql_where=`` argument given here would import SQLAlchemy's whole
# PostgreSQL dialect (about 30 ms, asyncpg support included) on every start,
# to validate the argument, even for a SQLite file.
_POSTGRESQL_WHERE: list[tuple[Index, str]] = []


def _partial(name: str, column: str, where: str) -> Index:
    """An index of only the rows where ``where`` holds (SQLite and PostgreSQL)."""
    index = Index(name, column, sqlite_where=text(where))
    _POSTGRESQL_WHERE.append((index, where))
    return index


def _live(name: str, *columns: str) -> Index:
    """An index of the leads not in the trash: every list of live leads
    can walk it without looking at the rows it skips (deep pages, counts)."""
    where = "deleted_at IS NULL"
    index = Index(name, *columns, sqlite_where=text(where))
    _POSTGRESQL_WHERE.append((index, where))
    return index


def use_postgresql() -> None:
    """Gives the partial indexes their PostgreSQL condition; called before
    the models meet a PostgreSQL database (opening one, comparing with it).
    Calling it again does nothing."""
    while _POSTGRESQL_WHERE:
        index, where = _POSTGRESQL_WHERE.pop()
        index.dialect_kwargs["postgresql_where"] = text(where)


def _text(length: int = 255) -> Mapped[str]:
    return mapped_column(String(length), nullable=False, default="", server_default="")


class LeadRow(Base):
    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = _text()
    last_name: Mapped[str] = _text()
    company: Mapped[str] = _text()
    title: Mapped[str] = _text()
    email: Mapped[str] = _text(320)
    email_key: Mapped[str] = _text(320)
    phone: Mapped[str] = _text(64)
    phone_e164: Mapped[str] = _text(20)
    phone_region: Mapped[str] = _text(8)
    """The region the phone numbers were read with (see Lead.phone_regions)."""
    website: Mapped[str] = _text(2048)
    address: Mapped[str] = _text(1024)
    city: Mapped[str] = _text()
    postal_code: Mapped[str] = _text(32)
    country: Mapped[str] = _text()
    source: Mapped[str] = _text()
    interest: Mapped[str | None] = mapped_column(String(16))
    interest_manual: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    owner: Mapped[str] = _text()
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    competitor: Mapped[str] = _text()
    consent: Mapped[str] = mapped_column(String(8), nullable=False, default="unknown")
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    consent_how: Mapped[str] = _text()
    do_not_contact: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    next_follow_up: Mapped[date | None] = mapped_column(Date)

    budget: Mapped[str] = mapped_column(String(8), nullable=False, default="unknown")
    authority: Mapped[str] = mapped_column(String(8), nullable=False, default="unknown")
    need: Mapped[str] = mapped_column(String(8), nullable=False, default="unknown")
    timeframe: Mapped[str] = mapped_column(String(8), nullable=False, default="unknown")
    budget_detail: Mapped[str] = _text()
    authority_detail: Mapped[str] = _text()
    need_detail: Mapped[str] = _text()
    timeframe_detail: Mapped[str] = _text()

    stage: Mapped[str] = mapped_column(String(16), nullable=False, default="new")
    stage_entered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    disqualified_reason: Mapped[str] = _text(1024)

    temperature: Mapped[str] = mapped_column(String(8), nullable=False, default="cold")
    score: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    enrichment: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    needs_review: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    review_reasons: Mapped[str] = mapped_column(Text, nullable=False, default="")

    sort_name: Mapped[str] = _text(512)
    sort_company: Mapped[str] = _text()
    name_key: Mapped[str] = _text(512)
    company_key: Mapped[str] = _text()
    """The keys of the lead's name and company that imports look
    duplicates up by (see :mod:`leaddesk.domain.identity`)."""
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")

    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_by: Mapped[str] = _text()
    """Who saved the lead last (a database user or login name)."""

    __table_args__ = (
        # Sorts users reach for at a million leads get an index of the live
        # leads (with id, so a page in that order is an index walk and ties
        # are stable). Every
        # index costs each insert time, so rarer sorts and filters (source,
        # owner, temperature) walk the name index instead, and sparse
        # columns get partial indexes.
        _live("ix_leads_sort_name", "sort_name", "id"),
        _live("ix_leads_sort_company", "sort_company", "id"),
        _live("ix_leads_created_at", "created_at", "id"),
        _live("ix_leads_score", "score", "id"),
        _live("ix_leads_stage", "stage", "score", "id"),
        # The dashboard counts leads per source and per temperature by
        # walking these instead of the wide rows (store/dashboard_leads.py).
        _live("ix_leads_source_mix", "source", "interest", "temperature", "stage", "created_at"),
        _live("ix_leads_temperature", "temperature", "created_at"),
        _live("ix_leads_owner", "owner"),
        # Sorting full-text matches by name reads this slim index instead of
        # the wide rows (see queries._index_by_name).
        _live("ix_leads_id_name", "id", "sort_name"),
        _partial("ix_leads_email_key", "email_key", "email_key != ''"),
        # Imports look people up by company and name, and by a phone
        # number kept as typed because it is not valid.
        _live("ix_leads_identity", "company_key", "name_key"),
        _partial("ix_leads_typed_phone", "phone", "phone_e164 = '' AND phone != ''"),
        _partial("ix_leads_phone_e164", "phone_e164", "phone_e164 != ''"),
        _partial("ix_leads_next_follow_up", "next_follow_up", "next_follow_up IS NOT NULL"),
        _partial("ix_leads_needs_review", "id", "needs_review"),
        _partial("ix_leads_import_batch_id", "import_batch_id", "import_batch_id IS NOT NULL"),
        # The trash, which every count of the window and the dashboard
        # leaves out: found without reading the live leads.
        _partial("ix_leads_trash", "deleted_at", "deleted_at IS NOT NULL"),
        # The latest change, which windows poll to notice others' edits.
        Index("ix_leads_updated_at", "updated_at"),
    )


class LeadContact(Base):
    """Further email addresses and phone numbers of a lead."""

    __tablename__ = "lead_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # "email" | "phone"
    value: Mapped[str] = mapped_column(String(320), nullable=False)
    key: Mapped[str] = mapped_column(String(320), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    region: Mapped[str] = _text(8)
    """A phone number's region when it is not the lead's ``phone_region``."""


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    key: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)


class LeadTag(Base):
    __tablename__ = "lead_tags"

    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CustomField(Base):
    """A column from an imported file that maps to no lead field."""

    __tablename__ = "custom_fields"

    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sort_value: Mapped[str] = _text(SORT_VALUE_LENGTH)
    """The value folded and cut short (derive.custom_sort_value): what the
    field is sorted and filtered by, through the index below."""

    __table_args__ = (
        # Walked in order to sort leads by a field, sought to filter by a
        # value, skipped through to list the fields in use.
        Index("ix_custom_fields_sort", "name", "sort_value", "lead_id"),
    )


class StageChangeRow(Base):
    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), nullable=False)
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16), nullable=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    reason: Mapped[str] = _text(1024)

    __table_args__ = (
        Index("ix_stage_changes_lead", "lead_id", "changed_at"),
        Index("ix_stage_changes_to_stage", "to_stage", "changed_at"),
        # Stays that ended in a period, for the dashboard's time in stage.
        Index("ix_stage_changes_from_stage", "from_stage", "changed_at", "lead_id"),
    )


class ActivityRow(Base):
    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    outcome: Mapped[str] = _text()
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    duration_seconds: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = (
        Index("ix_activities_lead", "lead_id", "occurred_at"),
        Index("ix_activities_kind", "kind", "occurred_at"),
    )


class ActivityTag(Base):
    __tablename__ = "activity_tags"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ImportBatch(Base):
    """One import: its counts and report, so it can be listed and reverted."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(1024), nullable=False)
    started_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    merged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    needs_review: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rejected: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    report: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reverted_at: Mapped[datetime | None] = mapped_column(DateTime)


class ImportBatchLead(Base):
    """A lead an import created or merged into; ``before`` holds the merged
    lead's previous values (JSON) so the merge can be undone."""

    __tablename__ = "import_batch_leads"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), primary_key=True
    )
    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    action: Mapped[str] = mapped_column(String(8), nullable=False)  # "created" | "merged"
    before: Mapped[str | None] = mapped_column(Text)


class ImportRow(Base):
    """Which lead each row of an import went into (created, merged into,
    or skipped as a duplicate of), with the row's identity: a hash of
    what identifies the person it names (see
    :func:`leaddesk.transfer.duplicates.identity`). A row imported again
    goes to the same lead, whatever was decided for it the first time."""

    __tablename__ = "import_rows"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), primary_key=True
    )
    row: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True
    )
    identity: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")
