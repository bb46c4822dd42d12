"""The dashboard's numbers for a period, computed in SQL without loading
leads: :func:`compute_dashboard` returns a :class:`Dashboard` of plain
frozen data (see :mod:`leaddesk.store.dashboard_data`), ready for charts,
the clipboard or a CSV file."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from leaddesk.domain.clock import utcnow
from leaddesk.domain.stages import Stage
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
from leaddesk.store.dashboard_history import (
    entered_per_stage,
    feedback,
    funnel,
    sal_service_level,
    stage_times,
)
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

STEPS = 4


@dataclass(frozen=True, slots=True)
class _History:
    entered: dict[Stage, int]
    stage_times: tuple[StageTime, ...]
    sal: SalServiceLevel
    feedback: tuple[FeedbackCount, ...]


def _history(session: Session, since: datetime | None, now: datetime) -> _History:
    """The half of the dashboard read from the stage history and activities."""
    return _History(
        entered=entered_per_stage(session, since, now),
        stage_times=stage_times(session, since, now),
        sal=sal_service_level(session, since, now, settings.sal_days(session)),
        feedback=feedback(session, since, now),
    )


def compute_dashboard(
    session: Session,
    period: Period,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    concurrent: Session | None = None,
) -> Dashboard:
    """Every aggregate of the dashboard for ``period`` ending ``now``.

    With a second session in ``concurrent``, the half read from the stage
    history runs on it in a second thread while this one reads the leads:
    the database engine does the work outside Python's lock, so on two
    cores the dashboard takes about half the time. ``progress(done,
    total)`` is called between the parts; it may raise to cancel (the
    window's background helper does).
    """
    now = now or utcnow()
    since = period.since(now)

    def step(done: int) -> None:
        if progress is not None:
            progress(done, STEPS)

    with ThreadPoolExecutor(max_workers=1) as pool:
        later: Future[_History] | None = None
        if concurrent is not None:
            later = pool.submit(_history, concurrent, since, now)
        current = leads_per_stage(session)
        step(1)
        sources, temperatures = by_source(session, since)
        step(2)
        mix = temperature_mix(session, since, now, temperatures)
        step(3)
        history = later.result() if later is not None else _history(session, since, now)
        step(4)
    return Dashboard(
        period=period,
        now=now,
        live_leads=sum(current.values()),
        funnel=funnel(history.entered, current),
        sources=sources,
        temperature=mix,
        stage_times=history.stage_times,
        sal=history.sal,
        feedback=history.feedback,
    )
