"""A phone number written without a country code is read with the region
it came with, every time: editing anything else, or changing the
database's default region, never checks it against another country."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from leaddesk.domain.lead import Lead
from leaddesk.store import leads as store
from leaddesk.store import migrations, settings
from leaddesk.store.database import Database

HAMBURG = "0049 (40) 289-3308"
"""A German number as German spreadsheets write it: 00 is Germany's way out."""


def _imported_from_germany(db: Database, email: str = "", phones: list[str] | None = None) -> Lead:
    """A lead imported with the region Germany into a database whose
    default region is the United States."""
    lead = Lead(first_name="Jonas", last_name="Brandt", email=email, phone=HAMBURG)
    lead.phones = phones or []
    with db.session() as session:
        settings.put(session, settings.PHONE_REGION, "US")
        (lead_id,) = store.insert_leads(session, [lead], region="DE")
        return store.get_lead(session, lead_id)


def test_fixing_the_email_leaves_a_german_number_alone(db: Database) -> None:
    lead = _imported_from_germany(db, email="jonas(at)brandt.de")
    assert lead.phone_e164 == "+49402893308"
    assert lead.needs_review and "Phone" not in lead.review_reasons
    with db.session() as session:
        fixed = store.save_lead(session, replace(lead, email="jonas@brandt.de"))
    assert fixed.phone == HAMBURG
    assert fixed.phone_e164 == "+49402893308"
    assert not fixed.needs_review
    assert fixed.review_reasons == ""


def test_further_numbers_keep_their_region_too(db: Database) -> None:
    lead = _imported_from_germany(db, phones=["040 2893309"])
    with db.session() as session:
        saved = store.save_lead(session, replace(lead, title="Einkauf"))
        key = session.execute(text("SELECT key FROM lead_contacts")).scalar()
    assert key == "+49402893309"
    assert not saved.needs_review


def test_a_new_default_region_reads_new_numbers_only(db: Database) -> None:
    lead = _imported_from_germany(db)
    with db.session() as session:
        settings.put(session, settings.PHONE_REGION, "FR")
        # The user types a French number beside the German one.
        saved = store.save_lead(session, replace(lead, phones=["06 12 34 56 78"]))
        keys = list(session.execute(text("SELECT key, region FROM lead_contacts")))
    assert saved.phone_e164 == "+49402893308"
    assert keys == [("+33612345678", "FR")]
    assert not saved.needs_review
    # Read back, each number names its own region.
    assert saved.phone_regions == {HAMBURG: "DE", "06 12 34 56 78": "FR"}


def test_an_older_database_learns_the_region_of_its_numbers(db: Database) -> None:
    from alembic import command

    with db.engine.begin() as connection:
        command.downgrade(migrations.config(connection), "0005")
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO settings (key, value) VALUES ('phone_region', 'US')"))
        for lead_id, phone, e164 in (
            (1, "(415) 555-2671", "+14155552671"),  # read as a US number
            (2, HAMBURG, "+49402893308"),  # imported with the region Germany
            (3, "12", ""),  # not valid: checked with the default
            (4, "+33 6 12 34 56 78", "+33612345678"),  # needs no region
        ):
            connection.execute(
                text(
                    "INSERT INTO leads (id, first_name, phone, phone_e164, interest_manual, "
                    "notes, consent, do_not_contact, budget, authority, need, timeframe, "
                    "stage, stage_entered_at, temperature, score, enrichment, needs_review, "
                    "review_reasons, search_text, created_at, updated_at, version) VALUES "
                    "(:id, 'Lead', :phone, :e164, false, '', 'unknown', false, 'unknown', "
                    "'unknown', 'unknown', 'unknown', 'new', :now, 'cold', 0, 0, false, '', "
                    "'', :now, :now, 1)"
                ),
                {"id": lead_id, "phone": phone, "e164": e164, "now": "2026-01-01 00:00:00"},
            )
        connection.execute(
            text(
                "INSERT INTO lead_contacts (lead_id, kind, value, key, position) VALUES "
                "(4, 'phone', '040 2893309', '+49402893309', 0)"
            )
        )
    with db.engine.begin() as connection:
        migrations.upgrade(connection)
    with db.read() as session:
        rows = session.execute(text("SELECT id, phone_region FROM leads"))
        regions = {lead_id: region for lead_id, region in rows}
        contact = session.execute(text("SELECT region FROM lead_contacts")).scalar()
    assert regions == {1: "US", 2: "DE", 3: "US", 4: ""}
    assert contact == "DE"
    with db.session() as session:
        lead = store.get_lead(session, 2)
        saved = store.save_lead(session, replace(lead, email="jonas@brandt.de"))
    assert saved.phone_e164 == "+49402893308" and not saved.needs_review
