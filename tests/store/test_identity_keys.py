"""Every lead keeps the keys imports look people up by: saved leads, demo
leads, and leads of a database made before the keys existed."""

from __future__ import annotations

from sqlalchemy import select

from leaddesk.domain.lead import Lead
from leaddesk.store import migrations
from leaddesk.store.database import Database
from leaddesk.store.demo import load_demo
from leaddesk.store.leads import insert_leads
from leaddesk.store.schema import LeadRow


def _keys(db: Database) -> dict[str, tuple[str, str]]:
    with db.read() as session:
        rows = session.execute(
            select(LeadRow.first_name, LeadRow.last_name, LeadRow.company,
                   LeadRow.name_key, LeadRow.company_key)
        )  # fmt: skip
        return {
            f"{first} {last}, {company}": (name, key) for first, last, company, name, key in rows
        }


def test_saved_leads_have_their_keys(db: Database) -> None:
    with db.session() as session:
        insert_leads(
            session, [Lead(first_name="Thomas", last_name="Müller", company="Müller & Söhne GmbH")]
        )
    assert _keys(db) == {"Thomas Müller, Müller & Söhne GmbH": ("muller thomas", "muller sohne")}


def test_demo_leads_have_the_keys_saving_them_would_give(db: Database) -> None:
    from leaddesk.domain.identity import company_key, name_key

    load_demo(db, 40, seed=3)
    with db.read() as session:
        rows = session.execute(
            select(LeadRow.first_name, LeadRow.last_name, LeadRow.company,
                   LeadRow.name_key, LeadRow.company_key)
        ).all()  # fmt: skip
    assert len(rows) == 40
    for first, last, company, name, key in rows:
        assert (name, key) == (name_key(first, last), company_key(company))


def test_the_migration_gives_existing_leads_their_keys(db: Database) -> None:
    from alembic import command

    with db.session() as session:
        insert_leads(
            session,
            [
                Lead(first_name="Jürgen", last_name="Groß", company="Straße AG"),
                Lead(company="Gamma Ltd."),
                Lead(email="someone@example.com"),
            ],
        )
    with db.engine.begin() as connection:
        command.downgrade(migrations.config(connection), "0006")  # the keys are gone
    with db.engine.begin() as connection:
        migrations.upgrade(connection)
    assert _keys(db) == {
        "Jürgen Groß, Straße AG": ("gross jurgen", "strasse"),
        " , Gamma Ltd.": ("", "gamma"),
        " , ": ("", ""),
    }
