"""File ▸ Export… driven like a user: the filtered table or all leads, to
csv and xlsx, read back; the status bar offers the folder."""

from __future__ import annotations

import csv
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from tests.ui.conftest import names

from leaddesk.ui.export_dialog import ExportDialog
from leaddesk.ui.main_window import MainWindow


def export_dialog(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    window.export_action.trigger()
    shown = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: "lead" in dialog.all.text() and "4" in dialog.all.text())
    return dialog


def run(qtbot: QtBot, dialog: ExportDialog, path: Path, suffix: str) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(suffix))
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(path))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def test_exports_the_searched_table_to_csv(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    qtbot.keyClicks(window.search, "Cobalt")
    qtbot.waitUntil(lambda: sorted(names(window)) == ["Ana Ruiz", "Chris Dunn"])
    dialog = export_dialog(qtbot, window)
    assert dialog.shown.isChecked()
    assert "2 leads the table shows" in dialog.shown.text()
    target = tmp_path / "cobalt.csv"
    run(qtbot, dialog, target, ".csv")
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted(r["Last name"] for r in rows) == ["Dunn", "Ruiz"]
    assert {r["Company"] for r in rows} == {"Cobalt Labs"}
    folder = window.findChild(QPushButton, "open-export-folder")
    assert folder is not None and folder.isVisible()
    assert folder.property("folder") == str(tmp_path)
    assert "Exported 2 leads to cobalt.csv" in window.statusBar().currentMessage()


def test_exports_all_leads_to_xlsx(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    qtbot.keyClicks(window.search, "Cobalt")
    qtbot.waitUntil(lambda: len(names(window)) == 2)
    dialog = export_dialog(qtbot, window)
    # On its label, as a user would (the button is wider than its text).
    qtbot.mouseClick(dialog.all, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.all.height() // 2))
    assert dialog.all.isChecked()
    target = tmp_path / "everyone"
    run(qtbot, dialog, target, ".xlsx")
    book = load_workbook(tmp_path / "everyone.xlsx", read_only=True)
    sheet = book["Leads"]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    assert rows[0][:4] == ("Lead ID", "First name", "Last name", "Company")
    assert sorted(str(r[2]) for r in rows[1:]) == ["Dubois", "Dunn", "Müller", "Ruiz"]


def test_an_unwritable_file_is_one_sentence(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = export_dialog(qtbot, window)
    dialog.path.setText(str(tmp_path / "missing-folder" / "leads.csv"))
    dialog.format.setCurrentIndex(dialog.format.findData(".csv"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cannot be written" in dialog.status.text())
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    assert not (tmp_path / "missing-folder").exists()
    dialog.reject()


def test_csv_with_semicolons_for_european_spreadsheets(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from leaddesk.transfer.pipeline import ImportJob

    dialog = export_dialog(qtbot, window)
    dialog.format.setFocus()
    qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
    assert "semicolons" in dialog.format.currentText()
    assert dialog.path.text().endswith(".csv")
    target = tmp_path / "leads.csv"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(target))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    assert len(rows) == 5 and len({len(row) for row in rows}) == 1
    assert rows[0][:3] == ["Lead ID", "First name", "Last name"]
    job = ImportJob(target)
    assert job.mapping.leaddesk_export
    assert sorted(row.lead.last_name for row in job.preview("US") if row.lead) == [
        "Dubois", "Dunn", "Müller", "Ruiz"
    ]  # fmt: skip
