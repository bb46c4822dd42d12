"""Dashboard aggregates over what happened: how long leads stayed in a
stage, the SAL service level, and product feedback by tag (the funnel is in
:mod:`leaddesk.store.dashboard_funnel`).

Stays need the change before or after each move; looking that up for every
move of a million leads would take seconds, so medians and the service
level are measured over the newest :data:`STAY_SAMPLE` moves of the period
(each one an index seek on ``ix_stage_changes_lead``), and the median
itself is read in SQL from the sorted sample.

Leads in the trash are left out of every figure (see
:mod:`leaddesk.store.dashboard_trash`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session, aliased

from leaddesk.domain.lead import ActivityKind
from leaddesk.domain.stages import Stage
from leaddesk.store.backend import days_between
from leaddesk.store.dashboard_data import STAY_SAMPLE, FeedbackCount, SalServiceLevel, StageTime
from leaddesk.store.dashboard_trash import Trash
from leaddesk.store.schema import ActivityRow, ActivityTag, StageChangeRow, Tag

TIMED_STAGES = (Stage.NEW, Stage.MQL, Stage.SAL, Stage.SQL)
"""The stages a lead is meant to leave; customer and disqualified are ends."""


def in_period(column: Any, since: datetime | None, now: datetime) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [column <= now]
    if since is not None:
        conditions.append(column >= since)
    return conditions


def _median(session: Session, sample: Select[Any]) -> tuple[float | None, int]:
    """The median of a one-column sample, and its size, in one statement:
    the sample is ranked once and the middle one or two values averaged."""
    values = sample.subquery()
    value = values.c[0]
    ranked = select(
        value.label("value"),
        func.row_number().over(order_by=value).label("rank"),
        func.count().over().label("size"),
    ).subquery()
    # The middle rank, or the two middle ranks of an even-sized sample.
    middle = ranked.c.rank.in_([(ranked.c.size + 1) // 2, (ranked.c.size + 2) // 2])
    median, size = session.execute(
        select(func.avg(ranked.c.value), func.max(ranked.c.size)).where(middle)
    ).one()
    return (None, 0) if not size else (float(median), int(size))


def stage_times(
    session: Session, since: datetime | None, now: datetime, trash: Trash
) -> tuple[StageTime, ...]:
    """Median days in each stage, over the stays that ended in the period."""
    dialect = session.get_bind().dialect.name
    left = aliased(StageChangeRow)
    before = aliased(StageChangeRow)
    # The move that started the stay: the lead's change just before.
    entered = (
        select(func.max(before.changed_at))
        .where(
            before.lead_id == left.lead_id,
            before.changed_at <= left.changed_at,
            before.id < left.id,
        )
        .scalar_subquery()
    )
    days = days_between(dialect, left.changed_at, entered)
    result = []
    for stage in TIMED_STAGES:
        stays = (
            select(days.label("days"), left.changed_at)
            .where(
                left.from_stage == str(stage),
                trash.keeps(left.lead_id),
                *in_period(left.changed_at, since, now),
            )
            .order_by(left.changed_at.desc())
            .limit(STAY_SAMPLE)
            .subquery()
        )
        median, count = _median(session, select(stays.c.days).where(stays.c.days.is_not(None)))
        result.append(StageTime(stage, median, count))
    return tuple(result)


def sal_service_level(
    session: Session, since: datetime | None, now: datetime, days: int, trash: Trash
) -> SalServiceLevel:
    """How many of the period's new MQLs sales handled within ``days``."""
    dialect = session.get_bind().dialect.name
    became = aliased(StageChangeRow)
    after = aliased(StageChangeRow)
    # The move that ended the MQL stay: the lead's change just after.
    moved_on = (
        select(func.min(after.changed_at))
        .where(
            after.lead_id == became.lead_id,
            after.changed_at >= became.changed_at,
            after.id > became.id,
        )
        .scalar_subquery()
    )
    sample = (
        select(became.changed_at.label("entered"), moved_on.label("left"))
        .where(
            became.to_stage == str(Stage.MQL),
            trash.keeps(became.lead_id),
            *in_period(became.changed_at, since, now),
        )
        .order_by(became.changed_at.desc())
        .limit(STAY_SAMPLE)
        .subquery()
    )
    handled = sample.c.left.is_not(None)
    wait = days_between(dialect, sample.c.left, sample.c.entered)
    overdue = sample.c.entered < now - timedelta(days=days)

    def total(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    in_time, late, waiting, everyone = session.execute(
        select(
            total(and_(handled, wait <= days)),
            total(and_(handled, wait > days)),
            total(and_(sample.c.left.is_(None), overdue)),
            func.count(),
        ).select_from(sample)
    ).one()
    return SalServiceLevel(
        days=days,
        in_time=in_time,
        late=late,
        waiting=waiting,
        pending=everyone - in_time - late - waiting,
    )


def _kind_unindexed() -> ColumnElement[bool]:
    """Feedback, in a test the index on kinds must not answer: the planner
    would walk every feedback of the period (``ix_activities_kind``) rather
    than the trashed leads' own activities."""
    return ActivityRow.kind.concat("") == str(ActivityKind.FEEDBACK)


def feedback(
    session: Session, since: datetime | None, now: datetime, trash: Trash
) -> tuple[FeedbackCount, ...]:
    """Product feedback activities logged in the period, per tag; feedback
    without a tag is counted under an empty tag.

    The feedback of trashed leads is counted through their own activities
    (``ix_activities_lead``) and taken away: testing every feedback's lead
    instead would seek each activity's row (seconds on a million leads)."""

    def per_tag(*conditions: ColumnElement[bool]) -> dict[tuple[int | None, str], int]:
        statement = (
            select(Tag.id, Tag.name, func.count())
            .select_from(ActivityRow)
            .outerjoin(ActivityTag, ActivityTag.activity_id == ActivityRow.id)
            .outerjoin(Tag, Tag.id == ActivityTag.tag_id)
            .where(
                *(conditions or [ActivityRow.kind == str(ActivityKind.FEEDBACK)]),
                *in_period(ActivityRow.occurred_at, since, now),
            )
            .group_by(Tag.id, Tag.name)
        )
        return {(tag, name or ""): count for tag, name, count in session.execute(statement)}

    counts = per_tag()
    if trash.count and len(trash.ids) == trash.count:
        # Through the trashed leads' activities, not every feedback's row.
        by_lead = [ActivityRow.lead_id.in_(trash.ids), _kind_unindexed()]
        for key, count in per_tag(*by_lead).items():
            counts[key] -= count
    elif trash.count:
        feedback_kind = ActivityRow.kind == str(ActivityKind.FEEDBACK)
        counts = per_tag(feedback_kind, trash.keeps(ActivityRow.lead_id))
    found = [FeedbackCount(name, count) for (_, name), count in counts.items() if count > 0]
    return tuple(sorted(found, key=lambda c: (-c.count, c.tag.casefold())))
