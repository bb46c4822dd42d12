"""Settings that belong to a database rather than to one user's window
(shared by everyone on a team database): the default phone region and the
SAL service level; and the key that tells this database's lead IDs from
another's in an exported file."""

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


def sal_days(session: Session) -> int:
    stored = get(session, SAL_DAYS)
    return int(stored) if stored and stored.isdigit() else DEFAULT_SAL_DAYS


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
