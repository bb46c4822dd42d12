"""What the dashboard shows, as plain frozen data: the period it covers and
one record per chart (funnel, sources, temperature mix, time in stage, SAL
service level, product feedback). Computed by :mod:`leaddesk.store.dashboard`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from leaddesk.domain.bant import Temperature
from leaddesk.domain.stages import Stage

STAY_SAMPLE = 2_000
"""Stays per stage (and MQLs for the service level) the medians and shares
are measured over: the most recent ones in the period. Exact for any
database a person keeps by hand; at a million leads it keeps the work
bounded, and the median of 2,000 stays is within a few percent of the
median of all of them."""

FUNNEL_SAMPLE = 1_000
"""Entries into a stage the funnel counts lead by lead, exactly; a stage
with more is estimated from a sample of about this many of its entries
(see :mod:`leaddesk.store.dashboard_funnel`)."""

MAX_BUCKETS = 13
"""Bars the temperature mix shows at most: a year by the month (thirteen
calendar months touch any 365 days), else quarters, years, or spans of
several years, so a chart of ten years of leads has ten bars, not 120."""

BUCKET_MONTHS = (1, 3, 12, 24, 60, 120, 240, 600, 1200)
"""The sizes a bar of the temperature mix can take, in months: a month, a
quarter, a year, then 2, 5, 10, 20, 50 and 100 years."""


class Period(StrEnum):
    """The time span the dashboard looks at."""

    LAST_30_DAYS = "30"
    LAST_90_DAYS = "90"
    LAST_365_DAYS = "365"
    ALL = "all"

    @property
    def days(self) -> int | None:
        return None if self is Period.ALL else int(self.value)

    def since(self, now: datetime) -> datetime | None:
        """The first moment of the period; None for all time."""
        days = self.days
        return None if days is None else now - timedelta(days=days)


@dataclass(frozen=True, slots=True)
class FunnelStep:
    """One stage of the funnel, over the leads that entered it in the period
    (see ``docs/dashboard.md``)."""

    stage: Stage
    now: int
    """Live leads in the stage now, whatever the period."""
    entered: int
    """Leads not in the trash that entered the stage during the period,
    each counted once; a lead entering the stage it was created or
    imported in counts, at its creation."""
    moved_on: int | None
    """Of those same leads, how many entered a later funnel stage after
    (by now); None for customer and disqualified, which have no later stage."""
    estimated: bool = False
    """The counts are scaled from a sample of the leads (a stage with more
    than :data:`FUNNEL_SAMPLE` entries in the period)."""

    @property
    def conversion(self) -> float | None:
        """``moved_on`` as a share of ``entered``, 0 to 1; None when the
        stage has no later stage or no lead entered it (undefined)."""
        if self.moved_on is None or not self.entered:
            return None
        return self.moved_on / self.entered


@dataclass(frozen=True, slots=True)
class SourceCount:
    """Leads that came in during the period from one source."""

    source: str
    label: str
    leads: int
    hot: int
    customers: int


@dataclass(frozen=True, slots=True)
class BySource:
    sources: tuple[SourceCount, ...]
    """Most leads first."""
    inbound: int
    outbound: int
    unknown: int
    """Leads whose source says neither (other, or a source typed by hand)."""


@dataclass(frozen=True, slots=True)
class Bucket:
    """Leads that came in during one span of the calendar (a month, a
    quarter, a year or several), by their temperature."""

    start: date
    """The first day of the span."""
    end: date
    """The day after its last day."""
    hot: int
    warm: int
    cold: int

    @property
    def total(self) -> int:
        return self.hot + self.warm + self.cold

    def count(self, temperature: Temperature) -> int:
        return {Temperature.HOT: self.hot, Temperature.WARM: self.warm}.get(temperature, self.cold)


@dataclass(frozen=True, slots=True)
class TemperatureMix:
    """Temperature of the leads that came in during the period, overall and
    by when they came in.

    Temperature follows BANT, and BANT answers have no history: a lead is
    counted with the temperature it has today, in the span it was created.
    Every bucket spans ``months`` calendar months (one of
    :data:`BUCKET_MONTHS`), aligned on the calendar (quarters start in
    January, April, July and October; five years in 2015, 2020…); the first
    one counts from the start of the period.
    """

    buckets: tuple[Bucket, ...]
    months: int
    hot: int
    warm: int
    cold: int

    @property
    def total(self) -> int:
        return self.hot + self.warm + self.cold

    def count(self, temperature: Temperature) -> int:
        return {Temperature.HOT: self.hot, Temperature.WARM: self.warm}.get(temperature, self.cold)


@dataclass(frozen=True, slots=True)
class StageTime:
    """How long leads stayed in a stage, over the stays that ended (the lead
    moved on) during the period; at most :data:`STAY_SAMPLE`, newest first."""

    stage: Stage
    median_days: float | None
    """None when no stay ended in the period."""
    stays: int


@dataclass(frozen=True, slots=True)
class SalServiceLevel:
    """Of the leads that became MQL during the period (at most
    :data:`STAY_SAMPLE`, newest first): how many sales accepted or rejected
    (moved on, to any stage) within ``days``, how many later, and how many
    are still waiting past the limit. MQLs still inside the limit are
    ``pending`` and not part of the share."""

    days: int
    in_time: int
    late: int
    waiting: int
    pending: int

    @property
    def due(self) -> int:
        """MQLs whose limit has passed: the base of the share."""
        return self.in_time + self.late + self.waiting

    @property
    def share(self) -> float | None:
        """The service level, 0 to 1; None when no MQL was due."""
        return self.in_time / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class FeedbackCount:
    """Product feedback activities logged in the period with one tag."""

    tag: str
    count: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    period: Period
    now: datetime
    live_leads: int
    """Leads in the database (not in the trash), whatever the period."""
    funnel: tuple[FunnelStep, ...]
    """The funnel stages in order, then disqualified."""
    sources: BySource
    temperature: TemperatureMix
    stage_times: tuple[StageTime, ...]
    sal: SalServiceLevel
    feedback: tuple[FeedbackCount, ...]
    """Most frequent first."""

    @property
    def is_empty(self) -> bool:
        return self.live_leads == 0
