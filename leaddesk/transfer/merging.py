"""Writing prepared rows: each is created, merged into the lead it
repeats, skipped as a duplicate, or rejected (as the :class:`Matcher`
decides), counted in the report, and recorded with the lead it went into.

New leads of a chunk are inserted together at the end of the chunk; a row
that repeats one of them is merged in memory first. A row that repeats a
lead already in the database is merged in memory too, and all such leads
are written together at the end of the chunk through the store, which keeps
each lead's previous state so the import can be reverted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from leaddesk.domain.lead import Lead
from leaddesk.domain.sources import normalize_source, source_label
from leaddesk.store.imports import (
    MergeWrite,
    NewLead,
    apply_merges,
    insert_imported,
    record_rows,
)
from leaddesk.store.reading import get_leads
from leaddesk.transfer.combine import merged, same_content
from leaddesk.transfer.convert import Problem
from leaddesk.transfer.duplicates import Found, OnDuplicate, Target
from leaddesk.transfer.matching import Action, Decision, Matcher, Policy, label_of, lead_labels
from leaddesk.transfer.prepare import Context, Prepared, complete, lead_of, row_converter
from leaddesk.transfer.report import (
    CREATED,
    MERGED,
    REJECTED,
    SKIPPED,
    ImportReport,
    Outcome,
    PossibleDuplicate,
)
from leaddesk.transfer.updating import Updates

NOTHING_NEW = "adds nothing new"
SKIPPING = "duplicates are skipped"


class Writer:
    def __init__(
        self,
        session: Session,
        report: ImportReport,
        policy: Policy,
        *,
        batch_id: int,
        first_new_id: int,
        check_database: bool,
        context: Context,
    ) -> None:
        self.session = session
        self.report = report
        self.policy = policy
        self.batch_id = batch_id
        self.check_database = check_database
        self.context = context
        self.converter = row_converter(context)
        self.matcher = Matcher(policy, below=first_new_id)
        self.recorded: set[int] = set()
        """Leads this batch has listed (created, or merged once already)."""
        self.pending: list[Prepared] = []
        self.targets: list[Target] = []
        self.waiting: list[tuple[Prepared, Target, Outcome]] = []
        """Rows of this chunk that repeat a lead written before it."""
        self.merges: dict[int, MergeWrite] = {}
        """Database leads this chunk merges rows into, written at its end."""
        self.states: dict[int, dict[str, Any]] = {}
        """The earlier state of leads this batch merged into, as recorded."""
        self.review: dict[int, bool] = {}
        """Whether each lead this batch wrote was counted as needing review."""
        self.placed: list[tuple[Outcome, Target, list[Target], int]] = []
        """This chunk's rows with the lead each went into, the further leads
        it repeats and its identity: their lead ids are known at its end."""
        self.flagged: list[tuple[PossibleDuplicate, Target]] = []
        self.updates = Updates(self) if policy.on_duplicate is OnDuplicate.UPDATE else None
        """Rows written over the lead their Lead ID names."""

    def forget(self) -> None:
        self.matcher.finder.forget()

    def write(self, chunk: list[Prepared]) -> None:
        if self.check_database:
            self.matcher.look_up(self.session, chunk)
        if self.updates is not None:
            self.updates.look_up(chunk)
        report = self.report
        for item in chunk:
            report.rows += 1
            report.problems.extend(item.problems)
            decision = self.matcher.decide(item)
            if decision.action is Action.REJECT:
                report.rejected += 1
                because = item.problems[-1].message if item.problems else ""
                report.outcomes.append(Outcome(item.row, REJECTED, because=because))
                continue
            if self.updates is not None and self.updates.take(item):
                continue
            found = decision.found
            if decision.possible:
                assert found is not None
                self._flag(item, decision)
            if decision.action is Action.NEW:
                outcome = Outcome(item.row, CREATED)
                self._place(item, outcome, self._create(item), None)
            else:
                assert found is not None
                self._duplicate(item, found)
        self._flush()

    def settled(self, item: Prepared, lead_id: int, outcome: Outcome) -> None:
        """A row that went into a stored lead other than by matching (its
        Lead ID named it): later rows find the lead as the row has it."""
        assert item.keys is not None
        target = self.matcher.stored.get(lead_id)
        if target is None:
            target = Target(item.keys, lead_id=lead_id)
            self.matcher.stored[lead_id] = target
            self.matcher.finder.add(target)
        self._place(item, outcome, target, None)

    def label(self, target: Target) -> str:
        """A lead's name, company and email, found where the lead is now.
        Only the few leads a report names need one."""
        if not target.label:
            if target.pending is not None:
                target.label = label_of(self.pending[target.pending].values)
            elif target.lead_id is not None:
                target.label = lead_labels(self.session, [target.lead_id]).get(target.lead_id, "")
        return target.label

    def _place(self, item: Prepared, outcome: Outcome, target: Target, found: Found | None) -> None:
        assert item.keys is not None
        self.report.outcomes.append(outcome)
        others = found.others if found is not None else []
        self.placed.append((outcome, target, others, item.keys.identity))
        if others:
            for each in (target, *others):
                self.label(each)
            named = " and ".join(t.describe() for t in [target, *others])
            self.report.problems.append(
                Problem(item.row, "", "", f"Repeats more than one lead: {named}.")
            )

    def _flag(self, item: Prepared, decision: Decision) -> None:
        found = decision.found
        assert found is not None
        target = found.target
        choice = self.policy.choice(item.row)
        flagged = PossibleDuplicate(
            item.row, label_of(item.values), None, None, self.label(target), found.reason.value,
            choice.value,
        )  # fmt: skip
        self.report.possible.append(flagged)
        self.flagged.append((flagged, target))

    def _duplicate(self, item: Prepared, found: Found) -> None:
        target = found.target
        outcome = Outcome(item.row, MERGED, matched_by=found.reason.value)
        if self.policy.on_duplicate is OnDuplicate.SKIP:
            self.report.skipped_duplicates += 1
            outcome.action, outcome.because = SKIPPED, SKIPPING
        else:
            self._merge(item, target, outcome)
        self._place(item, outcome, target, found)

    def _create(self, item: Prepared) -> Target:
        assert item.keys is not None
        target = Target(item.keys, pending=len(self.pending), row=item.row)
        self.pending.append(item)
        self.targets.append(target)
        self.matcher.created(item, target)
        self.report.created += 1
        self.report.needs_review += item.needs_review
        return target

    def _merge(self, item: Prepared, target: Target, outcome: Outcome) -> None:
        self.matcher.merged(item, target)
        if target.pending is None:
            # Merged at the end of the chunk, with every stored lead read at once.
            self.waiting.append((item, target, outcome))
            return
        waiting = self.pending[target.pending]
        before_merge = lead_of(waiting, self.converter)
        result = merged(before_merge, lead_of(item, self.converter))
        if same_content(result, before_merge):
            self.report.skipped_duplicates += 1
            outcome.action, outcome.because = SKIPPED, NOTHING_NEW
            return
        before = waiting.needs_review
        waiting.lead = result
        complete(waiting, self.context)
        self.report.needs_review += waiting.needs_review - before
        self.report.merged += 1

    def _merge_stored(self) -> None:
        """Merges the rows waiting for leads of the database (or of earlier
        chunks), in file order."""
        ids = {t.lead_id for _, t, _ in self.waiting if t.lead_id is not None}
        stored = get_leads(self.session, sorted(ids - self.merges.keys())) if ids else {}
        for item, target, outcome in self.waiting:
            assert target.lead_id is not None
            incoming = lead_of(item, self.converter)
            queued = self.merges.get(target.lead_id)
            existing = queued.lead if queued is not None else stored.get(target.lead_id)
            if existing is None:  # purged by someone else since it was found
                self._created_instead(item, outcome)
                continue
            result = merged(existing, incoming)
            note = self._new_source(existing, incoming)
            if not note and same_content(result, existing):
                self.report.skipped_duplicates += 1
                outcome.action, outcome.because = SKIPPED, NOTHING_NEW
                continue
            if queued is None:
                queued = self.merges[target.lead_id] = MergeWrite(existing, result)
            queued.lead = result
            if note:
                queued.notes.append(note)
            self.report.merged += 1
        self.waiting = []

    def _created_instead(self, item: Prepared, outcome: Outcome) -> None:
        target = self._create(item)
        outcome.action, outcome.matched_by = CREATED, ""
        for index, (placed, _, others, identity) in enumerate(self.placed):
            if placed is outcome:
                self.placed[index] = (placed, target, others, identity)

    def _new_source(self, existing: Lead, incoming: Lead) -> str:
        new = normalize_source(incoming.source)
        if not new or not existing.source or new == normalize_source(existing.source):
            return ""
        return f"Imported again from {self.report.file}, with the source {source_label(new)}."

    def _flush(self) -> None:
        self._merge_stored()
        self._flush_new()
        self._flush_merges()
        self._flush_placed()

    def _flush_placed(self) -> None:
        """Gives this chunk's rows their leads, and records them."""
        records = []
        batch = self.batch_id
        for outcome, target, others, identity in self.placed:
            assert target.lead_id is not None
            outcome.lead = target.lead_id
            if target.row and target.row != outcome.row:
                outcome.of_row = target.row
            if others:
                outcome.also = tuple(t.lead_id for t in others if t.lead_id is not None)
            records.append((batch, outcome.row, target.lead_id, identity))
        for flagged, target in self.flagged:
            flagged.lead, flagged.of_row = target.lead_id, target.row or None
        record_rows(self.session, records)
        self.placed, self.flagged = [], []

    def _flush_merges(self) -> None:
        if not self.merges:
            return
        record = {i for i in self.merges if i not in self.recorded}
        review = apply_merges(
            self.session,
            list(self.merges.values()),
            batch_id=self.batch_id,
            recorded=self.states,
            record=record,
            now=self.context.now,
            region=self.context.region,
        )
        for lead_id, flagged in review.items():
            self.report.needs_review += flagged - self.review.get(lead_id, False)
            self.review[lead_id] = flagged
        self.recorded.update(self.merges)
        self.merges = {}

    def _flush_new(self) -> None:
        if not self.pending:
            return
        news = [NewLead(p.values, p.contacts, p.custom, p.tags) for p in self.pending]
        ids = insert_imported(self.session, news, self.batch_id, self.context.now)
        for target, lead_id in zip(self.targets, ids, strict=True):
            target.lead_id, target.pending = lead_id, None
        for item, lead_id in zip(self.pending, ids, strict=True):
            self.review[lead_id] = item.needs_review
        self.recorded.update(ids)
        self.pending, self.targets = [], []
