"""Import batches in the database: writing an import's new leads in bulk,
merging rows into existing leads, recording what each import did, listing
imports and reverting one.

Every lead an import creates or merges into is listed in
``import_batch_leads``; a merge keeps the lead as it was before (JSON in
``before``), so reverting puts merged leads back and moves created leads
to the trash. A lead someone edited after the import is left as it is.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, insert, select, tuple_, update
from sqlalchemy.orm import Session

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.lead import ActivityKind, Lead
from leaddesk.domain.sources import Interest
from leaddesk.domain.stages import Stage
from leaddesk.domain.text import fold
from leaddesk.store import leads as store
from leaddesk.store.bulk import (
    index_leads,
    insert_rows,
    reserve_ids,
    table,
)
from leaddesk.store.derive import BANT_FIELDS, PLAIN_FIELDS, custom_sort_value, lead_columns
from leaddesk.store.rows import ENTERED, INSERTED_COLUMNS, REASON, STAGE
from leaddesk.store.schema import (
    ActivityRow,
    ImportBatch,
    ImportBatchLead,
    ImportRow,
    LeadContact,
    LeadRow,
    StageChangeRow,
)

CREATED, MERGED = "created", "merged"
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """One recorded import, for listing."""

    id: int
    file_name: str
    started_at: datetime
    rows: int
    created: int
    merged: int
    skipped: int
    needs_review: int
    rejected: int
    reverted_at: datetime | None


@dataclass
class RevertResult:
    trashed: int = 0
    restored: int = 0
    kept: list[int] = field(default_factory=list)
    """Leads edited since the import, left as they are."""


def start_batch(session: Session, file_name: str, now: datetime) -> int:
    batch = ImportBatch(file_name=file_name[:1024], started_at=now, report="")
    session.add(batch)
    session.flush()
    return batch.id


def finish_batch(
    session: Session, batch_id: int, counts: dict[str, int], report: dict[str, Any], now: datetime
) -> None:
    session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id)
        .values(finished_at=now, report=json.dumps(report, ensure_ascii=False), **counts)
    )


@dataclass(slots=True)
class NewLead:
    """A lead to insert: its row of the leads table (from
    :class:`~leaddesk.store.rows.LeadValues`), its further contacts (from
    :func:`~leaddesk.store.rows.contact_rows`),
    custom fields and tags, all computed ahead, possibly in another
    process."""

    values: list[Any]
    contacts: list[tuple[str, str, str, str]]
    custom: dict[str, str]
    tags: list[str]


def insert_imported(
    session: Session, leads: Sequence[NewLead], batch_id: int, now: datetime
) -> list[int]:
    """Inserts new leads, one statement per table, and lists them in the
    batch. Must run inside :func:`leaddesk.store.bulk.bulk_load`."""
    if not leads:
        return []
    first = reserve_ids(session, "leads", len(leads))
    ids = list(range(first, first + len(leads)))
    rows: list[list[Any]] = []
    history: list[tuple[Any, ...]] = []
    contacts: list[tuple[Any, ...]] = []
    custom: list[tuple[Any, ...]] = []
    tagged: list[tuple[int, str]] = []
    for lead_id, new in zip(ids, leads, strict=True):
        values = new.values
        values[0], values[1] = lead_id, batch_id
        rows.append(values)
        history.append((lead_id, None, values[STAGE], values[ENTERED], values[REASON]))
        positions = {"email": 0, "phone": 0}
        for kind, value, key, region in new.contacts:
            contacts.append((lead_id, kind, value, key, positions[kind], region))
            positions[kind] += 1
        if new.custom:
            custom.extend(
                (lead_id, name, value, custom_sort_value(value))
                for name, value in new.custom.items()
            )
        if new.tags:
            tagged.extend((lead_id, tag) for tag in new.tags if tag.strip())
    insert_rows(session, "leads", INSERTED_COLUMNS, rows, converted=True)
    index_leads(session, ids[0], ids[-1])
    insert_rows(session, "stage_changes", _HISTORY, history, converted=True)
    insert_rows(
        session,
        "lead_contacts",
        ("lead_id", "kind", "value", "key", "position", "region"),
        contacts,
    )
    insert_rows(session, "custom_fields", ("lead_id", "name", "value", "sort_value"), custom)
    if tagged:
        tag_ids = store.tag_ids_for(session, {tag for _, tag in tagged})
        pairs = dict.fromkeys((lead_id, tag_ids[fold(tag.strip())]) for lead_id, tag in tagged)
        insert_rows(session, "lead_tags", ("lead_id", "tag_id"), list(pairs))
    insert_rows(
        session,
        "import_batch_leads",
        ("batch_id", "lead_id", "action", "before"),
        [(batch_id, lead_id, CREATED, None) for lead_id in ids],
    )
    return ids


_HISTORY = ("lead_id", "from_stage", "to_stage", "changed_at", "reason")


@dataclass(slots=True)
class StoredPerson:
    """What identifies a live lead, for comparing rows of an import with."""

    id: int
    first_name: str
    last_name: str
    company: str
    email: str
    phone: str
    phone_e164: str
    contacts: list[tuple[str, str, str]] = field(default_factory=list)
    """Further (kind, value, key), keyed as :func:`leaddesk.store.rows.contact_rows` keys them."""


@dataclass
class Wanted:
    """The keys of a part of an import to look leads up by."""

    emails: list[str] = field(default_factory=list)
    """Email keys, valid or as typed."""
    phones: list[str] = field(default_factory=list)
    """E.164 numbers, and numbers that are not valid as typed."""
    people: list[tuple[str, str]] = field(default_factory=list)
    """Company key and name key (either may be empty)."""
    companies: list[str] = field(default_factory=list)
    """Companies whose people's names are wanted, to find similar names."""
    identities: list[int] = field(default_factory=list)
    """Rows' identities, to find the leads they went into before."""


@dataclass
class Found:
    people: dict[int, StoredPerson] = field(default_factory=dict)
    imported: dict[int, list[int]] = field(default_factory=dict)
    """A row identity → the live leads rows with it went into before."""


def stored_people(
    session: Session,
    wanted: Wanted,
    *,
    below: int | None = None,
    known: Collection[int] = frozenset(),
    limit: int = 50_000,
) -> Found:
    """The live leads (with an id below ``below``: those there before the
    import began) that share a key with ``wanted``, except the ``known``
    ones, which are only named in ``imported``."""
    live: list[ColumnElement[bool]] = [LeadRow.deleted_at.is_(None)]
    if below is not None:
        live.append(LeadRow.id < below)
    ids: set[int] = set()
    for chunk in _chunks(sorted(set(wanted.emails))):
        ids.update(session.scalars(select(LeadRow.id).where(*live, LeadRow.email_key.in_(chunk))))
        ids.update(session.scalars(_contacts("email", chunk, live)))
    for chunk in _chunks(sorted(set(wanted.phones))):
        on_lead = select(LeadRow.id).where(*live, LeadRow.phone_e164.in_(chunk))
        typed = select(LeadRow.id).where(
            *live, LeadRow.phone_e164 == "", LeadRow.phone != "", LeadRow.phone.in_(chunk)
        )
        ids.update(session.scalars(on_lead))
        ids.update(session.scalars(typed))
        ids.update(session.scalars(_contacts("phone", chunk, live)))
    for pairs in _chunks(sorted(set(wanted.people))):
        person = tuple_(LeadRow.company_key, LeadRow.name_key)
        ids.update(session.scalars(select(LeadRow.id).where(*live, person.in_(pairs))))
    seen = 0
    for chunk in _chunks(sorted(set(wanted.companies) - {""})):
        at = select(LeadRow.id).where(*live, LeadRow.company_key.in_(chunk)).limit(limit - seen)
        found = list(session.scalars(at))
        ids.update(found)
        seen += len(found)
        if seen >= limit:
            break
    result = Found()
    for identities in _chunks(sorted(set(wanted.identities))):
        rows = session.execute(
            select(ImportRow.identity, ImportRow.lead_id)
            .join(LeadRow, LeadRow.id == ImportRow.lead_id)
            .join(ImportBatch, ImportBatch.id == ImportRow.batch_id)
            .where(*live, ImportBatch.reverted_at.is_(None), ImportRow.identity.in_(identities))
            .order_by(ImportRow.lead_id)
        )
        for identity, lead_id in rows:
            leads = result.imported.setdefault(identity, [])
            if lead_id not in leads:
                leads.append(lead_id)
            ids.add(lead_id)
    for lead_ids in _chunks(sorted(ids - set(known))):
        for row in session.execute(
            select(
                LeadRow.id, LeadRow.first_name, LeadRow.last_name, LeadRow.company,
                LeadRow.email, LeadRow.phone, LeadRow.phone_e164,
            ).where(LeadRow.id.in_(lead_ids))
        ):  # fmt: skip
            result.people[row.id] = StoredPerson(*row)
        contacts = select(
            LeadContact.lead_id, LeadContact.kind, LeadContact.value, LeadContact.key
        ).where(LeadContact.lead_id.in_(lead_ids))
        for lead_id, kind, value, key in session.execute(
            contacts.order_by(LeadContact.lead_id, LeadContact.kind, LeadContact.position)
        ):
            result.people[lead_id].contacts.append((kind, value, key))
    return result


def lead_contacts(
    session: Session, ids: Iterable[int]
) -> list[tuple[int, str, str, str, str, str]]:
    """Each lead's id, first and last name, company, email and phone."""
    found: list[tuple[int, str, str, str, str, str]] = []
    for chunk in _chunks(sorted(set(ids))):
        rows = session.execute(
            select(
                LeadRow.id, LeadRow.first_name, LeadRow.last_name, LeadRow.company,
                LeadRow.email, LeadRow.phone,
            ).where(LeadRow.id.in_(chunk))
        )  # fmt: skip
        found.extend(
            (i, first, last, company, email, phone)
            for i, first, last, company, email, phone in rows
        )
    return found


def record_rows(session: Session, rows: Sequence[tuple[int, int, int, int]]) -> None:
    """Records which lead each of these rows — (batch, row, lead,
    identity) — went into."""
    columns = ("batch_id", "row", "lead_id", "identity")
    insert_rows(session, "import_rows", columns, rows, converted=True)  # whole numbers only


def _contacts(kind: str, keys: list[str], live: list[ColumnElement[bool]]) -> Select[int]:
    return (
        select(LeadContact.lead_id)
        .join(LeadRow, LeadRow.id == LeadContact.lead_id)
        .where(*live, LeadContact.kind == kind, LeadContact.key.in_(keys))
    )


def _chunks(values: Sequence[_T], size: int = 500) -> Iterable[list[_T]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


@dataclass(slots=True)
class MergeWrite:
    """A lead an import merges rows into: ``before`` as it was read from the
    database, ``lead`` with every row merged in, and the notes to log."""

    before: Lead
    lead: Lead
    notes: list[str] = field(default_factory=list)


def apply_merges(
    session: Session,
    writes: Sequence[MergeWrite],
    *,
    batch_id: int,
    recorded: dict[int, dict[str, Any]],
    record: set[int],
    now: datetime,
    region: str,
) -> dict[int, bool]:
    """Saves merged leads over the stored ones, a few statements for all of
    them, and logs their notes as activities. The leads in ``record`` get
    their earlier state remembered (in the batch and in ``recorded``) so the
    batch can be reverted; a lead already in ``recorded`` has that state
    brought up to date. ``region`` is the import's: numbers the file
    brings are read with it, the lead's own with theirs. Returns whether
    each lead now needs review."""
    if not writes:
        return {}
    ids = [w.before.id for w in writes if w.before.id is not None]
    current = {
        row.id: row
        for chunk in _chunks(ids)
        for row in session.execute(
            select(
                LeadRow.id,
                LeadRow.version,
                LeadRow.stage,
                LeadRow.stage_entered_at,
                LeadRow.last_activity_at,
            ).where(LeadRow.id.in_(chunk))
        )
    }
    who = store.editor(session)
    rows: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    review: dict[int, bool] = {}
    for write in writes:
        lead_id = write.before.id
        assert lead_id is not None
        stored = current[lead_id]
        lead = write.lead
        if write.notes:
            latest = stored.last_activity_at
            lead.last_activity_at = now if latest is None or latest < now else latest
        else:
            lead.last_activity_at = stored.last_activity_at
        columns = lead_columns(lead, region, now)
        entered = stored.stage_entered_at
        if columns["stage"] != stored.stage:
            entered = now
            reason = lead.disqualified_reason if lead.stage is Stage.DISQUALIFIED else ""
            moves.append(
                dict(
                    lead_id=lead_id,
                    from_stage=stored.stage,
                    to_stage=columns["stage"],
                    changed_at=now,
                    reason=reason,
                )
            )
        columns.update(
            _id=lead_id,
            updated_at=now,
            updated_by=who,
            version=stored.version + 1,
            stage_entered_at=entered,
            last_activity_at=lead.last_activity_at,
        )
        rows.append(columns)
        review[lead_id] = bool(columns["needs_review"])
        notes.extend(
            dict(
                lead_id=lead_id,
                kind=str(ActivityKind.NOTE),
                occurred_at=now,
                outcome="",
                text=text,
                duration_seconds=0,
            )
            for text in write.notes
        )
    leads = table("leads")
    names = [name for name in rows[0] if name != "_id"]
    session.execute(
        update(leads)
        .where(leads.c.id == bindparam("_id"))
        .values({name: bindparam(name) for name in names}),
        rows,
    )
    if moves:
        session.execute(insert(StageChangeRow), moves)
    store.write_children(
        session, [(w.before.id, w.lead) for w in writes if w.before.id is not None], region
    )
    logged: dict[int, list[int]] = {}
    if notes:
        result = session.execute(
            insert(ActivityRow).returning(ActivityRow.id, sort_by_parameter_order=True), notes
        )
        for note, (activity_id,) in zip(notes, result, strict=True):
            logged.setdefault(note["lead_id"], []).append(activity_id)
    versions = {row["_id"]: row["version"] for row in rows}
    entries = []
    for write in writes:
        lead_id = write.before.id
        assert lead_id is not None
        if lead_id in recorded:
            state = recorded[lead_id]
        elif lead_id in record:
            state = recorded[lead_id] = lead_state(write.before) | {"activities": []}
            entries.append(lead_id)
        else:
            continue
        state["version_after"] = versions[lead_id]
        state["activities"].extend(logged.get(lead_id, []))
    again = [
        {"_lead": i, "before": json.dumps(recorded[i])}
        for i in versions
        if i in recorded and i not in record
    ]
    if entries:
        session.execute(
            insert(ImportBatchLead),
            [
                dict(
                    batch_id=batch_id,
                    lead_id=lead_id,
                    action=MERGED,
                    before=json.dumps(recorded[lead_id]),
                )
                for lead_id in entries
            ],
        )
    if again:
        entries_table = table("import_batch_leads")
        session.execute(
            update(entries_table)
            .where(
                entries_table.c.batch_id == batch_id,
                entries_table.c.lead_id == bindparam("_lead"),
            )
            .values(before=bindparam("before")),
            again,
        )
    return review


def list_batches(session: Session) -> list[BatchSummary]:
    """Recorded imports, newest first."""
    rows = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))
    return [
        BatchSummary(
            b.id, b.file_name, b.started_at, b.rows, b.created, b.merged, b.skipped,
            b.needs_review, b.rejected, b.reverted_at,
        )
        for b in rows
    ]  # fmt: skip


class BatchNotFound(LookupError):
    pass


class AlreadyReverted(RuntimeError):
    pass


def revert_batch(session: Session, batch_id: int, *, now: datetime) -> RevertResult:
    """Undoes an import: its new leads go to the trash, merged leads get
    their earlier values back (unless edited since)."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise BatchNotFound(batch_id)
    if batch.reverted_at is not None:
        raise AlreadyReverted(batch_id)
    result = RevertResult()
    entries = session.execute(
        select(ImportBatchLead.lead_id, ImportBatchLead.action, ImportBatchLead.before).where(
            ImportBatchLead.batch_id == batch_id
        )
    ).all()
    created = [lead_id for lead_id, action, _ in entries if action == CREATED]
    for start in range(0, len(created), 500):
        result.trashed += len(store.trash_leads(session, created[start : start + 500], now=now))
    for lead_id, action, before in entries:
        if action != MERGED or not before:
            continue
        state = json.loads(before)
        current = session.scalar(select(LeadRow.version).where(LeadRow.id == lead_id))
        if current is None:
            continue
        if current != state["version_after"]:
            result.kept.append(lead_id)
            continue
        for activity_id in state.get("activities", [state.get("activity")]):
            if activity_id:
                store.delete_activity(session, activity_id, now=now)
        restored = lead_from_state(state)
        restored.id = lead_id
        restored.version = session.scalar(select(LeadRow.version).where(LeadRow.id == lead_id)) or 0
        store.save_lead(session, restored, now=now)
        result.restored += 1
    batch.reverted_at = now
    session.flush()
    return result


_STATE_FIELDS = (*PLAIN_FIELDS, "email", "phone", "source", "emails", "phones", "tags", "custom")


def lead_state(lead: Lead) -> dict[str, Any]:
    """The user-editable fields of a lead, as JSON-ready data."""
    state: dict[str, Any] = {}
    for name in _STATE_FIELDS:
        value = getattr(lead, name)
        state[name] = value.isoformat() if isinstance(value, date) else value
    state.update((name, str(getattr(lead.bant, name))) for name in BANT_FIELDS)
    state.update(
        interest=lead.interest.value if lead.interest else None,
        consent=str(lead.consent),
        stage=str(lead.stage),
        phone_regions=lead.phone_regions,
    )
    return state


def lead_from_state(state: dict[str, Any]) -> Lead:
    lead = Lead()
    for name in _STATE_FIELDS:
        setattr(lead, name, state[name])
    for name in ("consent_at",):
        if state[name]:
            lead.consent_at = datetime.fromisoformat(state[name])
    if state["next_follow_up"]:
        lead.next_follow_up = date.fromisoformat(state["next_follow_up"])
    answers = {name: state[name] for name in BANT_FIELDS}
    for name in ("budget", "authority", "need", "timeframe"):
        answers[name] = Answer(answers[name])
    lead.bant = Bant(**answers)
    lead.interest = Interest(state["interest"]) if state["interest"] else None
    lead.consent = Answer(state["consent"])
    lead.stage = Stage(state["stage"])
    # Kept since the phone regions were (older imports' states lack them).
    lead.phone_regions = dict(state.get("phone_regions", {}))
    return lead
