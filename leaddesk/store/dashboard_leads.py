"""Dashboard aggregates over the leads themselves: how many are in each
stage, where the leads of a period came from, and their temperature month
by month.

Every count walks a slim index of the live leads (``ix_leads_stage``,
``ix_leads_source_mix``, ``ix_leads_temperature``) in its own order, so
SQLite never sorts a million rows to group them and never reads the wide
lead rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from leaddesk.domain.bant import Temperature
from leaddesk.domain.sources import Interest, source_label
from leaddesk.domain.stages import Stage
from leaddesk.store.dashboard_data import (
    MAX_MONTHS,
    BySource,
    MonthMix,
    SourceCount,
    TemperatureMix,
)
from leaddesk.store.schema import LeadRow

_LIVE = LeadRow.deleted_at.is_(None)
_STAGES = {str(stage) for stage in Stage}
_TEMPERATURES = {str(temperature) for temperature in Temperature}


def leads_per_stage(session: Session) -> dict[Stage, int]:
    """Live leads in each stage now (every stage present, zero when empty)."""
    rows = session.execute(
        select(LeadRow.stage, func.count()).where(_LIVE).group_by(LeadRow.stage)
    ).all()
    counts = dict.fromkeys(Stage, 0)
    for stage, count in rows:
        if stage in _STAGES:
            counts[Stage(stage)] = count
    return counts


def _came_in(since: datetime | None) -> list[ColumnElement[bool]]:
    return [_LIVE] if since is None else [_LIVE, LeadRow.created_at >= since]


def by_source(session: Session, since: datetime | None) -> tuple[BySource, dict[Temperature, int]]:
    """Leads, hot leads and customers per source, inbound against outbound,
    and the temperature totals, for the leads created since ``since``: one
    walk of ``ix_leads_source_mix`` grouped in index order."""
    statement = (
        select(LeadRow.source, LeadRow.interest, LeadRow.temperature, LeadRow.stage, func.count())
        .where(*_came_in(since))
        .group_by(LeadRow.source, LeadRow.interest, LeadRow.temperature, LeadRow.stage)
    )
    leads: dict[str, int] = defaultdict(int)
    hot: dict[str, int] = defaultdict(int)
    customers: dict[str, int] = defaultdict(int)
    interests: dict[Interest | None, int] = defaultdict(int)
    temperatures = dict.fromkeys(Temperature, 0)
    for source, interest, temperature, stage, count in session.execute(statement):
        leads[source] += count
        if temperature == Temperature.HOT:
            hot[source] += count
        if stage == Stage.CUSTOMER:
            customers[source] += count
        interests[Interest(interest) if interest in ("inbound", "outbound") else None] += count
        if temperature in _TEMPERATURES:
            temperatures[Temperature(temperature)] += count
    sources = tuple(
        SourceCount(
            source=source,
            label=source_label(source) if source else "",
            leads=count,
            hot=hot[source],
            customers=customers[source],
        )
        for source, count in sorted(leads.items(), key=lambda item: (-item[1], item[0]))
    )
    return (
        BySource(
            sources=sources,
            inbound=interests[Interest.INBOUND],
            outbound=interests[Interest.OUTBOUND],
            unknown=interests[None],
        ),
        temperatures,
    )


def month_starts(first: datetime, now: datetime) -> list[date]:
    """The first day of every month from ``first``'s to ``now``'s, keeping
    the last :data:`MAX_MONTHS`."""
    months: list[date] = []
    year, month = first.year, first.month
    while (year, month) <= (now.year, now.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[-MAX_MONTHS:]


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def temperature_mix(
    session: Session, since: datetime | None, now: datetime, totals: dict[Temperature, int]
) -> TemperatureMix:
    """The temperature of the leads created in each month of the period.

    One statement of range counts on ``ix_leads_temperature`` (temperature,
    created_at): no grouping by a month expression, which would need a
    sort and a function each engine spells differently.
    """
    first = since
    if first is None:
        first = session.scalar(select(func.min(LeadRow.created_at)).where(_LIVE))
    months = month_starts(first, now) if first is not None else []
    if not months:
        return TemperatureMix(
            months=(),
            hot=totals[Temperature.HOT],
            warm=totals[Temperature.WARM],
            cold=totals[Temperature.COLD],
        )
    counts = []
    for month in months:
        start = datetime(month.year, month.month, 1)
        if since is not None and since > start:
            start = since
        end = datetime.combine(_next_month(month), datetime.min.time())
        for temperature in Temperature:
            counts.append(
                select(func.count())
                .where(
                    _LIVE,
                    LeadRow.temperature == str(temperature),
                    LeadRow.created_at >= start,
                    LeadRow.created_at < end,
                )
                .scalar_subquery()
            )
    row = session.execute(select(*counts)).one()
    per_month = len(Temperature)
    result = []
    for index, month in enumerate(months):
        values = dict(
            zip(Temperature, row[index * per_month : (index + 1) * per_month], strict=True)
        )
        result.append(
            MonthMix(
                month=month,
                hot=values[Temperature.HOT],
                warm=values[Temperature.WARM],
                cold=values[Temperature.COLD],
            )
        )
    return TemperatureMix(
        months=tuple(result),
        hot=totals[Temperature.HOT],
        warm=totals[Temperature.WARM],
        cold=totals[Temperature.COLD],
    )
