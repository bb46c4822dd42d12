"""The import history dialog: past imports with their counts, and Revert
after a confirmation that says how many leads change."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from tests.ui.conftest import names
from tests.ui.test_import_wizard import import_file, messy_csv, when_dialog

from leaddesk.ui.import_history import ImportHistoryDialog
from leaddesk.ui.main_window import MainWindow


def history_of(window: MainWindow) -> ImportHistoryDialog:
    window.history_action.trigger()
    shown = [d for d in window.findChildren(ImportHistoryDialog) if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


def test_history_lists_imports_and_reverts_after_confirming(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    wizard = import_file(qtbot, window, messy_csv(tmp_path))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    chloe_before = [n for n in names(window) if n.startswith("Chloé")]
    dialog = history_of(window)
    qtmodeltester.check(dialog.model, force_py=True)
    row = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert row[0] == "webform.csv"
    assert row[2:] == ["5", "2", "2", "0", "2", "1", "Imported"]

    questions: list[str] = []

    def confirm(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        questions.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    when_dialog(qtbot, QMessageBox, confirm)
    qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    assert questions
    assert "3 leads will change" in questions[0]
    assert "2 new leads will move to the trash" in questions[0]
    assert "1 merged lead will get their earlier values back" in questions[0]
    assert dialog.model.index(0, 8).data().startswith("Reverted")
    assert not dialog.revert_button.isEnabled()
    assert "2 new leads moved to the trash, 1 merged lead restored." in dialog.status.text()
    qtbot.waitUntil(lambda: len(names(window)) == 4)
    assert "Marc Petit" not in names(window)
    assert [n for n in names(window) if n.startswith("Chloé")] == chloe_before
    custom = window.workspace.lead(1).custom
    assert "Favourite colour" not in custom  # the merge into Chloé was undone


def test_cancelling_the_confirmation_changes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    wizard = import_file(qtbot, window, messy_csv(tmp_path))
    wizard.accept()
    dialog = history_of(window)
    when_dialog(
        qtbot,
        QMessageBox,
        lambda box: box.button(QMessageBox.StandardButton.Cancel).click(),  # type: ignore[attr-defined]
    )
    qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    assert dialog.model.index(0, 8).data() == "Imported"
    assert "Marc Petit" in names(window)
    dialog.close()


def test_show_its_leads_filters_the_table(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    import_file(qtbot, window, messy_csv(tmp_path)).accept()
    dialog = history_of(window)
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sorted(names(window)) == ["Lena Roth", "Marc Petit"])
    dialog.close()


def test_no_imports_yet(qtbot: QtBot, window: MainWindow) -> None:
    dialog = history_of(window)
    assert dialog.model.rowCount() == 0
    assert dialog.status.text() == "No imports yet."
    assert not dialog.revert_button.isEnabled()
    dialog.close()
