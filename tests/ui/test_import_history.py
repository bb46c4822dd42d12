"""The import history dialog: past imports with their counts, and Revert
after a confirmation that says how many leads change."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QToolBar, QWidget, QWizard

from leaddesk.store.imports import list_batches
from tests.ui.conftest import activate, names
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


def question_answered(qtbot: QtBot, button: QMessageBox.StandardButton) -> list[str]:
    """Answers the next revert question with ``button``; the list gets its text."""
    asked: list[str] = []

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(button).click()

    when_dialog(qtbot, QMessageBox, answer)
    return asked


def test_undo_after_an_import_asks_the_history_question_first(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The toolbar's Undo trashed a whole import without a word."""
    wizard = import_file(qtbot, window, messy_csv(tmp_path))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(names(window)) == 6)
    dialog = history_of(window)
    from_history = question_answered(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    dialog.close()
    activate(qtbot, window)
    toolbar = window.findChild(QToolBar, "main-toolbar")
    assert isinstance(toolbar, QToolBar)
    undo = toolbar.widgetForAction(window.undo_action)
    assert undo.toolTip() == "Undo import of webform.csv"
    from_undo = question_answered(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert from_undo == from_history
    assert "No lead was edited since the import." in from_undo[0]
    assert len(names(window)) == 6  # cancelled: nothing changed
    assert window.undo_action.text() == "Undo import of webform.csv"
    activate(qtbot, window)
    question_answered(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(names(window)) == 4)
    assert "Marc Petit" not in names(window)
    with window.workspace.database.read() as session:
        assert list_batches(session)[0].reverted_at is not None
    assert window.workspace.undo_stack.count() == 0


def test_the_question_says_how_many_leads_were_edited_since(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    import_file(qtbot, window, messy_csv(tmp_path)).accept()
    qtbot.waitUntil(lambda: len(names(window)) == 6)
    model = window.leads.model
    by_name = {names(window)[r]: model.lead_id(r) for r in range(model.rowCount())}
    marc, chloe = by_name["Marc Petit"], by_name["Chloé Dubois"]
    assert marc is not None and chloe is not None
    window.workspace.set_values([marc, chloe], "set owner", owner="Sam")
    dialog = history_of(window)
    asked = question_answered(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    assert asked
    assert "2 leads will change:" in asked[0]
    assert "Edited since the import: 2 leads." in asked[0]
    assert "1 new lead will go to the trash with their edits" in asked[0]
    assert "1 merged lead will keep their edits and not be reverted" in asked[0]
    assert "1 lead edited since the import kept their edits." in dialog.status.text()
    assert window.workspace.lead(chloe).owner == "Sam"
    dialog.close()
