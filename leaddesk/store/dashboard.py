"""The dashboard's numbers for a period, computed in SQL without loading
leads: :func:`compute_dashboard` returns a :class:`Dashboard` of plain
frozen data (see :mod:`leaddesk.store.dashboard_data`), ready for charts,
the clipboard or a CSV file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from leaddesk.domain.clock import utcnow
from leaddesk.store import settings
from leaddesk.store.dashboard_data import (
    STAY_SAMPLE,
    BySource,
    Dashboard,
    FeedbackCount,
    FunnelStep,
    MonthMix,
    Period,
    SalServiceLevel,
    SourceCount,
    StageTime,
    TemperatureMix,
)
from leaddesk.store.dashboard_history import feedback, funnel, sal_service_level, stage_times
from leaddesk.store.dashboard_leads import by_source, leads_per_stage, temperature_mix

__all__ = [
    "STAY_SAMPLE",
    "BySource",
    "Dashboard",
    "FeedbackCount",
    "FunnelStep",
    "MonthMix",
    "Period",
    "SalServiceLevel",
    "SourceCount",
    "StageTime",
    "TemperatureMix",
    "compute_dashboard",
]

STEPS = 6


def compute_dashboard(
    session: Session,
    period: Period,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Dashboard:
    """Every aggregate of the dashboard for ``period`` ending ``now``.

    ``progress(done, total)`` is called between the parts; it may raise to
    cancel (the window's background helper does).
    """
    now = now or utcnow()
    since = period.since(now)

    def step(done: int) -> None:
        if progress is not None:
            progress(done, STEPS)

    current = leads_per_stage(session)
    step(1)
    steps = funnel(session, since, now, current)
    step(2)
    sources, temperatures = by_source(session, since)
    step(3)
    mix = temperature_mix(session, since, now, temperatures)
    step(4)
    times = stage_times(session, since, now)
    step(5)
    sal = sal_service_level(session, since, now, settings.sal_days(session))
    counts = feedback(session, since, now)
    step(6)
    return Dashboard(
        period=period,
        now=now,
        live_leads=sum(current.values()),
        funnel=steps,
        sources=sources,
        temperature=mix,
        stage_times=times,
        sal=sal,
        feedback=counts,
    )
