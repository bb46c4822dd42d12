"""The time as LeadDesk stores it: naive UTC, converted to local time only
for display."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def to_local(moment: datetime) -> datetime:
    """A stored (naive UTC) time in the user's time zone, still naive."""
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def to_utc(local: datetime) -> datetime:
    """A naive local time (as typed in the window) as stored."""
    return local.astimezone(UTC).replace(tzinfo=None)
