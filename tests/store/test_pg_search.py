"""PostgreSQL search without its trigram index (pg_trgm unavailable, or a
user who may not create it): LeadDesk says so once and searches anyway."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from leaddesk.domain.lead import Lead
from leaddesk.store.backend import SEARCH_INDEX
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads
from leaddesk.store.queries import LeadQuery, page_leads
from tests.pg import Databases, admin


def test_without_the_index_search_is_slower_but_works(pg_databases: Databases) -> None:
    with pg_databases.fresh() as url:
        owner = Database.open(url)
        assert owner.notice is None
        with owner.session() as session:
            insert_leads(session, [Lead(first_name="Chloé", last_name="Dubois")], region="FR")
        owner.close()
        server = make_url(url)
        with admin(server) as connection:
            connection.execute(f"DROP INDEX {SEARCH_INDEX}")
            connection.execute("DROP ROLE IF EXISTS leaddesk_clerk")
            connection.execute("CREATE ROLE leaddesk_clerk LOGIN")
            connection.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO leaddesk_clerk")
            connection.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO leaddesk_clerk")
        clerk = Database.open(server.set(username="leaddesk_clerk").render_as_string(False))
        try:
            assert clerk.notice is not None and "pg_trgm" in clerk.notice
            with clerk.read() as session:
                found = page_leads(session, LeadQuery(search="chloe dub"))
            assert [lead.last_name for lead in found] == ["Dubois"]
        finally:
            clerk.close()
            with admin(server) as connection:
                connection.execute("DROP OWNED BY leaddesk_clerk")
                connection.execute("DROP ROLE leaddesk_clerk")


def test_a_planner_walk_past_its_budget_falls_back_to_sorted_matches(
    pg_databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leaddesk.store import queries

    with pg_databases.fresh() as url:
        database = Database.open(url)
        try:
            with database.session() as session:
                people = [Lead(first_name=f"P{n:03}", last_name="Smith") for n in range(300)]
                insert_leads(session, [*people, Lead(first_name="Ann", last_name="Adams")])
            with database.read() as session:
                expected = [lead.id for lead in page_leads(session, LeadQuery(search="smi"))]
            # Every estimate "high", and a budget no statement can meet.
            monkeypatch.setattr(queries, "PG_SORTED_MATCHES", -1)
            monkeypatch.setattr(queries, "PG_PLANNER_BUDGET", "1ms")
            monkeypatch.setattr(queries, "_within", _always_late(queries._within))
            with database.read() as session:
                found = page_leads(session, LeadQuery(search="smi"))
                # The transaction goes on after the cancelled statement.
                assert page_leads(session, LeadQuery(search="adams"))[0].last_name == "Adams"
            assert [lead.id for lead in found] == expected and len(expected) == 100
        finally:
            database.close()


def _always_late(within: Any) -> Any:
    """Makes the planner's statement slow: 20 ms a row."""

    def late(session: Any, statement: Any, budget: str) -> Any:
        result = within(session, statement.where(text("pg_sleep(0.02) IS NOT NULL")), budget)
        assert result is None  # the server really cancelled the walk
        return result

    return late
