"""The funnel: how many leads entered each stage during a period, and how
many of those same leads went on to a later stage (the cohort conversion).
The definitions are in ``docs/dashboard.md``.

A lead's history is its list of stage changes; the first one, from no
stage, is the stage it was created or imported in. A lead imported straight
into SQL entered SQL at that moment and never entered New, MQL or SAL: it
counts in the SQL cohort only.

Each stage's entries in the period are counted exactly on the covering
``ix_stage_changes_to_stage``. Whether an entry is its lead's first in the
period, whether the lead is in the trash and whether it went on needs the
lead's history, read through ``ix_stage_changes_lead``:

- a period with at most :data:`EXACT_CHANGES` stage changes (any database
  a person keeps by hand: tens of thousands of leads) is counted from every
  lead's history, read in one pass: exact;
- otherwise a stage with at most :data:`FUNNEL_SAMPLE` entries is counted
  from the histories of all its leads: exact;
- a larger stage is estimated from the histories of an even sample of all
  leads (every k-th id, 2,000 to 8,000 of them: enough to meet about
  :data:`FUNNEL_SAMPLE` of the stage's entries), scaled to the stage's
  exact count of entries (``FunnelStep.estimated``). Reading the entries
  themselves, sampled or not, would walk every entry of the period and
  seek each one's row: seconds on a million leads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from leaddesk.domain.stages import Stage
from leaddesk.store.dashboard_data import FUNNEL_SAMPLE, FunnelStep
from leaddesk.store.dashboard_history import in_period
from leaddesk.store.dashboard_trash import Trash
from leaddesk.store.schema import LeadRow, StageChangeRow

LATER: dict[Stage, frozenset[Stage]] = {
    stage: frozenset(Stage.funnel()[index + 1 :]) for index, stage in enumerate(Stage.funnel()[:-1])
}
"""The funnel stages after each stage that has a conversion: every funnel
stage but customer, the last one (disqualified is no step forward)."""

EXACT_CHANGES = 50_000
"""Stage changes in a period read in full (about 50 ms on SQLite)."""
SAMPLED_LEADS = (2_000, 8_000)
"""The fewest and most leads whose histories are read for the estimates."""
FEWEST_MET = 50
"""Fewer entries than this met in the sample (a small stage of a huge
database) and the stage is counted exactly instead."""
CHUNK = 5_000
"""Lead ids given to one statement (SQLite takes 32,766 parameters)."""

History = list[tuple[datetime, int, str]]
"""A lead's stage changes in the period: (when, id, stage), in order."""


def entries_per_stage(session: Session, since: datetime | None, now: datetime) -> dict[Stage, int]:
    """Entries into each stage during the period, of any lead: range counts
    on the covering ``ix_stage_changes_to_stage``."""
    counts = [
        select(func.count())
        .where(
            StageChangeRow.to_stage == str(stage),
            *in_period(StageChangeRow.changed_at, since, now),
        )
        .scalar_subquery()
        for stage in Stage
    ]
    return dict(zip(Stage, session.execute(select(*counts)).one(), strict=True))


def _histories(
    session: Session, leads: Sequence[int] | None, since: datetime | None, now: datetime
) -> dict[int, History]:
    """The stage changes in the period of each of ``leads`` (of every lead
    when None)."""
    found: dict[int, History] = defaultdict(list)
    columns = (
        StageChangeRow.lead_id,
        StageChangeRow.changed_at,
        StageChangeRow.id,
        StageChangeRow.to_stage,
    )
    period = in_period(StageChangeRow.changed_at, since, now)
    if leads is None:
        # Through the stages' index: only the period's rows are read.
        every = StageChangeRow.to_stage.in_([str(s) for s in Stage])
        statements = [select(*columns).where(every, *period)]
    else:
        statements = [
            select(*columns).where(StageChangeRow.lead_id.in_(leads[i : i + CHUNK]), *period)
            for i in range(0, len(leads), CHUNK)
        ]
    for statement in statements:
        for lead_id, changed_at, change_id, to_stage in session.execute(statement):
            found[lead_id].append((changed_at, change_id, to_stage))
    for history in found.values():
        # In the order they happened; at the same moment, as recorded.
        history.sort()
    return found


@dataclass(frozen=True, slots=True)
class _Tally:
    met: int
    """Entries into the stage met in the histories, of any lead."""
    entered: int
    """Leads among them not in the trash (each once: its first entry)."""
    moved_on: int
    """Of those, the ones with an entry into a later stage after it."""


def _tallies(
    histories: dict[int, History], stages: Sequence[Stage], trashed: set[int]
) -> dict[Stage, _Tally]:
    """Each of ``stages`` counted over the histories, in one pass."""
    names = {str(stage): stage for stage in stages}
    met = dict.fromkeys(stages, 0)
    entered = dict.fromkeys(stages, 0)
    moved_on = dict.fromkeys(stages, 0)
    rank = {str(stage): index for index, stage in enumerate(Stage.funnel())}
    for lead_id, history in histories.items():
        live = lead_id not in trashed
        seen: set[Stage] = set()
        # The furthest funnel stage entered after each point, from the end.
        furthest = -1
        after: list[int] = [0] * len(history)
        for index in range(len(history) - 1, -1, -1):
            after[index] = furthest
            furthest = max(furthest, rank.get(history[index][2], -1))
        for index, (_, _, to) in enumerate(history):
            stage = names.get(to)
            if stage is None:
                continue
            met[stage] += 1
            if stage in seen or not live:
                continue
            seen.add(stage)
            entered[stage] += 1
            if stage in LATER and after[index] > rank[to]:
                moved_on[stage] += 1
    return {s: _Tally(met[s], entered[s], moved_on[s]) for s in stages}


def _leads_of(
    session: Session, stages: Iterable[Stage], since: datetime | None, now: datetime
) -> list[int]:
    """The leads with an entry into one of ``stages`` in the period."""
    rows = session.scalars(
        select(StageChangeRow.lead_id)
        .where(
            StageChangeRow.to_stage.in_([str(s) for s in stages]),
            *in_period(StageChangeRow.changed_at, since, now),
        )
        .distinct()
    )
    return sorted(rows)


def _sample(session: Session, stages: Iterable[Stage], entries: dict[Stage, int]) -> list[int]:
    """Every k-th lead id, k chosen so the sample meets about
    :data:`FUNNEL_SAMPLE` entries of the smallest of ``stages`` that has a
    conversion (for the others only the share of repeated and trashed
    entries is estimated, and it is near 0 or exact): leads come in id
    order, so every import and every month is sampled alike."""
    # Two statements: SQLite reads min() or max() of the ids from the end
    # of the table, but both in one statement from every row.
    low = session.scalar(select(func.min(LeadRow.id)))
    high = session.scalar(select(func.max(LeadRow.id)))
    if low is None or high is None:
        return []
    span = high - low + 1
    converting = [entries[s] for s in stages if s in LATER]
    smallest = min(converting or [entries[s] for s in stages])
    fewest, most = SAMPLED_LEADS
    size = min(max(ceil(FUNNEL_SAMPLE * span / smallest), fewest), most, span)
    step = span / size
    return sorted({low + int(index * step) for index in range(size)})


def _step(stage: Stage, tally: _Tally, entries: int) -> FunnelStep:
    estimated = tally.met < entries
    scale = entries / tally.met if estimated else 1.0
    return FunnelStep(
        stage=stage,
        now=0,
        entered=round(tally.entered * scale),
        moved_on=round(tally.moved_on * scale) if stage in LATER else None,
        estimated=estimated,
    )


def funnel(
    session: Session,
    since: datetime | None,
    now: datetime,
    entries: dict[Stage, int],
    trash: Trash,
) -> tuple[FunnelStep, ...]:
    """Each stage with the leads that entered it in the period and how many
    of them reached a later stage (``now`` left at 0); ``entries`` is
    :func:`entries_per_stage`."""
    tallies: dict[Stage, _Tally] = {}
    if sum(entries.values()) <= EXACT_CHANGES:
        histories = _histories(session, None, since, now)
        tallies = _tallies(histories, list(Stage), trash.among(session, list(histories)))
    large = [s for s in Stage if s not in tallies and entries[s] > FUNNEL_SAMPLE]
    if large:
        sample = _sample(session, large, entries)
        histories = _histories(session, sample, since, now)
        trashed = trash.among(session, list(histories))
        for stage, tally in _tallies(histories, large, trashed).items():
            if tally.met >= FEWEST_MET:
                tallies[stage] = tally
    exact = [s for s in Stage if s not in tallies and entries[s]]
    if exact:
        histories = _histories(session, _leads_of(session, exact, since, now), since, now)
        trashed = trash.among(session, list(histories))
        tallies.update(_tallies(histories, exact, trashed))
    empty = _Tally(0, 0, 0)
    return tuple(_step(stage, tallies.get(stage, empty), entries[stage]) for stage in Stage)
