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

MAX_MONTHS = 24
"""Months the temperature mix shows at most ("all time" on an old database
would otherwise squeeze decades into one chart)."""


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
    """One stage of the funnel.

    ``entered`` counts the moves into the stage during the period (from the
    stage history, a new lead counting as entering its first stage);
    ``conversion`` is ``entered`` over the previous funnel stage's
    ``entered``: the usual flow rate ("SALs this quarter / MQLs this
    quarter"). It can pass 100 % when leads skip a stage or a period cuts
    through their journey. ``now`` is how many live leads are in the stage.
    """

    stage: Stage
    now: int
    entered: int
    conversion: float | None


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
class MonthMix:
    """Leads that came in during one month, by their temperature."""

    month: date
    """The first day of the month."""
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
    by the month they came in.

    Temperature follows BANT, and BANT answers have no history: a lead is
    counted with the temperature it has today, in the month it was created.
    """

    months: tuple[MonthMix, ...]
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
