"""Undo puts back exactly what was there: a lead read in full (every
column, its contacts, tags, custom fields, stage history and activity log)
is the same before a change and after the change and its undo."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from leaddesk.domain.clock import utcnow
from leaddesk.domain.lead import Activity, ActivityKind, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store import undo
from leaddesk.store.database import Database
from leaddesk.store.schema import LeadRow

BOOKKEEPING = ("version", "updated_at", "updated_by")


def full_lead(session: Session, lead_id: int) -> dict[str, Any]:
    """Everything stored about a lead but the bookkeeping an undo moves
    forward (its version, when and by whom it was last changed)."""
    row = session.execute(select(LeadRow.__table__).where(LeadRow.id == lead_id)).mappings().one()
    lead = store.get_lead(session, lead_id)
    state = {name: value for name, value in row.items() if name not in BOOKKEEPING}
    state.update(
        emails=lead.emails,
        phones=lead.phones,
        tags=lead.tags,
        custom=lead.custom,
        history=store.stage_history(session, lead_id),
        activities=store.activities(session, lead_id),
    )
    return state


def bookkeeping(session: Session, lead_id: int) -> tuple[Any, ...]:
    return tuple(session.execute(select(LeadRow.version, LeadRow.updated_at).where(
        LeadRow.id == lead_id)).one())  # fmt: skip


def _lead(**changes: Any) -> Lead:
    days_ago = utcnow() - timedelta(days=30)
    lead = Lead(first_name="Ana", last_name="Ruiz", company="Cobalt Labs", email="ana@cobalt.es",
                source="referral", created_at=days_ago, stage_entered_at=days_ago)  # fmt: skip
    for name, value in changes.items():
        setattr(lead, name, value)
    return lead


def undone(db: Database, ids: list[int], columns: Any, action: Any, **kw: Any) -> None:
    """Runs ``action`` through :func:`undo.change`, then puts it back; each
    in its own transaction, as the window does."""
    with db.session() as session:
        _, before = undo.change(session, ids, columns, lambda: action(session), **kw)
    with db.session() as session:
        undo.put_back(session, before)


def test_undoing_a_disqualification_puts_back_stage_reason_and_history(db: Database) -> None:
    now = utcnow()
    with db.session() as session:
        mql, requalified = store.insert_leads(session, [_lead(), _lead(first_name="Zoe")])
        store.move_stage(session, [mql], Stage.MQL, now=now - timedelta(days=12))
        store.move_stage(session, [requalified], Stage.DISQUALIFIED, reason="Spam",
                         now=now - timedelta(days=9))  # fmt: skip
        store.move_stage(session, [requalified], Stage.NEW, now=now - timedelta(days=2))
    with db.read() as session:
        before = {i: full_lead(session, i) for i in (mql, requalified)}
        kept = {i: bookkeeping(session, i) for i in (mql, requalified)}

    def disqualify(session: Session) -> None:
        store.move_stage(session, [mql, requalified], Stage.DISQUALIFIED, reason="No budget")

    undone(db, [mql, requalified], undo.STAGE_COLUMNS, disqualify)
    with db.read() as session:
        after = {i: full_lead(session, i) for i in (mql, requalified)}
        moved_on = {i: bookkeeping(session, i) for i in (mql, requalified)}
    assert after == before
    assert after[mql]["disqualified_reason"] == ""
    assert after[requalified]["disqualified_reason"] == "Spam"
    for lead_id, (version, updated_at) in kept.items():
        assert moved_on[lead_id][0] > version  # nobody saves over the undo unawares
        assert moved_on[lead_id][1] >= updated_at


def test_undoing_a_logged_call_puts_back_last_activity_and_follow_up(db: Database) -> None:
    """The lead came from a spreadsheet with its own last contact date and
    no activity logged yet."""
    contacted = (utcnow() - timedelta(days=3)).replace(microsecond=0)
    with db.session() as session:
        (lead_id,) = store.insert_leads(
            session, [_lead(last_activity_at=contacted, next_follow_up=date(2030, 1, 2))]
        )
    with db.read() as session:
        before = full_lead(session, lead_id)
    call = Activity(ActivityKind.CALL, utcnow().replace(microsecond=0), "Asked for pricing",
                    "Connected", 300, tags=("pricing",))  # fmt: skip
    undone(db, [lead_id], undo.ACTIVITY_COLUMNS,
           lambda s: store.add_activity(s, lead_id, call, follow_up=date(2030, 2, 1)))  # fmt: skip
    with db.read() as session:
        assert full_lead(session, lead_id) == before


def test_undoing_a_restore_from_the_trash_puts_back_when_it_was_deleted(db: Database) -> None:
    with db.session() as session:
        (lead_id,) = store.insert_leads(session, [_lead()])
        store.trash_leads(session, [lead_id], now=utcnow() - timedelta(days=5))
    with db.read() as session:
        before = full_lead(session, lead_id)
    undone(db, [lead_id], undo.TRASH_COLUMNS, lambda s: store.restore_leads(s, [lead_id]))
    with db.read() as session:
        assert full_lead(session, lead_id) == before


def test_undoing_an_edit_puts_back_every_field_and_child(db: Database) -> None:
    with db.session() as session:
        (lead_id,) = store.insert_leads(
            session,
            [
                _lead(
                    emails=["ana.ruiz@gmail.com"],
                    tags=["VIP", "Webinar"],
                    custom={"Sector": "Food"},
                )
            ],
        )
    with db.read() as session:
        before = full_lead(session, lead_id)

    def edit(session: Session) -> None:
        lead = store.get_lead(session, lead_id)
        lead.title, lead.stage, lead.emails = "CEO", Stage.SAL, []
        lead.tags, lead.custom = ["webinar", "Partner"], {"Sector": "Retail", "Rating": "A"}
        store.save_lead(session, lead)

    undone(db, [lead_id], undo.EVERY_COLUMN, edit, children=undo.EVERY_CHILD)
    with db.read() as session:
        assert full_lead(session, lead_id) == before


def test_a_lead_deleted_for_good_meanwhile_is_not_written(db: Database) -> None:
    with db.session() as session:
        first, second = store.insert_leads(session, [_lead(), _lead(first_name="Zoe")])
        _, before = undo.change(
            session, [first, second], undo.STAGE_COLUMNS,
            lambda: store.move_stage(session, [first, second], Stage.MQL),
        )  # fmt: skip
        store.trash_leads(session, [second])
        store.purge_leads(session, [second])
    with db.session() as session, pytest.raises(store.LeadNotFound):
        undo.put_back(session, before)
    with db.read() as session:
        assert store.get_lead(session, first).stage is Stage.MQL


def test_only_lead_columns_can_be_put_back(db: Database) -> None:
    with db.read() as session, pytest.raises(ValueError, match="version"):
        undo.remember(session, [1], ["stage", "version"])
