"""Writing leads: validation results, history, activities, tags, trash."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from leaddesk.domain.bant import Answer, Bant, Temperature
from leaddesk.domain.lead import Activity, ActivityKind, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store import settings
from leaddesk.store.database import Database
from tests.conftest import NOW


def _ana(**changes: object) -> Lead:
    lead = Lead(
        first_name="Ana",
        last_name="Ruiz",
        company="Cobalt Labs",
        email="Ana.Ruiz@Cobalt.ES",
        phone="+34 612 345 678",
        source="Referral",
    )
    for name, value in changes.items():
        setattr(lead, name, value)
    return lead


def test_a_created_lead_reads_back_with_derived_fields(db: Database) -> None:
    with db.session() as session:
        lead = store.create_lead(
            session,
            _ana(bant=Bant(Answer.YES, Answer.YES, Answer.UNKNOWN, Answer.NO), tags=["VIP", "vip"]),
            now=NOW,
        )
    assert lead.id is not None
    assert lead.email == "Ana.Ruiz@cobalt.es"
    assert lead.phone == "+34 612 345 678"
    assert lead.phone_e164 == "+34612345678"
    assert lead.source == "referral"
    assert lead.temperature is Temperature.WARM
    assert lead.tags == ["VIP"]
    assert not lead.needs_review
    assert lead.created_at == NOW
    assert 0 < lead.score <= 100


def test_invalid_contacts_are_kept_verbatim_and_flagged(db: Database) -> None:
    with db.session() as session:
        lead = store.create_lead(session, _ana(email="ana(at)cobalt", phone="12"))
    assert lead.email == "ana(at)cobalt"
    assert lead.phone == "12"
    assert lead.phone_e164 == ""
    assert lead.needs_review
    assert "ana(at)cobalt" in lead.review_reasons and "“12”" in lead.review_reasons
    with db.session() as session:
        lead.email, lead.phone = "ana@cobalt.es", "+34 612 345 678"
        fixed = store.save_lead(session, lead)
    assert not fixed.needs_review


def test_a_lead_needs_a_way_to_identify_it(db: Database) -> None:
    with db.session() as session, pytest.raises(ValueError, match="needs a name"):
        store.create_lead(session, Lead(title="CEO"))


def test_phones_without_country_code_use_the_database_region(db: Database) -> None:
    with db.session() as session:
        settings.put(session, settings.PHONE_REGION, "FR")
        lead = store.create_lead(session, _ana(phone="06 12 34 56 78"))
    assert lead.phone_e164 == "+33612345678"


def test_further_contacts_and_custom_fields_are_kept(db: Database) -> None:
    with db.session() as session:
        lead = store.create_lead(
            session,
            _ana(emails=["ana@home.es"], phones=["+34 699 111 222"], custom={"Shoe size": "38"}),
        )
    assert lead.emails == ["ana@home.es"]
    assert lead.phones == ["+34 699 111 222"]
    assert lead.custom == {"Shoe size": "38"}


def test_saving_changes_persists_them_and_bumps_the_version(db: Database) -> None:
    with db.session() as session:
        lead = store.create_lead(session, _ana())
    lead.title = "CTO"
    lead.bant = Bant(*[Answer.YES] * 4)
    with db.session() as session:
        saved = store.save_lead(session, lead)
    assert saved.version == lead.version + 1
    with db.read() as session:
        again = store.get_lead(session, saved.id or 0)
    assert again.title == "CTO"
    assert again.temperature is Temperature.HOT


def test_saving_over_someone_elses_change_is_refused(db: Database) -> None:
    with db.session() as session:
        lead = store.create_lead(session, _ana())
    mine = replace(lead)
    lead.title = "Founder"
    with db.session() as session:
        store.save_lead(session, lead)
    mine.title = "CEO"
    with db.session() as session, pytest.raises(store.StaleLead) as stale:
        store.save_lead(session, mine)
    assert stale.value.current.title == "Founder"


def test_stage_moves_are_recorded(db: Database) -> None:
    with db.session() as session:
        lead = store.create_lead(session, _ana(), now=NOW)
        lead_id = lead.id or 0
        before = store.move_stage(session, [lead_id], Stage.MQL, now=NOW + timedelta(days=1))
        store.move_stage(
            session, [lead_id], Stage.DISQUALIFIED, reason="No budget", now=NOW + timedelta(days=3)
        )
    assert before == {lead_id: Stage.NEW}
    with db.read() as session:
        history = store.stage_history(session, lead_id)
        lead = store.get_lead(session, lead_id)
    assert [h.to_stage for h in history] == [Stage.NEW, Stage.MQL, Stage.DISQUALIFIED]
    assert history[-1].reason == "No budget"
    assert lead.disqualified_reason == "No budget"
    assert lead.score == 0
    assert lead.stage_entered_at == NOW + timedelta(days=3)


def test_saving_a_new_stage_records_it(db: Database) -> None:
    with db.session() as session:
        lead = store.create_lead(session, _ana())
        lead.stage = Stage.SAL
        store.save_lead(session, lead)
        history = store.stage_history(session, lead.id or 0)
    assert [h.to_stage for h in history] == [Stage.NEW, Stage.SAL]
    assert history[-1].from_stage is Stage.NEW


def test_activities_update_last_activity_score_and_follow_up(db: Database) -> None:
    with db.session() as session:
        lead = store.create_lead(session, _ana())
        lead_id = lead.id or 0
        call = Activity(
            ActivityKind.CALL,
            datetime.now().replace(microsecond=0),
            "Asked for pricing",
            "Connected",
            300,
        )
        store.add_activity(session, lead_id, call, follow_up=date(2030, 1, 2))
        store.add_activity(
            session,
            lead_id,
            Activity(
                ActivityKind.FEEDBACK,
                call.occurred_at - timedelta(days=2),
                "Too pricey",
                tags=("pricing",),
            ),
        )
        updated = store.get_lead(session, lead_id)
        log = store.activities(session, lead_id)
    assert updated.last_activity_at == call.occurred_at
    assert updated.next_follow_up == date(2030, 1, 2)
    assert updated.score > lead.score
    assert [a.kind for a in log] == [ActivityKind.CALL, ActivityKind.FEEDBACK]
    assert log[0].duration_seconds == 300 and log[0].outcome == "Connected"
    assert log[1].tags == ("pricing",)


def test_tags_added_and_removed_in_bulk(db: Database) -> None:
    with db.session() as session:
        ids = [store.create_lead(session, _ana(first_name=n, email="")).id or 0 for n in ("A", "B")]
        assert store.add_tag(session, ids, "Webinar") == ids
        assert store.add_tag(session, ids, "webinar") == []
        assert store.get_lead(session, ids[0]).tags == ["Webinar"]
        assert store.remove_tag(session, ids[:1], "WEBINAR") == ids[:1]
        assert store.get_lead(session, ids[0]).tags == []
        assert store.get_lead(session, ids[1]).tags == ["Webinar"]


def test_bulk_tagging_leaves_each_lead_as_saving_it_alone_would(db: Database) -> None:
    # The oracle of the set-based refresh: every derived column equals what
    # the lead-by-lead path (lead_columns of the whole lead) gives, for
    # leads with several contacts, tags and custom fields, more than one
    # group of them; and the tag is found by search.
    from leaddesk.store.derive import lead_columns
    from leaddesk.store.queries import LeadQuery, lead_ids
    from leaddesk.store.schema import LeadRow

    with db.session() as session:
        ids = [
            store.create_lead(
                session,
                _ana(
                    first_name=f"P{n}",
                    email=f"p{n}@cobalt.es",
                    emails=[f"p{n}@cobalt.es", f"second{n}@example.com"],
                    phones=["+34 612 345 678", f"+49 40 289 {n:04d}"],
                    tags=["Fair 2026"] if n % 2 else [],
                    custom={"Sector": f"Sector {n % 3}"},
                ),
            ).id
            or 0
            for n in range(1_205)
        ]
        held = session.get(LeadRow, ids[0])
        assert held is not None and held.version is not None
        version = held.version
        assert sorted(store.add_tag(session, ids, "Webinar")) == [i for i in ids]
        assert held.version == version + 1  # what the session holds is not stale
    region = "US"
    with db.read() as session:
        region = settings.phone_region(session)
        for lead_id in ids[::97] + ids[-3:]:
            row = session.get(LeadRow, lead_id)
            assert row is not None
            expected = lead_columns(store.get_lead(session, lead_id), region, NOW)
            assert row.search_text == expected["search_text"]
            assert "webinar" in row.search_text
        assert len(lead_ids(session, LeadQuery(search="webinar"))) == len(ids)
    with db.session() as session:
        assert len(store.remove_tag(session, ids, "webinar")) == len(ids)
    with db.read() as session:
        assert lead_ids(session, LeadQuery(search="webinar")) == []


def test_trash_restore_and_purge(db: Database) -> None:
    from leaddesk.store.queries import LeadQuery, count_leads

    with db.session() as session:
        lead_id = store.create_lead(session, _ana()).id or 0
        assert store.trash_leads(session, [lead_id]) == [lead_id]
        assert count_leads(session, LeadQuery()) == 0
        assert count_leads(session, LeadQuery(trash=True)) == 1
        store.restore_leads(session, [lead_id])
        assert count_leads(session, LeadQuery()) == 1
        store.trash_leads(session, [lead_id])
        assert store.purge_leads(session) == 1
        with pytest.raises(store.LeadNotFound):
            store.get_lead(session, lead_id)


def test_bulk_updates_return_the_values_before(db: Database) -> None:
    with db.session() as session:
        ids = [store.create_lead(session, _ana(owner="Sam", email="")).id or 0 for _ in range(3)]
        before = store.update_leads(session, ids, owner="Alex")
        assert {store.get_lead(session, i).owner for i in ids} == {"Alex"}
    assert before == {i: {"owner": "Sam"} for i in ids}
