"""Settings that belong to a database rather than to one user's window
(shared by everyone on a team database): the default phone region, the
SAL service level and the region the last import read its numbers with;
and the key that tells this database's lead IDs from another's in an
exported file.

Each setting a person chooses has a reader that never fails (a missing or
damaged value reads as its default) and a writer that refuses a value it
cannot use, with one sentence saying why."""

from __future__ import annotations

import secrets
import string

from sqlalchemy import select
from sqlalchemy.orm import Session

from leaddesk.domain.contact import default_region, is_region
from leaddesk.domain.stages import DEFAULT_SAL_DAYS
from leaddesk.store.schema import Setting

PHONE_REGION = "phone_region"
SAL_DAYS = "sal_days"
DATABASE_KEY = "database_key"
IMPORT_REGION = "import_region"

SAL_DAYS_RANGE = range(1, 91)
"""Service levels a team can set, in days."""


def get(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def phone_region(session: Session) -> str:
    """The region for phone numbers written without a country code."""
    stored = get(session, PHONE_REGION)
    return stored if stored and is_region(stored) else default_region()


def has_phone_region(session: Session) -> bool:
    """Whether someone chose the region (or the first start did)."""
    stored = get(session, PHONE_REGION)
    return bool(stored and is_region(stored))


def region_problem(code: str) -> str:
    """Why ``code`` cannot be a phone region, or "" when it can."""
    if not code or not is_region(code):
        return f"“{code}” is not a country LeadDesk knows phone numbers of."
    return ""


def set_phone_region(session: Session, code: str) -> None:
    """Raises ValueError (one sentence) for a code that is not a region."""
    problem = region_problem(code)
    if problem:
        raise ValueError(problem)
    put(session, PHONE_REGION, code.upper())


def import_region(session: Session) -> str:
    """The region the last import read its numbers with, else the default
    region: the next file most likely comes from the same place."""
    stored = get(session, IMPORT_REGION)
    return stored if stored and is_region(stored) else phone_region(session)


def remember_import_region(session: Session, code: str) -> None:
    if not region_problem(code):
        put(session, IMPORT_REGION, code.upper())


def sal_days(session: Session) -> int:
    stored = get(session, SAL_DAYS)
    if stored and stored.isdigit() and int(stored) in SAL_DAYS_RANGE:
        return int(stored)
    return DEFAULT_SAL_DAYS


def sal_days_problem(days: int) -> str:
    """Why ``days`` cannot be the SAL service level, or "" when it can."""
    if days not in SAL_DAYS_RANGE:
        first, last = SAL_DAYS_RANGE[0], SAL_DAYS_RANGE[-1]
        return f"The SAL service level is between {first} and {last} days."
    return ""


def set_sal_days(session: Session, days: int) -> None:
    problem = sal_days_problem(days)
    if problem:
        raise ValueError(problem)
    put(session, SAL_DAYS, str(days))


def database_key(session: Session, *, create: bool = False) -> str:
    """Eight letters naming this database in the lead IDs it exports
    ("1234-qhbtzmxa"), so an update never writes one database's row over
    another's lead of the same number. Made on first use (with ``create``);
    a copy of the database (copy-db) keeps it, as it keeps the ids."""
    stored = get(session, DATABASE_KEY)
    if stored or not create:
        return stored or ""
    key = "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))
    put(session, DATABASE_KEY, key)
    return key
