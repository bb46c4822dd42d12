"""Writing prepared rows: each is created, merged into the lead it
repeats, skipped as a duplicate, or rejected, and counted in the report.

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
    existing_matches,
    insert_imported,
)
from leaddesk.store.reading import get_leads
from leaddesk.transfer.duplicates import (
    DuplicateFinder,
    Keys,
    OnDuplicate,
    Target,
    merged,
    name_key,
    same_content,
)
from leaddesk.transfer.prepare import Context, Prepared, complete, lead_of, row_converter
from leaddesk.transfer.report import ImportReport
from leaddesk.transfer.updating import Updates


class Writer:
    def __init__(
        self,
        session: Session,
        report: ImportReport,
        on_duplicate: OnDuplicate,
        *,
        batch_id: int,
        first_new_id: int,
        check_database: bool,
        context: Context,
    ) -> None:
        self.session = session
        self.report = report
        self.on_duplicate = on_duplicate
        self.batch_id = batch_id
        self.first_new_id = first_new_id
        self.check_database = check_database
        self.context = context
        self.converter = row_converter(context)
        self.finder = DuplicateFinder()
        self.known: set[int] = set()
        """Database leads already in the finder."""
        self.recorded: set[int] = set()
        """Leads this batch has listed (created, or merged once already)."""
        self.pending: list[Prepared] = []
        self.targets: list[Target] = []
        self.waiting: list[tuple[Prepared, Target]] = []
        """Rows of this chunk that repeat a lead written before it."""
        self.merges: dict[int, MergeWrite] = {}
        """Database leads this chunk merges rows into, written at its end."""
        self.states: dict[int, dict[str, Any]] = {}
        """The earlier state of leads this batch merged into, as recorded."""
        self.review: dict[int, bool] = {}
        """Whether each lead this batch wrote was counted as needing review."""
        self.updates = Updates(self) if on_duplicate is OnDuplicate.UPDATE else None
        """Rows written over the lead their Lead ID names."""

    def write(self, chunk: list[Prepared]) -> None:
        if self.check_database:
            self._look_up(chunk)
        if self.updates is not None:
            self.updates.look_up(chunk)
        for item in chunk:
            self.report.rows += 1
            self.report.problems.extend(item.problems)
            if item.keys is None:
                self.report.rejected += 1
                continue
            if self.updates is not None and self.updates.take(item):
                continue
            hit = self.finder.find(item.keys)
            if hit is None or self.on_duplicate is OnDuplicate.CREATE:
                self._create(item)
            elif self.on_duplicate is OnDuplicate.SKIP:
                self.report.skipped_duplicates += 1
            else:
                self._merge(item, hit[0])
        self._flush()

    def _create(self, item: Prepared) -> None:
        assert item.keys is not None
        target = Target(pending=len(self.pending), row=item.row)
        self.pending.append(item)
        self.targets.append(target)
        self.finder.add(item.keys, target)
        self.report.created += 1
        self.report.needs_review += item.needs_review

    def _merge(self, item: Prepared, target: Target) -> None:
        assert item.keys is not None
        self.finder.add(item.keys, target)
        if target.pending is None:
            # Merged at the end of the chunk, with every stored lead read at once.
            self.waiting.append((item, target))
            return
        waiting = self.pending[target.pending]
        before_merge = lead_of(waiting, self.converter)
        result = merged(before_merge, lead_of(item, self.converter))
        if same_content(result, before_merge):
            self.report.skipped_duplicates += 1
            return
        before = waiting.needs_review
        waiting.lead = result
        complete(waiting, self.context)
        self.report.needs_review += waiting.needs_review - before
        self.report.merged += 1

    def _merge_stored(self) -> None:
        """Merges the rows waiting for leads of the database (or of earlier
        chunks), in file order."""
        ids = {t.lead_id for _, t in self.waiting if t.lead_id is not None}
        stored = get_leads(self.session, sorted(ids - self.merges.keys())) if ids else {}
        for item, target in self.waiting:
            assert target.lead_id is not None
            incoming = lead_of(item, self.converter)
            queued = self.merges.get(target.lead_id)
            existing = queued.lead if queued is not None else stored.get(target.lead_id)
            if existing is None:  # purged by someone else since it was found
                self._create(item)
                continue
            result = merged(existing, incoming)
            note = self._new_source(existing, incoming)
            if not note and same_content(result, existing):
                self.report.skipped_duplicates += 1
                continue
            if queued is None:
                queued = self.merges[target.lead_id] = MergeWrite(existing, result)
            queued.lead = result
            if note:
                queued.notes.append(note)
            self.report.merged += 1
            self.report.leads_by_row[item.row] = target.lead_id
        self.waiting = []

    def _new_source(self, existing: Lead, incoming: Lead) -> str:
        new = normalize_source(incoming.source)
        if not new or not existing.source or new == normalize_source(existing.source):
            return ""
        return f"Imported again from {self.report.file}, with the source {source_label(new)}."

    def _flush(self) -> None:
        self._merge_stored()
        self._flush_new()
        self._flush_merges()

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
            self.report.leads_by_row[target.row] = lead_id
        for item, lead_id in zip(self.pending, ids, strict=True):
            self.review[lead_id] = item.needs_review
        self.recorded.update(ids)
        self.pending, self.targets = [], []

    def _look_up(self, chunk: list[Prepared]) -> None:
        """Adds the database leads this chunk's keys point at to the finder."""
        keys = [item.keys for item in chunk if item.keys is not None]
        matches = existing_matches(
            self.session,
            [e for k in keys for e in k.emails],
            [p for k in keys for p in k.phones],
            [k.company for k in keys if k.company and k.name],
            below=self.first_new_id,
        )
        for email, lead_id in matches.by_email.items():
            self.finder.by_email.setdefault(email, Target(lead_id=lead_id))
        for phone, lead_id in matches.by_phone.items():
            self.finder.by_phone.setdefault(phone, (Target(lead_id=lead_id), ()))
        for company, people in matches.by_company.items():
            for lead_id, first, last in people:
                if lead_id in self.known:
                    continue
                self.known.add(lead_id)
                name = name_key(first, last)
                if name:
                    self.finder.add(Keys((), (), company, name), Target(lead_id=lead_id))
