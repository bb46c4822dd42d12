"""PostgreSQL search without its trigram index (pg_trgm unavailable, or a
user who may not create it): LeadDesk says so once and searches anyway."""

from __future__ import annotations

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
