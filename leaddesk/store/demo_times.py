"""Stored forms of demo times, made fast.

Demo data stores millions of times. Each is generated as whole seconds
before ``now``; :class:`StoredTimes` turns that into what the database
driver takes for a ``DateTime`` column. On SQLite, where a time is text,
the text is put together from a table of days and a table of times of day,
several times faster than formatting a ``datetime``. That shortcut is used
only when it gives the very text SQLAlchemy stores for a set of probes, so
a change of SQLAlchemy's storage format falls back to the plain conversion
rather than storing something else.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, DateTime
from sqlalchemy.engine import Dialect

_DAY = 86_400


def _converter(dialect: Dialect, type_: DateTime | Date) -> Any:
    return type_.dialect_impl(dialect).bind_processor(dialect)


class StoredTimes:
    """``times(seconds)`` is the stored form of ``now - seconds``;
    ``times.day(d)`` the stored form of a date. ``None`` stays ``None``."""

    def __init__(self, dialect: Dialect, now: datetime, days: int) -> None:
        self.now = now
        self._datetime = _converter(dialect, DateTime())
        self._date = _converter(dialect, Date())
        self._days: list[str] = []
        self._clock: list[str] = []
        midnight = datetime.combine(now.date(), time())
        self._since_midnight = int((now - midnight).total_seconds())
        # Up to how many seconds back the text comes from the tables.
        self._fast_until = -1
        if dialect.name != "sqlite":
            return
        self._days = [f"{midnight - timedelta(days=d):%Y-%m-%d}" for d in range(days + 2)]
        self._clock = [
            f" {h:02d}:{m:02d}:{s:02d}.{now.microsecond:06d}"
            for h in range(24)
            for m in range(60)
            for s in range(60)
        ]
        probes = (0, 1, 59, 3600, _DAY - 1, _DAY, _DAY + 1, 40 * _DAY + 7, days * _DAY)
        if any(self._text(p) != self._convert(p) for p in probes):
            self._days = []
        else:
            self._fast_until = days * _DAY

    def __call__(self, seconds: int | None) -> Any:
        if seconds is None:
            return None
        if 0 <= seconds <= self._fast_until:
            # _text, inline: this runs millions of times per demo load.
            day, second = divmod(self._since_midnight - seconds, _DAY)
            return self._days[-day] + self._clock[second]
        return self._convert(seconds)

    def day(self, value: date | None) -> Any:
        if value is None or self._date is None:
            return value
        return self._date(value)

    def _text(self, seconds: int) -> str:
        # Relative to today's midnight: day 0 is today, -1 yesterday...
        day, second = divmod(self._since_midnight - seconds, _DAY)
        return self._days[-day] + self._clock[second]

    def _convert(self, seconds: int) -> Any:
        moment = self.now - timedelta(seconds=seconds)
        return self._datetime(moment) if self._datetime else moment
