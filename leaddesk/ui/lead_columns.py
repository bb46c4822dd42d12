"""The lead table's columns: one per field of a lead, in the order they
are listed, then one per custom field; which a first start shows; and the
text of each cell.

Custom fields' columns carry the field's name as the import named it;
their keys ("custom:Sector") keep them apart from the lead fields'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from leaddesk.domain.clock import to_local
from leaddesk.domain.contact import format_international
from leaddesk.domain.sources import Interest, source_label
from leaddesk.store.queries import LeadSummary, SortKey


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort: SortKey | None
    width: int  # in average character widths
    sample: str = ""
    """The longest text the column usually holds: it is never narrower at
    first start (a phone number in international form)."""
    custom: str = ""
    """The custom field's name, for a custom field's column."""
    filter: str = ""
    """The field a value of this column filters by (see queries.FILTERABLE)."""

    @property
    def is_custom(self) -> bool:
        return bool(self.custom)


COLUMNS: tuple[Column, ...] = (
    Column("name", str(QT_TRANSLATE_NOOP("LeadTableModel", "Name")), SortKey.NAME, 22),
    Column("company", str(QT_TRANSLATE_NOOP("LeadTableModel", "Company")), SortKey.COMPANY, 24),
    Column("title", str(QT_TRANSLATE_NOOP("LeadTableModel", "Title")), SortKey.TITLE, 18),
    Column("stage", str(QT_TRANSLATE_NOOP("LeadTableModel", "Stage")), SortKey.STAGE, 11),
    Column(
        "temperature",
        str(QT_TRANSLATE_NOOP("LeadTableModel", "Temperature")),
        SortKey.TEMPERATURE,
        11,
    ),
    Column("score", str(QT_TRANSLATE_NOOP("LeadTableModel", "Score")), SortKey.SCORE, 6),
    Column("source", str(QT_TRANSLATE_NOOP("LeadTableModel", "Source")), SortKey.SOURCE, 14),
    Column("email", str(QT_TRANSLATE_NOOP("LeadTableModel", "Email")), SortKey.EMAIL, 28),
    Column(
        "phone",
        str(QT_TRANSLATE_NOOP("LeadTableModel", "Phone")),
        SortKey.PHONE,
        17,
        sample="+33 6 60 86 18 62",
    ),
    Column(
        "follow_up",
        str(QT_TRANSLATE_NOOP("LeadTableModel", "Next follow-up")),
        SortKey.FOLLOW_UP,
        13,
        sample="Yesterday",
    ),
    Column(
        "last_activity",
        str(QT_TRANSLATE_NOOP("LeadTableModel", "Last activity")),
        SortKey.LAST_ACTIVITY,
        13,
    ),
    Column("created", str(QT_TRANSLATE_NOOP("LeadTableModel", "Created")), SortKey.CREATED, 12),
    Column("owner", str(QT_TRANSLATE_NOOP("LeadTableModel", "Owner")), SortKey.OWNER, 14,
           filter="owner"),
    Column("city", str(QT_TRANSLATE_NOOP("LeadTableModel", "City")), SortKey.CITY, 14,
           filter="city"),
    Column("postal_code", str(QT_TRANSLATE_NOOP("LeadTableModel", "Postal code")),
           SortKey.POSTAL_CODE, 9, filter="postal_code"),
    Column("country", str(QT_TRANSLATE_NOOP("LeadTableModel", "Country")), SortKey.COUNTRY, 14,
           filter="country"),
    Column("address", str(QT_TRANSLATE_NOOP("LeadTableModel", "Address")), SortKey.ADDRESS, 24,
           filter="address"),
    Column("website", str(QT_TRANSLATE_NOOP("LeadTableModel", "Website")), SortKey.WEBSITE, 22,
           filter="website"),
    Column("competitor", str(QT_TRANSLATE_NOOP("LeadTableModel", "Competitor")),
           SortKey.COMPETITOR, 14, filter="competitor"),
    Column("interest", str(QT_TRANSLATE_NOOP("LeadTableModel", "Interest")), SortKey.INTEREST, 10),
    Column("consent", str(QT_TRANSLATE_NOOP("LeadTableModel", "Opted in")), SortKey.CONSENT, 8),
    Column("tags", str(QT_TRANSLATE_NOOP("LeadTableModel", "Tags")), None, 16),
)  # fmt: skip
"""The lead fields' columns; custom fields' columns follow them."""
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
SHOWN_AT_FIRST = ("name", "company", "stage", "temperature", "follow_up", "phone", "email", "score")
"""The columns a first start shows, in this order: what a salesperson
works by, the next follow-up before the contact details."""
CUSTOM_PREFIX = "custom:"


def custom_column(name: str) -> Column:
    """The column of the custom field ``name``: titled as its file did."""
    return Column(CUSTOM_PREFIX + name, name, SortKey.CUSTOM, 16, custom=name)


def relative_day(day: date, today: date) -> str:
    """ "Today", "Tomorrow", "Yesterday", else the date."""
    delta = (day - today).days
    words = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}
    if delta in words:
        return QCoreApplication.translate("LeadTableModel", words[delta])
    return day.strftime("%d %b %Y")


# Parsing a number again to format it costs about 0.2 ms, most of a row's
# cells; the same numbers come back page after page.
_international = lru_cache(maxsize=4096)(format_international)


_ANSWERS = {"yes": "Yes", "no": "No", "unknown": ""}


def cells(
    row: LeadSummary, today: date, tags: list[str], custom: dict[str, str], names: list[str]
) -> tuple[str, ...]:
    last = to_local(row.last_activity_at).date() if row.last_activity_at else None
    phone = _international(row.phone_e164) if row.phone_e164 else row.phone
    interest = Interest(row.interest).label if row.interest else ""
    consent = _ANSWERS.get(row.consent, "")
    return (
        row.display_name,
        row.company,
        row.title,
        row.stage.label,
        row.temperature.label,
        str(row.score),
        source_label(row.source),
        row.email,
        phone,
        relative_day(row.next_follow_up, today) if row.next_follow_up else "",
        relative_day(last, today) if last else "",
        to_local(row.created_at).strftime("%d %b %Y"),
        row.owner,
        row.city,
        row.postal_code,
        row.country,
        row.address,
        row.website,
        row.competitor,
        QCoreApplication.translate("LeadTableModel", interest) if interest else "",
        QCoreApplication.translate("LeadTableModel", consent) if consent else "",
        ", ".join(tags),
        *(custom.get(name, "") for name in names),
    )
