"""The dashboard's numbers for a period, computed in SQL without loading
leads: :func:`compute_dashboard` returns a :class:`Dashboard` of plain
frozen data (see :mod:`leaddesk.store.dashboard_data`), ready for charts,
the clipboard or a CSV file."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from leaddesk.domain.clock import utcnow
from leaddesk.store import settings
from leaddesk.store.dashboard_data import (
    FUNNEL_SAMPLE,
    STAY_SAMPLE,
    Bucket,
    BySource,
    Dashboard,
    FeedbackCount,
    FunnelStep,
    Period,
    SalServiceLevel,
    SourceCount,
    StageTime,
    TemperatureMix,
)
from leaddesk.store.dashboard_funnel import entries_per_stage, funnel
from leaddesk.store.dashboard_history import feedback, sal_service_level, stage_times
from leaddesk.store.dashboard_leads import by_source, leads_per_stage, temperature_mix
from leaddesk.store.dashboard_trash import read_trash

__all__ = [
    "FUNNEL_SAMPLE",
    "STAY_SAMPLE",
    "Bucket",
    "BySource",
    "Dashboard",
    "FeedbackCount",
    "FunnelStep",
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
    funnel: tuple[FunnelStep, ...]
    """Without the leads in each stage now (the other half counts them)."""
    stage_times: tuple[StageTime, ...]


def _history(session: Session, since: datetime | None, now: datetime) -> _History:
    """The funnel and the time in stage, read from the stage history: the
    heavier half of the work."""
    trash = read_trash(session)
    entries = entries_per_stage(session, since, now)
    return _History(
        funnel=funnel(session, since, now, entries, trash),
        stage_times=stage_times(session, since, now, trash),
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

    With a second session in ``concurrent``, the funnel and the time in
    stage run on it in a second thread while this one reads the leads, the
    feedback and the service level: the database engine does the work
    outside Python's lock, so on two cores the dashboard takes about half
    the time. ``progress(done, total)`` is called between the parts; it may
    raise to cancel (the window's background helper does).
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
        trash = read_trash(session)
        step(1)
        sources, temperatures = by_source(session, since)
        mix = temperature_mix(session, since, now, temperatures)
        step(2)
        notes = feedback(session, since, now, trash)
        sal = sal_service_level(session, since, now, settings.sal_days(session), trash)
        step(3)
        history = later.result() if later is not None else _history(session, since, now)
        step(4)
    return Dashboard(
        period=period,
        now=now,
        live_leads=sum(current.values()),
        funnel=tuple(replace(s, now=current[s.stage]) for s in history.funnel),
        sources=sources,
        temperature=mix,
        stage_times=history.stage_times,
        sal=sal,
        feedback=notes,
    )
