"""The row a new lead is inserted as, computed away from the database.

An import's worker processes compute each new lead's finished row, so the
process that writes does only the writing. They import this module and
not SQLAlchemy (a fifth of a second for each worker, while the file is
still being read): how each column's value is converted for the driver
is read off SQLAlchemy's types by the process that starts the import
(:func:`row_plan`) and handed over as plain data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from leaddesk.domain.contact import check_email, check_phone
from leaddesk.domain.lead import Lead
from leaddesk.store.derive import LEAD_COLUMNS

INSERTED_COLUMNS: tuple[str, ...] = (
    "id", "import_batch_id", *LEAD_COLUMNS,
    "created_at", "updated_at", "stage_entered_at", "last_activity_at", "version",
)  # fmt: skip
"""The columns of an imported lead's row, as :class:`LeadValues` gives them."""
STAGE = INSERTED_COLUMNS.index("stage")
REASON = INSERTED_COLUMNS.index("disqualified_reason")
ENTERED = INSERTED_COLUMNS.index("stage_entered_at")


@dataclass(frozen=True)
class RowPlan:
    """How the driver takes each converted column of :data:`INSERTED_COLUMNS`:
    ``(index, kind, storage format)`` with kind "datetime", "date" (text
    in that format, SQLite) or "int", "bool" (booleans)."""

    conversions: tuple[tuple[int, str, str], ...]


# SQLite's date and time text, as SQLAlchemy documents it (its types keep
# the format they use, which row_plan() reads).
_DATETIME = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"
)
_DATE = "%(year)04d-%(month)02d-%(day)02d"


@lru_cache(maxsize=4)
def row_plan(dialect_name: str) -> RowPlan:
    """The conversions SQLAlchemy's column types make for ``dialect_name``.
    Raises ValueError for a conversion this module cannot make itself."""
    from sqlalchemy import Boolean
    from sqlalchemy.dialects.sqlite.base import DATE, DATETIME

    from leaddesk.store.bulk import dialect_named, table

    dialect = dialect_named(dialect_name)
    leads = table("leads")
    conversions = []
    for index, name in enumerate(INSERTED_COLUMNS):
        kind = leads.c[name].type.dialect_impl(dialect)
        if kind.bind_processor(dialect) is None:
            continue
        if isinstance(kind, DATETIME):
            conversions.append((index, "datetime", getattr(kind, "_storage_format", _DATETIME)))
        elif isinstance(kind, DATE):
            conversions.append((index, "date", getattr(kind, "_storage_format", _DATE)))
        elif isinstance(kind, Boolean):
            conversions.append((index, "bool" if dialect.supports_native_boolean else "int", ""))
        else:
            raise ValueError(f"No conversion for {name} ({kind!r}) on {dialect_name}.")
    return RowPlan(tuple(conversions))


class LeadValues:
    """The row a new lead is inserted as: its columns (from
    :func:`leaddesk.store.derive.lead_columns`) and times, converted as
    the database driver takes them (see :func:`row_plan`). The id and
    import batch are left as None, to be filled in when it is inserted."""

    def __init__(self, plan: RowPlan) -> None:
        self.converters = [
            (index, _last_remembered(_CONVERSIONS[kind](storage)))
            for index, kind, storage in plan.conversions
        ]

    def __call__(self, lead: Lead, columns: dict[str, Any], now: datetime) -> list[Any]:
        created = lead.created_at or now
        entered = lead.stage_entered_at or created
        values = [None, None, *[columns[name] for name in LEAD_COLUMNS], created, created, entered]
        values += (lead.last_activity_at, 1)
        for index, processor in self.converters:
            values[index] = processor(values[index])
        return values


def _as_datetime_text(storage: str) -> Callable[[Any], Any]:
    def process(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, datetime):
            return storage % {
                "year": value.year, "month": value.month, "day": value.day,
                "hour": value.hour, "minute": value.minute, "second": value.second,
                "microsecond": value.microsecond,
            }  # fmt: skip
        if isinstance(value, date):
            return storage % {
                "year": value.year, "month": value.month, "day": value.day,
                "hour": 0, "minute": 0, "second": 0, "microsecond": 0,
            }  # fmt: skip
        raise TypeError(f"Not a date or time: {value!r}")

    return process


def _as_boolean(kind: type[int] | type[bool]) -> Callable[[str], Callable[[Any], Any]]:
    def make(_: str) -> Callable[[Any], Any]:
        def process(value: Any) -> Any:
            if value is None:
                return None
            if value not in (True, False):
                raise TypeError(f"Not a boolean: {value!r}")
            return kind(value)

        return process

    return make


_CONVERSIONS: dict[str, Callable[[str], Callable[[Any], Any]]] = {
    "datetime": _as_datetime_text,
    "date": _as_datetime_text,  # a date's format names only the date's fields
    "int": _as_boolean(int),
    "bool": _as_boolean(bool),
}


def _last_remembered(processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``processor`` remembering its last value: rows of one import share
    their times (created, updated and entered are the import's moment),
    and turning a datetime into SQLite's text takes a microsecond."""
    last: list[Any] = [None, None]

    def process(value: Any) -> Any:
        if value is last[0] and value is not None:
            return last[1]
        converted = processor(value)
        last[0], last[1] = value, converted
        return converted

    return process


def contact_rows(lead: Lead, region: str) -> list[tuple[str, str, str, str]]:
    """(kind, value, key, region) of a lead's further emails and phones,
    keyed as :mod:`leaddesk.store.leads` keys them, each number with the
    region it is read with when that is not the lead's (see
    :func:`leaddesk.store.derive.contact_region`)."""
    rows = [("email", v, check_email(v).key, "") for v in lead.emails if v.strip()]
    own = lead.region_for(lead.phone, region)
    for value in lead.phones:
        if value.strip():
            read_with = lead.region_for(value, region)
            key = check_phone(value, read_with).e164 or value.strip()
            rows.append(("phone", value, key, "" if read_with == own else read_with))
    return rows
