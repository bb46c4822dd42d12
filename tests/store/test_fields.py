"""Every field of a lead in the lead list: custom fields (the columns an
import kept by name) and the rest of the address, the website and the
competitor are found by search, sorted and filtered in SQL, on every
backend."""

from __future__ import annotations

from sqlalchemy import text

from leaddesk.domain.lead import Lead
from leaddesk.store import leads as store
from leaddesk.store import migrations
from leaddesk.store.database import Database
from leaddesk.store.queries import (
    FieldValue,
    LeadQuery,
    SortKey,
    count_leads,
    custom_field_names,
    custom_values,
    field_values,
    lead_ids,
    page_leads,
)

LEADS = [
    Lead(first_name="Ana", company="Cobalt Labs", city="Sevilla", country="Spain",
         custom={"Sector": "Renewables", "Rating": "B"}),
    Lead(first_name="Bo", company="Acme", website="https://www.acme-tools.com",
         custom={"Sector": "retail", "Rating": "a"}),
    Lead(first_name="Cy", company="Nordwind", postal_code="20095", competitor="Pipedrive",
         custom={"Rating": "C"}),
    Lead(first_name="Di", company="Lumière", address="12 rue de la Paix", city="Paris"),
]  # fmt: skip


def _load(db: Database) -> dict[str, int]:
    with db.session() as session:
        ids = store.insert_leads(session, LEADS, region="US")
    return {lead.first_name: i for lead, i in zip(LEADS, ids, strict=True)}


def _names(db: Database, query: LeadQuery, offset: int = 0, limit: int = 100) -> list[str]:
    with db.read() as session:
        return [row.first_name for row in page_leads(session, query, offset=offset, limit=limit)]


def test_every_field_is_found_by_search(db: Database) -> None:
    _load(db)
    for search, found in (
        ("renewab", ["Ana"]),  # a custom field
        ("retail", ["Bo"]),
        ("acme-tools", ["Bo"]),  # the website, without its https://www.
        ("spain", ["Ana"]),
        ("20095", ["Cy"]),
        ("pipedrive", ["Cy"]),
        ("rue paix", ["Di"]),
        ("https", []),
    ):
        assert _names(db, LeadQuery(search=search)) == found, search
        with db.read() as session:
            assert count_leads(session, LeadQuery(search=search)) == len(found)


def test_editing_a_custom_field_is_searched_at_once(db: Database) -> None:
    ids = _load(db)
    with db.session() as session:
        lead = store.get_lead(session, ids["Cy"])
        lead.custom["Sector"] = "Shipping"
        store.save_lead(session, lead)
    assert _names(db, LeadQuery(search="shipping")) == ["Cy"]


def test_leads_sort_by_a_custom_field_with_the_empty_ones_last(db: Database) -> None:
    _load(db)
    by_rating = LeadQuery(sort=SortKey.CUSTOM, sort_field="Rating")
    # Case aside, as names sort; a lead without a rating last either way.
    assert _names(db, by_rating) == ["Bo", "Ana", "Cy", "Di"]
    descending = LeadQuery(sort=SortKey.CUSTOM, sort_field="Rating", descending=True)
    assert _names(db, descending) == ["Cy", "Ana", "Bo", "Di"]
    # Pages across the leads with a rating and those without.
    assert _names(db, by_rating, offset=2, limit=1) == ["Cy"]
    assert _names(db, by_rating, offset=3, limit=5) == ["Di"]
    assert _names(db, by_rating, offset=2, limit=5) == ["Cy", "Di"]
    # Searched too: "c" finds Cobalt, acme-tools.com and Cy, who has no sector.
    sector = LeadQuery(sort=SortKey.CUSTOM, sort_field="Sector", search="c")
    assert _names(db, sector) == ["Ana", "Bo", "Cy"]
    with db.read() as session:
        assert len(lead_ids(session, by_rating)) == 4


def test_leads_sort_by_the_rest_of_their_fields(db: Database) -> None:
    _load(db)
    by_city = LeadQuery(sort=SortKey.CITY, descending=True)
    assert _names(db, by_city) == ["Ana", "Di", "Cy", "Bo"]
    assert _names(db, LeadQuery(sort=SortKey.POSTAL_CODE))[-1] == "Cy"
    assert _names(db, LeadQuery(sort=SortKey.COMPETITOR))[-1] == "Cy"


def test_leads_are_filtered_by_a_fields_value(db: Database) -> None:
    _load(db)
    sector = FieldValue("Sector", "RETAIL", custom=True)
    assert _names(db, LeadQuery(fields=(sector,))) == ["Bo"]
    no_sector = FieldValue("Sector", "", custom=True)
    assert _names(db, LeadQuery(fields=(no_sector,))) == ["Cy", "Di"]
    paris = FieldValue("city", "paris")
    assert _names(db, LeadQuery(fields=(paris,))) == ["Di"]
    assert LeadQuery(fields=(paris,)).is_filtered()
    with db.read() as session:
        assert count_leads(session, LeadQuery(fields=(sector, paris))) == 0


def test_custom_fields_are_listed_and_read_a_page_at_a_time(db: Database) -> None:
    ids = _load(db)
    with db.read() as session:
        assert custom_field_names(session) == ["Rating", "Sector"]
        values = custom_values(session, [ids["Ana"], ids["Di"]])
        assert field_values(session, "Rating", custom=True) == ["a", "B", "C"]
        assert field_values(session, "city") == ["Paris", "Sevilla"]
    assert values == {ids["Ana"]: {"Rating": "B", "Sector": "Renewables"}}


def test_an_older_database_gets_its_fields_indexed_and_searchable(db: Database) -> None:
    from alembic import command

    with db.engine.begin() as connection:
        command.downgrade(migrations.config(connection), "0008")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO leads (id, first_name, country, website, interest_manual, notes, "
                "consent, do_not_contact, budget, authority, need, timeframe, stage, "
                "stage_entered_at, temperature, score, enrichment, needs_review, "
                "review_reasons, search_text, created_at, updated_at, version) VALUES "
                "(1, 'Ana', 'Spain', 'http://cobalt.es', false, '', 'unknown', false, "
                "'unknown', 'unknown', 'unknown', 'unknown', 'new', :now, 'cold', 0, 0, "
                "false, '', ' ana', :now, :now, 1)"
            ),
            {"now": "2026-01-01 00:00:00"},
        )
        connection.execute(
            text("INSERT INTO custom_fields (lead_id, name, value) VALUES (1, 'Sector', 'Solar')")
        )
    with db.engine.begin() as connection:
        migrations.upgrade(connection)
    for search in ("ana", "spain", "cobalt", "solar"):
        assert _names(db, LeadQuery(search=search)) == ["Ana"], search
    solar = FieldValue("Sector", "solar", custom=True)
    assert _names(db, LeadQuery(fields=(solar,))) == ["Ana"]
