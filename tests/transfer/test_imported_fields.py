"""Columns an import keeps by name (Sector, Rating, Status…) are stored,
found by search, sorted and filtered like any field."""

from __future__ import annotations

from pathlib import Path

from leaddesk.store.database import Database
from leaddesk.store.queries import FieldValue, LeadQuery, SortKey, custom_field_names, page_leads
from tests.transfer.conftest import Importer, write_csv

ROWS = [
    ["First Name", "Last Name", "Company", "E-mail", "Sector", "Rating", "Status "],
    ["Chloé", "Dubois", "Lumière SARL", "chloe@lumiere.fr", "Énergie solaire", "4", "Actif"],
    ["Marc", "Petit", "Acme", "marc@acme.fr", "Retail", "2", ""],
    ["Lena", "Roth", "Kobalt AG", "lena@kobalt.de", "", "5", "Ruhend"],
]


def _first_names(db: Database, query: LeadQuery) -> list[str]:
    with db.read() as session:
        return [row.first_name for row in page_leads(session, query)]


def test_a_files_own_columns_are_searched_sorted_and_filtered(
    tmp_path: Path, db: Database, import_file: Importer
) -> None:
    report = import_file(write_csv(tmp_path / "crm export.csv", ROWS, delimiter=";"))
    assert report.created == 3
    with db.read() as session:
        assert custom_field_names(session) == ["Rating", "Sector", "Status"]
    assert _first_names(db, LeadQuery(search="energie")) == ["Chloé"]
    assert _first_names(db, LeadQuery(search="ruhend")) == ["Lena"]
    by_rating = LeadQuery(sort=SortKey.CUSTOM, sort_field="Rating", descending=True)
    assert _first_names(db, by_rating) == ["Lena", "Chloé", "Marc"]
    by_sector = LeadQuery(sort=SortKey.CUSTOM, sort_field="Sector")
    assert _first_names(db, by_sector) == ["Chloé", "Marc", "Lena"]
    retail = FieldValue("Sector", "retail", custom=True)
    assert _first_names(db, LeadQuery(fields=(retail,))) == ["Marc"]
