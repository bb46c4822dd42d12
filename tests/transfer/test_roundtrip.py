"""A round trip is exact: any text in any exported field comes back from
.xlsx and .csv exactly as it was (spaces, tabs, carriage returns, control
characters, apostrophes, separators and quotes in tags included), no
exported cell is ever one a spreadsheet would evaluate, and the escapes
that make this so are unambiguous."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.contact import check_phone
from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import settings as stored_settings
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads, purge_leads, trash_leads
from leaddesk.store.queries import LeadQuery, lead_ids
from leaddesk.transfer.celltext import (
    FORMULA_START,
    from_csv,
    join_items,
    split_items,
    to_csv,
)
from leaddesk.transfer.columns import LEGACY_HEADERS
from leaddesk.transfer.export import export_leads
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.transfer.conftest import all_leads

# Any character a Python string holds but a lone surrogate (which no file
# encoding can hold), and the NUL that PostgreSQL's text cannot.
_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30)
_HOSTILE = st.sampled_from(
    ["\t=1+1", "\r=1+1", "''=twice", "'=x", "'", "  padded  ", " ", "\n", "=HYPERLINK(\"x\")",
     "+1 555", "-", "@SUM(A1)", "_x000D_", "_x005F_x000D_", "a, b", 'say "hi"', "x|y", "a;b"]
)  # fmt: skip
TEXT = _TEXT | _HOSTILE
PHONE = TEXT | st.sampled_from(
    [
        "079 123 45 67",
        "030 1234567",
        "(415) 555-2671",
        "06 12 34 56 78",
        "+41 44 668 18 00",
        "0044 20 7946 0958",
    ]
)
REGION = st.sampled_from(["US", "CH", "DE", "FR", "GB"])
NAME = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1,
               max_size=20).map(str.strip).filter(bool)  # fmt: skip
"""Custom field names: named after columns, whose headers are trimmed."""
SKIPPED = {"id", "phone_e164", "temperature", "score", "enrichment", "needs_review",
           "review_reasons", "stage_entered_at", "updated_at", "deleted_at", "version"}  # fmt: skip


def comparable(lead: Lead, region: str) -> dict[str, Any]:
    """The lead as a user sees it: each field, and each number as it is
    read (the region it is read with is a means to that)."""
    values = {f.name: getattr(lead, f.name) for f in fields(Lead) if f.name not in SKIPPED}
    values["tags"] = sorted(lead.tags)
    values["computed"] = (lead.temperature, lead.score, lead.needs_review, lead.phone_e164)
    values["phone_regions"] = [
        check_phone(number, lead.region_for(number, region)).e164
        for number in (lead.phone, *lead.phones)
    ]
    return values


@st.composite
def leads(draw: st.DrawFn) -> Lead:
    texts = {name: draw(TEXT) for name in (
        "last_name", "company", "title", "email", "website", "address", "city",
        "postal_code", "country", "source", "owner", "notes", "competitor", "consent_how",
        "disqualified_reason",
    )}  # fmt: skip
    criteria = ("budget", "authority", "need", "timeframe")
    bant: dict[str, Any] = {c: draw(st.sampled_from(Answer)) for c in criteria}
    bant |= {f"{c}_detail": draw(TEXT) for c in criteria}
    lead = Lead(
        first_name=draw(TEXT.filter(lambda t: t.strip())),  # a lead needs an identity
        # The store keeps no blank item in a list.
        emails=draw(st.lists(TEXT.filter(str.strip), max_size=2)),
        phone=draw(PHONE),
        phones=draw(st.lists(PHONE.filter(str.strip), max_size=2)),
        tags=draw(st.lists(TEXT.filter(str.strip), max_size=3)),
        custom=draw(st.dictionaries(NAME, TEXT.filter(bool), max_size=2)),
        bant=Bant(**bant),
        stage=draw(st.sampled_from(Stage)),
        consent=draw(st.sampled_from(Answer)),
        do_not_contact=draw(st.booleans()),
        next_follow_up=draw(st.none() | st.just(date(2026, 7, 1))),
        created_at=datetime(2025, 1, 2, 3, 4, 5),
    )
    for name, text in texts.items():
        setattr(lead, name, text)
    return lead


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Database]]:
    folder = tmp_path_factory.mktemp("roundtrip")
    first, second = Database.open(str(folder / "a.db")), Database.open(str(folder / "b.db"))
    yield first, second
    first.close()
    second.close()
    shutil.rmtree(folder, ignore_errors=True)


def emptied(database: Database, region: str = "US") -> None:
    """No leads, and phone numbers read for ``region`` by default."""
    with database.session() as session:
        trash_leads(session, lead_ids(session, LeadQuery()))
        purge_leads(session)
        stored_settings.put(session, stored_settings.PHONE_REGION, region)


def formula_free(path: Path, delimiter: str) -> None:
    """Checks every cell of an export as a spreadsheet program would read it."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            cells = [cell for row in csv.reader(stream, delimiter=delimiter) for cell in row]
        assert not [cell for cell in cells if cell[:1] in FORMULA_START]
        return
    sheet = load_workbook(path)["Leads"]  # a strict XML parser: the file is well-formed
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and cell.value[:1] in FORMULA_START:
                assert cell.quotePrefix, cell.coordinate


@pytest.mark.parametrize(("suffix", "dialect"), [(".xlsx", ""), (".csv", "comma"),
                                                 (".csv", "semicolon")])  # fmt: skip
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lead=leads(), regions=st.tuples(REGION, REGION))
def test_any_text_in_any_field_comes_back_exactly(
    databases: tuple[Database, Database],
    tmp_path: Path,
    suffix: str,
    dialect: str,
    lead: Lead,
    regions: tuple[str, str],
) -> None:
    source, target = databases
    if regions[0] != regions[1]:
        # A number valid nowhere has no E.164 form to carry to another region.
        assume(all(check_phone(p, regions[0]).valid for p in (lead.phone, *lead.phones) if p))
    emptied(source, regions[0])
    emptied(target, regions[1])
    with source.session() as session:
        insert_leads(session, [lead], region=regions[0])
    path = tmp_path / f"leads{suffix}"
    export_leads(source, path, csv_dialect=dialect or "comma")
    formula_free(path, ";" if dialect == "semicolon" else ",")
    report = ImportJob(path).run(target, ImportOptions())
    assert (report.created, report.rejected) == (1, 0)
    (before,), (after,) = all_leads(source), all_leads(target)
    assert comparable(after, regions[1]) == comparable(before, regions[0])


@given(text=TEXT)
def test_csv_cells_read_back_as_written(text: str) -> None:
    written = to_csv(text)
    assert from_csv(written) == text
    assert written[:1] not in FORMULA_START


@given(items=st.lists(TEXT.filter(bool)), separator=st.sampled_from([", ", "; "]))
def test_lists_read_back_as_written(items: list[str], separator: str) -> None:
    assert split_items(join_items(items, separator)) == items


def test_the_reported_cells_come_back() -> None:
    """The cases found by hand: each used to change on the way back."""
    assert from_csv(to_csv("''=twice")) == "''=twice"
    assert to_csv("''=twice") == "'''=twice"
    assert split_items(join_items(["a, b", "x|y", 'say "hi"', "two\nlines"], ", ")) == [
        "a, b", "x|y", 'say "hi"', "two\nlines"
    ]  # fmt: skip


def _legacy_protect(text: str) -> str:
    """How exports before lead IDs protected a CSV cell."""
    if text[:1] in FORMULA_START or (text[:1] == "'" and text[1:2] in FORMULA_START):
        return "'" + text
    return text


def test_an_export_from_before_lead_ids_reads_as_it_was_written(
    tmp_path: Path, databases: tuple[Database, Database]
) -> None:
    _, target = databases
    emptied(target)
    old = dict.fromkeys(LEGACY_HEADERS, "")
    old |= {"First name": "Ana", "Company": "=Evil Corp", "Title": "'Chief' of staff",
            "Notes": "'=already quoted", "Tags": "Trade show, VIP", "Email": "ana@cobalt.es",
            "Other emails": "a@cobalt.es; b@cobalt.es", "Owner": "  Sam  ", "Stage": "SQL",
            "Budget": "yes", "Budget detail": "€20k", "Needs review": "no",
            "Score": "40"}  # fmt: skip
    path = tmp_path / "old.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(LEGACY_HEADERS)
        writer.writerow([_legacy_protect(old[h]) for h in LEGACY_HEADERS])
    report = ImportJob(path).run(target, ImportOptions(region="US"))
    assert (report.created, report.problems) == (1, [])
    (lead,) = all_leads(target)
    assert (lead.company, lead.title, lead.notes, lead.owner) == (
        "=Evil Corp",
        "'Chief' of staff",
        "'=already quoted",
        "  Sam  ",
    )
    assert (sorted(lead.tags), lead.emails, lead.stage) == (
        ["Trade show", "VIP"],
        ["a@cobalt.es", "b@cobalt.es"],
        Stage.SQL,
    )


def test_semicolons_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from leaddesk.cli import main

    db = str(tmp_path / "cli.db")
    assert main(["demo", "--db", db, "--count", "3"]) == 0
    path = tmp_path / "leads.csv"
    assert main(["export", str(path), "--db", db, "--csv-dialect", "semicolon"]) == 0
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Lead ID;First name;Last name;")
    with pytest.raises(SystemExit) as raised:
        main(["export", str(tmp_path / "leads.xlsx"), "--db", db, "--csv-dialect", "semicolon"])
    assert raised.value.code == 2
    assert "--csv-dialect is for .csv files" in capsys.readouterr().err


def test_semicolon_dialect_writes_decimal_commas(tmp_path: Path) -> None:
    from leaddesk.transfer.export import CSV_DIALECTS, write_csv

    path = tmp_path / "numbers.csv"
    write_csv(path, ["Amount", "Note"], iter([[1.5, "a;b"]]), CSV_DIALECTS["semicolon"])
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["Amount;Note", '1,5;"a;b"']


def test_an_xlsx_export_from_before_lead_ids_reads_as_it_was_written(
    tmp_path: Path, databases: tuple[Database, Database]
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    _, target = databases
    emptied(target)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Leads")
    sheet.append(list(LEGACY_HEADERS))
    old = dict.fromkeys(LEGACY_HEADERS, "")
    old |= {"First name": "Ana", "Email": "ana@cobalt.es", "Title": " Chief of staff ",
            "Tags": "Trade show, VIP", "Needs review": "no", "Notes": "a\r\nb"}  # fmt: skip
    formula = WriteOnlyCell(sheet, value="=Evil Corp")
    formula.data_type = "s"  # as that export wrote a cell starting with "="
    cells: list[object] = [old[h] or None for h in LEGACY_HEADERS]
    cells[LEGACY_HEADERS.index("Company")] = formula
    cells[LEGACY_HEADERS.index("Notes")] = "a_x000D_\nb"
    sheet.append(cells)
    path = tmp_path / "old.xlsx"
    book.save(path)
    report = ImportJob(path).run(target, ImportOptions(region="US"))
    assert (report.created, report.problems) == (1, [])
    (lead,) = all_leads(target)
    assert (lead.company, lead.title, lead.notes, sorted(lead.tags)) == (
        "=Evil Corp",
        " Chief of staff ",
        "a\r\nb",
        ["Trade show", "VIP"],
    )
