"""Reading and writing single leads and small groups of leads: create,
save, stage moves, activities, tags, trash.

All functions take an open :class:`~sqlalchemy.orm.Session` from
:meth:`Database.session` and return plain data
(:class:`~leaddesk.domain.lead.Lead`), never ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from leaddesk.domain.clock import utcnow
from leaddesk.domain.contact import check_email, check_phone
from leaddesk.domain.lead import Activity, ActivityKind, Lead, StageChange
from leaddesk.domain.scoring import lead_score
from leaddesk.domain.stages import Stage
from leaddesk.domain.text import fold
from leaddesk.store import settings
from leaddesk.store.derive import (
    contact_region,
    custom_sort_value,
    lead_columns,
    lead_from_row,
    remember_contact_region,
)
from leaddesk.store.reading import GROUP, get_leads
from leaddesk.store.schema import (
    ActivityRow,
    ActivityTag,
    CustomField,
    LeadContact,
    LeadRow,
    LeadTag,
    StageChangeRow,
    Tag,
)


class LeadNotFound(LookupError):
    """The lead was deleted for good, or never existed."""


class StaleLead(RuntimeError):
    """Someone saved the lead since it was read; ``current`` is their
    version and ``changed_by`` who saved it (empty when unknown)."""

    def __init__(self, current: Lead, changed_by: str = "") -> None:
        super().__init__("The lead was changed since it was opened.")
        self.current = current
        self.changed_by = changed_by


USER_KEY = "leaddesk_user"
"""Where :meth:`Database.session` puts who is working, in ``session.info``."""


def editor(session: Session) -> str:
    """Who is saving, as recorded in ``leads.updated_by``."""
    return str(session.info.get(USER_KEY, ""))


def change_stamp(session: Session) -> tuple[Any, ...]:
    """Changes whenever any lead is added, saved, moved or trashed: two
    index lookups, cheap enough for a window to poll every few seconds."""
    row = session.execute(select(func.max(LeadRow.updated_at), func.max(LeadRow.id))).one()
    return tuple(row)


def create_lead(
    session: Session, lead: Lead, *, now: datetime | None = None, import_batch_id: int | None = None
) -> Lead:
    """Saves a new lead and returns it as stored (with its id)."""
    (lead_id,) = insert_leads(session, [lead], now=now, import_batch_id=import_batch_id)
    return get_lead(session, lead_id)


def insert_leads(
    session: Session,
    leads: Sequence[Lead],
    *,
    now: datetime | None = None,
    import_batch_id: int | None = None,
    region: str | None = None,
) -> list[int]:
    """Inserts many leads with one statement per table; returns their ids in
    order. Each lead's ``created_at``, ``stage_entered_at`` and
    ``last_activity_at`` are kept when set (demo data and imports carry
    their own history)."""
    if not leads:
        return []
    now = now or utcnow()
    region = region or settings.phone_region(session)
    rows = []
    for lead in leads:
        if not lead.has_identity():
            raise ValueError("A lead needs a name, a company, an email or a phone number.")
        columns = lead_columns(lead, region, now)
        created = lead.created_at or now
        columns.update(
            created_at=created,
            updated_at=lead.updated_at or created,
            stage_entered_at=lead.stage_entered_at or created,
            last_activity_at=lead.last_activity_at,
            deleted_at=lead.deleted_at,
            import_batch_id=import_batch_id,
            version=1,
        )
        rows.append(columns)
    result = session.execute(
        insert(LeadRow).returning(LeadRow.id, sort_by_parameter_order=True), rows
    )
    ids = [row[0] for row in result]
    history = [
        {
            "lead_id": lead_id,
            "from_stage": None,
            "to_stage": row["stage"],
            "changed_at": row["stage_entered_at"],
            "reason": row["disqualified_reason"],
        }
        for lead_id, row in zip(ids, rows, strict=True)
    ]
    session.execute(insert(StageChangeRow), history)
    _write_children(session, list(zip(ids, leads, strict=True)), region, replace_existing=False)
    return ids


def write_children(session: Session, pairs: list[tuple[int, Lead]], region: str) -> None:
    """Replaces the further contacts, tags and custom fields of saved leads."""
    _write_children(session, pairs, region, replace_existing=True)


def _write_children(
    session: Session, pairs: list[tuple[int, Lead]], region: str, *, replace_existing: bool
) -> None:
    """Further contacts, tags and custom fields of the given leads."""
    if replace_existing:
        ids = [lead_id for lead_id, _ in pairs]
        session.execute(delete(LeadContact).where(LeadContact.lead_id.in_(ids)))
        session.execute(delete(LeadTag).where(LeadTag.lead_id.in_(ids)))
        session.execute(delete(CustomField).where(CustomField.lead_id.in_(ids)))
    contacts: list[dict[str, Any]] = []
    lead_tags: list[dict[str, Any]] = []
    custom: list[dict[str, Any]] = []
    # Ordered, so a new tag is named as first written ("VIP", then "vip").
    tag_ids = tag_ids_for(session, dict.fromkeys(t for _, lead in pairs for t in lead.tags))
    for lead_id, lead in pairs:
        for position, value in enumerate(v for v in lead.emails if v.strip()):
            key = check_email(value).key
            contacts.append(
                dict(
                    lead_id=lead_id,
                    kind="email",
                    value=value,
                    key=key,
                    position=position,
                    region="",
                )
            )
        for position, value in enumerate(v for v in lead.phones if v.strip()):
            key = check_phone(value, lead.region_for(value, region)).e164 or value.strip()
            contacts.append(
                dict(
                    lead_id=lead_id,
                    kind="phone",
                    value=value,
                    key=key,
                    position=position,
                    region=contact_region(lead, value, region),
                )
            )
        for tag_id in dict.fromkeys(tag_ids[fold(t.strip())] for t in lead.tags if t.strip()):
            lead_tags.append(dict(lead_id=lead_id, tag_id=tag_id))
        for name, value in lead.custom.items():
            custom.append(
                dict(lead_id=lead_id, name=name, value=value, sort_value=custom_sort_value(value))
            )
    for table, rows in ((LeadContact, contacts), (LeadTag, lead_tags), (CustomField, custom)):
        if rows:
            session.execute(insert(table), rows)


def tag_ids_for(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Ids of the tags with these names (case- and accent-insensitive),
    creating the missing ones; keyed by folded name."""
    wanted: dict[str, str] = {}
    for name in names:
        if name.strip():
            wanted.setdefault(fold(name.strip()), name.strip())
    if not wanted:
        return {}
    found = dict(session.execute(select(Tag.key, Tag.id).where(Tag.key.in_(wanted))).all())
    missing = [{"key": k, "name": n} for k, n in wanted.items() if k not in found]
    if missing:
        session.execute(insert(Tag), missing)
        found = dict(session.execute(select(Tag.key, Tag.id).where(Tag.key.in_(wanted))).all())
    return found


def get_lead(session: Session, lead_id: int) -> Lead:
    """The lead with its contacts, tags and custom fields."""
    row = session.get(LeadRow, lead_id, populate_existing=True)
    if row is None:
        raise LeadNotFound(lead_id)
    lead = lead_from_row(row)
    for kind, value, region in session.execute(
        select(LeadContact.kind, LeadContact.value, LeadContact.region)
        .where(LeadContact.lead_id == lead_id)
        .order_by(LeadContact.kind, LeadContact.position)
    ):
        if kind == "email":
            lead.emails.append(value)
        else:
            lead.phones.append(value)
            remember_contact_region(lead, value, region, row.phone_region)
    lead.tags = list(
        session.scalars(
            select(Tag.name).join(LeadTag).where(LeadTag.lead_id == lead_id).order_by(Tag.key)
        )
    )
    lead.custom = dict(
        session.execute(
            select(CustomField.name, CustomField.value)
            .where(CustomField.lead_id == lead_id)
            .order_by(CustomField.name)
        ).all()
    )
    return lead


def save_lead(session: Session, lead: Lead, *, now: datetime | None = None) -> Lead:
    """Writes an edited lead back and returns it as stored.

    A stage change is recorded in the history. Raises :class:`StaleLead`
    when the lead was saved by someone else since ``lead`` was read (its
    ``version`` no longer matches), so no change is ever silently lost.
    """
    if lead.id is None:
        raise ValueError("save_lead needs a lead that was created first")
    if not lead.has_identity():
        raise ValueError("A lead needs a name, a company, an email or a phone number.")
    now = now or utcnow()
    current = session.get(LeadRow, lead.id, with_for_update=True)
    if current is None:
        raise LeadNotFound(lead.id)
    if current.version != lead.version:
        raise StaleLead(get_lead(session, lead.id), current.updated_by)
    region = settings.phone_region(session)
    columns = lead_columns(lead, region, now)
    columns.update(updated_at=now, version=current.version + 1, updated_by=editor(session))
    if columns["stage"] != current.stage:
        columns["stage_entered_at"] = now
        session.add(
            StageChangeRow(
                lead_id=lead.id,
                from_stage=current.stage,
                to_stage=columns["stage"],
                changed_at=now,
                reason=lead.disqualified_reason if lead.stage is Stage.DISQUALIFIED else "",
            )
        )
    session.execute(update(LeadRow).where(LeadRow.id == lead.id).values(**columns))
    _write_children(session, [(lead.id, lead)], region, replace_existing=True)
    session.flush()
    return get_lead(session, lead.id)


def move_stage(
    session: Session,
    lead_ids: Sequence[int],
    stage: Stage,
    *,
    reason: str = "",
    now: datetime | None = None,
) -> dict[int, Stage]:
    """Moves leads to ``stage`` and records each move; returns the stage each
    lead had before (leads already in ``stage`` are left alone). Undo puts
    back what it writes: :data:`leaddesk.store.undo.STAGE_COLUMNS`."""
    now = now or utcnow()
    before = dict(
        session.execute(
            select(LeadRow.id, LeadRow.stage).where(
                LeadRow.id.in_(lead_ids), LeadRow.stage != stage
            )
        ).all()
    )
    if not before:
        return {}
    session.execute(
        insert(StageChangeRow),
        [
            dict(lead_id=i, from_stage=old, to_stage=str(stage), changed_at=now, reason=reason)
            for i, old in before.items()
        ],
    )
    values: dict[str, Any] = dict(
        stage=str(stage),
        stage_entered_at=now,
        updated_at=now,
        updated_by=editor(session),
        version=LeadRow.version + 1,
    )
    if stage is Stage.DISQUALIFIED:
        values.update(disqualified_reason=reason, score=0)
    session.execute(update(LeadRow).where(LeadRow.id.in_(before)).values(**values))
    if stage is not Stage.DISQUALIFIED:
        rescore(session, list(before), now=now)
    return {i: Stage(s) for i, s in before.items()}


def stage_history(session: Session, lead_id: int) -> list[StageChange]:
    """Every stage the lead has been in, oldest first."""
    rows = session.execute(
        select(
            StageChangeRow.to_stage,
            StageChangeRow.changed_at,
            StageChangeRow.from_stage,
            StageChangeRow.reason,
        )
        .where(StageChangeRow.lead_id == lead_id)
        .order_by(StageChangeRow.changed_at, StageChangeRow.id)
    )
    return [
        StageChange(Stage(to), at, Stage(frm) if frm else None, reason)
        for to, at, frm, reason in rows
    ]


def add_activity(
    session: Session,
    lead_id: int,
    activity: Activity,
    *,
    follow_up: date | bool | None = False,
    now: datetime | None = None,
) -> Activity:
    """Logs an activity and updates the lead's last activity and score.

    ``follow_up`` sets the next follow-up date (None clears it; False, the
    default, leaves it as it is)."""
    now = now or utcnow()
    row = ActivityRow(
        lead_id=lead_id,
        kind=str(activity.kind),
        occurred_at=activity.occurred_at,
        outcome=activity.outcome,
        text=activity.text,
        duration_seconds=activity.duration_seconds,
    )
    session.add(row)
    session.flush()
    tag_ids = tag_ids_for(session, activity.tags)
    if tag_ids:
        session.execute(
            insert(ActivityTag),
            [dict(activity_id=row.id, tag_id=t) for t in dict.fromkeys(tag_ids.values())],
        )
    latest = session.scalar(
        select(func.max(ActivityRow.occurred_at)).where(ActivityRow.lead_id == lead_id)
    )
    values: dict[str, Any] = dict(
        last_activity_at=latest, updated_at=now, version=LeadRow.version + 1
    )
    if follow_up is not False:
        values["next_follow_up"] = follow_up
    session.execute(update(LeadRow).where(LeadRow.id == lead_id).values(**values))
    rescore(session, [lead_id], now=now)
    return replace(activity, id=row.id, lead_id=lead_id)


def delete_activity(session: Session, activity_id: int, *, now: datetime | None = None) -> None:
    lead_id = session.scalar(select(ActivityRow.lead_id).where(ActivityRow.id == activity_id))
    if lead_id is None:
        return
    session.execute(delete(ActivityRow).where(ActivityRow.id == activity_id))
    latest = session.scalar(
        select(func.max(ActivityRow.occurred_at)).where(ActivityRow.lead_id == lead_id)
    )
    session.execute(update(LeadRow).where(LeadRow.id == lead_id).values(last_activity_at=latest))
    rescore(session, [lead_id], now=now)


def activities(session: Session, lead_id: int, *, limit: int | None = None) -> list[Activity]:
    """The lead's activity log, newest first."""
    query = (
        select(ActivityRow)
        .where(ActivityRow.lead_id == lead_id)
        .order_by(ActivityRow.occurred_at.desc(), ActivityRow.id.desc())
        .limit(limit)
    )
    rows = session.scalars(query).all()
    tags: dict[int, list[str]] = {}
    if rows:
        for activity_id, name in session.execute(
            select(ActivityTag.activity_id, Tag.name)
            .join(Tag)
            .where(ActivityTag.activity_id.in_([r.id for r in rows]))
        ):
            tags.setdefault(activity_id, []).append(name)
    return [
        Activity(
            kind=ActivityKind(r.kind),
            occurred_at=r.occurred_at,
            text=r.text,
            outcome=r.outcome,
            duration_seconds=r.duration_seconds,
            tags=tuple(sorted(tags.get(r.id, []))),
            id=r.id,
            lead_id=r.lead_id,
        )
        for r in rows
    ]


def rescore(session: Session, lead_ids: Sequence[int], *, now: datetime | None = None) -> None:
    """Recomputes the score of the given leads (after an activity or a stage
    move changed what it depends on)."""
    now = now or utcnow()
    rows = session.execute(select(LeadRow).where(LeadRow.id.in_(lead_ids))).scalars().all()
    for row in rows:
        lead = lead_from_row(row)
        new = lead_score(lead.bant, lead.stage, lead.last_activity_at, lead.enrichment, now)
        if new != row.score:
            # Set on the row, not by an UPDATE statement per lead: the
            # flush writes them all with one executemany, where each
            # statement had the session compare every lead it holds
            # (moving 10,000 leads to SQL took 86 s).
            row.score = new
    session.flush()


def update_leads(
    session: Session, lead_ids: Sequence[int], **values: Any
) -> dict[int, dict[str, Any]]:
    """Sets plain columns (owner, next_follow_up) on many leads; returns the
    previous values per lead."""
    columns = [getattr(LeadRow, name) for name in values]
    before = {
        row[0]: dict(zip(values, row[1:], strict=True))
        for row in session.execute(select(LeadRow.id, *columns).where(LeadRow.id.in_(lead_ids)))
    }
    session.execute(
        update(LeadRow)
        .where(LeadRow.id.in_(lead_ids))
        .values(**values, updated_at=utcnow(), version=LeadRow.version + 1)
    )
    return before


def add_tag(session: Session, lead_ids: Sequence[int], name: str) -> list[int]:
    """Tags the leads; returns the ids that did not have the tag yet."""
    (tag_id,) = tag_ids_for(session, [name]).values()
    having = set(
        session.scalars(
            select(LeadTag.lead_id).where(LeadTag.tag_id == tag_id, LeadTag.lead_id.in_(lead_ids))
        )
    )
    added = [i for i in dict.fromkeys(lead_ids) if i not in having]
    if added:
        session.execute(insert(LeadTag), [dict(lead_id=i, tag_id=tag_id) for i in added])
        _refresh_search(session, added)
    return added


def remove_tag(session: Session, lead_ids: Sequence[int], name: str) -> list[int]:
    """Removes a tag from the leads; returns the ids that had it."""
    tag_id = session.scalar(select(Tag.id).where(Tag.key == fold(name.strip())))
    if tag_id is None:
        return []
    having = list(
        session.scalars(
            select(LeadTag.lead_id).where(LeadTag.tag_id == tag_id, LeadTag.lead_id.in_(lead_ids))
        )
    )
    if having:
        session.execute(
            delete(LeadTag).where(LeadTag.tag_id == tag_id, LeadTag.lead_id.in_(having))
        )
        _refresh_search(session, having)
    return having


def _refresh_search(session: Session, lead_ids: Sequence[int]) -> None:
    """Rewrites the derived columns of leads whose tags changed: read a
    thousand at a time and written with one statement each (lead by lead,
    tagging 3,000 leads took 6.8 s)."""
    region = settings.phone_region(session)
    now = utcnow()
    table = cast(Table, LeadRow.__table__)
    statement = (
        update(table)
        .where(table.c.id == bindparam("lead"))
        .values(search_text=bindparam("text"), updated_at=now, version=table.c.version + 1)
    )
    for start in range(0, len(lead_ids), GROUP):
        found = get_leads(session, lead_ids[start : start + GROUP])
        rows = [
            {"lead": lead_id, "text": lead_columns(lead, region, now)["search_text"]}
            for lead_id, lead in found.items()
        ]
        if rows:
            session.connection().execute(statement, rows)
    # Rows of these leads the session holds are now out of date.
    changed = set(lead_ids)
    for held in list(session.identity_map.values()):
        if isinstance(held, LeadRow) and held.id in changed:
            session.expire(held)


def trash_leads(
    session: Session, lead_ids: Sequence[int], *, now: datetime | None = None
) -> list[int]:
    """Moves leads to the trash; returns the ids that were not there yet."""
    now = now or utcnow()
    live = list(
        session.scalars(
            select(LeadRow.id).where(LeadRow.id.in_(lead_ids), LeadRow.deleted_at.is_(None))
        )
    )
    if live:
        session.execute(
            update(LeadRow)
            .where(LeadRow.id.in_(live))
            .values(deleted_at=now, updated_at=now, version=LeadRow.version + 1)
        )
    return live


def restore_leads(session: Session, lead_ids: Sequence[int]) -> None:
    """Takes leads back out of the trash."""
    session.execute(
        update(LeadRow)
        .where(LeadRow.id.in_(lead_ids))
        .values(deleted_at=None, updated_at=utcnow(), version=LeadRow.version + 1)
    )


def purge_leads(session: Session, lead_ids: Sequence[int] | None = None) -> int:
    """Deletes trashed leads for good (all of the trash when ``lead_ids`` is
    None); returns how many."""
    query = delete(LeadRow).where(LeadRow.deleted_at.is_not(None))
    if lead_ids is not None:
        query = query.where(LeadRow.id.in_(lead_ids))
    return session.execute(query).rowcount  # type: ignore[attr-defined,no-any-return]
