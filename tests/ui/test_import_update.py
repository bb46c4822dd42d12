"""Importing this database's own export, edited in a spreadsheet program,
through the wizard: "update the leads named in the Lead ID column" is
offered (and chosen) for it, and the edits land on the same leads."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from leaddesk.store.queries import LeadQuery, count_leads
from leaddesk.transfer.export import export_leads
from tests.transfer.conftest import write_csv
from tests.ui.test_import_wizard import go_to, start

from leaddesk.ui.import_wizard import OPTIONS, REPORT
from leaddesk.ui.main_window import MainWindow


def test_an_edited_export_updates_its_leads(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    database = window.workspace.database
    path = tmp_path / "leads.xlsx"
    export_leads(database, path)
    book = load_workbook(path)
    sheet = book["Leads"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Email")].value == "ana@cobalt.es":
            row[header.index("Title")].value = "Head of Sales"
    book.save(path)

    wizard = start(qtbot, window, path)
    go_to(qtbot, wizard, OPTIONS)
    options = wizard.options_page
    assert options.update_leads.isVisible() and options.update_leads.isChecked()
    go_to(qtbot, wizard, REPORT)
    assert wizard.state.report is not None
    assert (wizard.state.report.updated, wizard.state.report.created) == (1, 0)
    with database.read() as session:
        assert count_leads(session, LeadQuery()) == 4
    ana = window.workspace.lead(next(
        lead_id for lead_id in wizard.state.report.leads_by_row.values()
        if window.workspace.lead(lead_id).email == "ana@cobalt.es"
    ))  # fmt: skip
    assert ana.title == "Head of Sales"


def test_a_file_without_lead_ids_is_not_offered_an_update(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "plain.csv", [["Name", "Email"], ["Mia Wong", "mia@example.com"]])
    wizard = start(qtbot, window, path)
    go_to(qtbot, wizard, OPTIONS)
    options = wizard.options_page
    assert not options.update_leads.isVisible()
    assert options.merge.isChecked()
