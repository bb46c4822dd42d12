"""Dashboard aggregates over the leads themselves: how many are in each
stage, where the leads of a period came from, and their temperature by
when they came in.

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
    BUCKET_MONTHS,
    MAX_BUCKETS,
    Bucket,
    BySource,
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


def _month_index(day: date | datetime) -> int:
    return day.year * 12 + day.month - 1


def _first_of(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def bucket_spans(
    first: date | datetime, now: date | datetime
) -> tuple[int, list[tuple[date, date]]]:
    """The buckets from ``first``'s to ``now``'s: the smallest size of
    :data:`BUCKET_MONTHS` that needs at most :data:`MAX_BUCKETS`, and each
    bucket's first day and the day after its last."""
    start, end = _month_index(first), _month_index(now)
    size = next(
        (m for m in BUCKET_MONTHS if end // m - start // m < MAX_BUCKETS), BUCKET_MONTHS[-1]
    )
    spans = [
        (_first_of(index * size), _first_of((index + 1) * size))
        for index in range(start // size, end // size + 1)
    ]
    return size, spans


def temperature_mix(
    session: Session, since: datetime | None, now: datetime, totals: dict[Temperature, int]
) -> TemperatureMix:
    """The temperature of the leads created in each bucket of the period.

    One statement of range counts on ``ix_leads_temperature`` (temperature,
    created_at): no grouping by a date expression, which would need a sort
    and a function each engine spells differently. The last bucket has no
    end, so the buckets add up to the totals (a lead dated in the future
    counts in the current bucket).
    """
    first = since
    if first is None:
        first = session.scalar(select(func.min(LeadRow.created_at)).where(_LIVE))
    size, spans = bucket_spans(first, now) if first is not None else (1, [])
    if not spans:
        return TemperatureMix(
            buckets=(),
            months=size,
            hot=totals[Temperature.HOT],
            warm=totals[Temperature.WARM],
            cold=totals[Temperature.COLD],
        )
    counts = []
    for index, (day, after) in enumerate(spans):
        start = datetime.combine(day, datetime.min.time())
        if since is not None and since > start:
            start = since
        bounds = [LeadRow.created_at >= start]
        if index < len(spans) - 1:
            bounds.append(LeadRow.created_at < datetime.combine(after, datetime.min.time()))
        for temperature in Temperature:
            counts.append(
                select(func.count())
                .where(_LIVE, LeadRow.temperature == str(temperature), *bounds)
                .scalar_subquery()
            )
    row = session.execute(select(*counts)).one()
    per_bucket = len(Temperature)
    buckets = []
    for index, (day, after) in enumerate(spans):
        values = dict(
            zip(Temperature, row[index * per_bucket : (index + 1) * per_bucket], strict=True)
        )
        buckets.append(
            Bucket(
                start=day,
                end=after,
                hot=values[Temperature.HOT],
                warm=values[Temperature.WARM],
                cold=values[Temperature.COLD],
            )
        )
    return TemperatureMix(
        buckets=tuple(buckets),
        months=size,
        hot=totals[Temperature.HOT],
        warm=totals[Temperature.WARM],
        cold=totals[Temperature.COLD],
    )
