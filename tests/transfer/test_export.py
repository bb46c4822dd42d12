"""Export to .xlsx and .csv: the file a spreadsheet program opens, cells
that are never evaluated, and the round trip export → import."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.lead import Lead
from leaddesk.domain.sources import Interest
from leaddesk.domain.stages import Stage
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads
from leaddesk.store.queries import LeadQuery
from leaddesk.transfer.columns import EXPORT_HEADERS
from leaddesk.transfer.errors import UnsupportedFormat
from leaddesk.transfer.export import export_leads, write_csv
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.transfer.conftest import all_leads

HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR",
           "'=already quoted"]  # fmt: skip
LEADS = [
    Lead(first_name="Chloé", last_name="Dubois", company="Lumière, Fils & Cie", title="CEO",
         email="chloe@lumiere.fr", emails=["chloe.d@example.org"], phone="+33 6 12 34 56 78",
         phones=["+33 1 42 68 53 00"], website="lumiere.example", address="12 rue de la Paix",
         city="Paris", postal_code="75002", country="France", source="referral", owner="Sam",
         interest=Interest.OUTBOUND, tags=["Trade show", "VIP"], stage=Stage.SQL,
         bant=Bant(Answer.YES, Answer.YES, Answer.NO, Answer.UNKNOWN, budget_detail="€20k",
                   authority_detail="CEO signs", need_detail="", timeframe_detail="Q3"),
         consent=Answer.YES, consent_at=datetime(2024, 3, 14, 9, 30), consent_how="Web form",
         do_not_contact=True, competitor="Pipedrive", next_follow_up=date(2026, 7, 1),
         notes="Line one\nLine two, with a comma", created_at=datetime(2023, 1, 2, 8, 0),
         last_activity_at=datetime(2026, 6, 1, 10, 0), custom={"Shoe size": "38"}),
    Lead(first_name="Jürgen", last_name="Müller", company="Nordwind GmbH",
         email="jm@nordwind.de", phone="4155552671", source="Offline Sources",
         stage=Stage.DISQUALIFIED, disqualified_reason="No budget",
         created_at=datetime(2024, 5, 6, 7, 8, 9), custom={"Region": "=EMEA"}),
    Lead(company="+Plus Corp", notes="\n".join(HOSTILE), title="-VP-", owner="@sam",
         created_at=datetime(2025, 1, 1)),
]  # fmt: skip
USER_FIELDS = [
    f.name for f in fields(Lead)
    if f.name not in {"id", "phone_e164", "temperature", "score", "enrichment", "needs_review",
                      "review_reasons", "stage_entered_at", "updated_at", "deleted_at",
                      "version"}
]  # fmt: skip


def comparable(lead: Lead) -> dict[str, Any]:
    values = {name: getattr(lead, name) for name in USER_FIELDS}
    values["tags"] = sorted(lead.tags)
    values["computed"] = (lead.temperature, lead.score, lead.needs_review, lead.phone_e164)
    return values


def by_company(db: Database) -> list[dict[str, Any]]:
    return sorted((comparable(x) for x in all_leads(db)), key=lambda v: str(v["company"]))


def exported_rows(sheet: Any) -> dict[str, dict[str, Any]]:
    """An exported sheet's cells by company, then by header."""
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    return {row["Company"].value: row for row in rows}


@pytest.fixture
def filled(db: Database) -> Database:
    with db.session() as session:
        # Saved now, as the import will be: the score depends on the day.
        insert_leads(session, LEADS, region="US")
    return db


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(str(tmp_path / "other.db"))
    yield database
    database.close()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_gives_the_same_leads(
    tmp_path: Path, filled: Database, fresh: Database, suffix: str
) -> None:
    path = tmp_path / f"leads{suffix}"
    assert export_leads(filled, path) == 3
    report = ImportJob(path).run(fresh, ImportOptions(region="US"))
    assert (report.created, report.rejected, report.problems) == (3, 0, [])
    assert report.custom_columns == ["Region", "Shoe size"]
    assert by_company(fresh) == by_company(filled)


def test_xlsx_is_a_tidy_spreadsheet(tmp_path: Path, filled: Database) -> None:
    path = tmp_path / "leads.xlsx"
    export_leads(filled, path)
    sheet = load_workbook(path)["Leads"]
    header = [c.value for c in sheet[1]]
    assert header == [*EXPORT_HEADERS, "Region", "Shoe size"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:AR4"
    assert sheet.column_dimensions["A"].width >= 12
    assert sheet.column_dimensions["AM"].width == 40  # Notes
    row = exported_rows(sheet)["Lumière, Fils & Cie"]
    assert row["Next follow-up"].value == datetime(2026, 7, 1)
    assert row["Next follow-up"].is_date
    assert row["Created (UTC)"].value == datetime(2023, 1, 2, 8, 0)
    assert row["Created (UTC)"].is_date
    assert row["Company"].value == "Lumière, Fils & Cie"
    assert row["Tags"].value == "Trade show, VIP"
    assert row["Score"].data_type == "n"


def test_xlsx_never_holds_a_formula(tmp_path: Path, filled: Database) -> None:
    path = tmp_path / "leads.xlsx"
    export_leads(filled, path)
    sheet = load_workbook(path)["Leads"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    rows = exported_rows(sheet)
    plus = rows["+Plus Corp"]
    assert (plus["Title"].value, plus["Owner"].value) == ("-VP-", "@sam")
    assert plus["Notes"].value.startswith("=HYPERLINK")
    region = rows["Nordwind GmbH"]["Region"]
    assert (region.value, region.data_type) == ("=EMEA", "s")


def test_csv_has_a_bom_and_quotes_formulas(tmp_path: Path, filled: Database) -> None:
    path = tmp_path / "leads.csv"
    export_leads(filled, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    header = rows[0]
    found = {row[3]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    plus = found["'+Plus Corp"]
    assert (plus["Title"], plus["Owner"]) == ("'-VP-", "'@sam")
    assert plus["Notes"].startswith("'=HYPERLINK")
    assert found["Nordwind GmbH"]["Region"] == "'=EMEA"
    first = found["Lumière, Fils & Cie"]
    assert first["Company"] == "Lumière, Fils & Cie"
    assert first["Next follow-up"] == "2026-07-01"


def test_export_filters_like_leads(tmp_path: Path, filled: Database) -> None:
    path = tmp_path / "sql.csv"
    assert export_leads(filled, path, LeadQuery(stages=(Stage.SQL,))) == 1
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 2 and rows[1][1] == "Chloé"
    assert export_leads(filled, path, LeadQuery(search="nordwind")) == 1


def test_unknown_format_is_refused_and_nothing_written(tmp_path: Path, filled: Database) -> None:
    with pytest.raises(UnsupportedFormat, match=r"exports to \.xlsx or \.csv files, not “\.pdf”"):
        export_leads(filled, tmp_path / "leads.pdf")
    assert not list(tmp_path.glob("*leads.pdf*"))


def test_cells_starting_like_a_formula_are_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "cells.csv"
    write_csv(path, ["Notes"], iter([[text] for text in HOSTILE]))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in HOSTILE]
