"""Deleting to the trash and back, and undo / redo across the table and the
detail pane, with the Edit menu naming what it would undo."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton, QWidget

from leaddesk.domain.stages import Stage
from tests.ui.conftest import activate, names, when_modal

from leaddesk.ui.dialogs import DateDialog
from leaddesk.ui.main_window import MainWindow


def select(window: MainWindow, name: str) -> int:
    window.leads.select_row(names(window).index(name))
    QApplication.processEvents()
    lead = window.leads.detail.lead
    assert lead is not None and lead.id is not None
    return lead.id


def redo_keys(qtbot: QtBot, window: MainWindow) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, modifiers)


def undo_keys(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_delete_key_trashes_and_undo_brings_it_back(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Jürgen Müller")
    row = names(window).index("Jürgen Müller")
    window.leads.table.setFocus()
    qtbot.keyClick(window.leads.table, Qt.Key.Key_Delete)
    assert "Jürgen Müller" not in names(window)
    assert window.workspace.lead(lead_id).deleted_at is not None
    assert window.undo_action.text() == "Undo delete 1 lead"
    assert window.statusBar().currentMessage() == "Moved Jürgen Müller to the trash."
    # The lead now in its row is highlighted, and the pane shows that one.
    detail = window.leads.detail
    assert detail.lead is not None and detail.lead.display_name == names(window)[row]
    assert window.leads.current_id() == detail.lead.id
    undo_keys(qtbot, window)
    assert "Jürgen Müller" in names(window)
    assert window.workspace.lead(lead_id).deleted_at is None
    redo_keys(qtbot, window)
    assert "Jürgen Müller" not in names(window)
    assert window.redo_action.text() == "Redo"  # nothing left to redo
    assert not window.redo_action.isEnabled()


def test_trash_view_and_restore_from_the_pane(window: MainWindow, qtbot: QtBot) -> None:
    first = names(window)[0]
    select(window, first)
    window.lead_actions.delete()
    assert first not in names(window)
    trash = window.leads.filters.trash
    qtbot.mouseClick(trash, Qt.MouseButton.LeftButton)
    assert names(window) == [first]
    assert "1 in the trash" in window.count_label.text()
    assert trash.font().bold()
    assert window.leads.filters.clear.isVisible()
    lead_id = select(window, first)
    detail = window.leads.detail
    assert detail.restore.isVisible()
    qtbot.mouseClick(detail.restore, Qt.MouseButton.LeftButton)
    assert names(window) == []
    assert window.workspace.lead(lead_id).deleted_at is None
    assert window.undo_action.text() == "Undo restore 1 lead from the trash"
    qtbot.mouseClick(trash, Qt.MouseButton.LeftButton)
    assert not trash.font().bold()
    assert first in names(window)
    assert len(names(window)) == 4


def test_bulk_follow_up_is_one_undo_step(window: MainWindow, qtbot: QtBot) -> None:
    window.leads.table.selectAll()
    ids = window.leads.selected_ids()
    day = QDate.currentDate().addDays(3)

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, DateDialog)
        dialog.date.setDate(day)
        dialog.accept()

    seen = when_modal(qtbot, pick)
    window.lead_actions.set_follow_up()
    assert seen
    activate(qtbot, window)  # back from the dialog, keys go to the window
    expected = date.today() + timedelta(days=3)
    assert {window.workspace.lead(i).next_follow_up for i in ids} == {expected}
    assert window.undo_action.text() == (
        f"Undo set follow-up to {expected.strftime('%d %b')} for 4 leads"
    )
    undo_keys(qtbot, window)
    assert {window.workspace.lead(i).next_follow_up for i in ids} == {None}
    redo_keys(qtbot, window)
    assert {window.workspace.lead(i).next_follow_up for i in ids} == {expected}


def test_undo_goes_back_through_table_and_pane_in_order(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Chris Dunn")
    detail = window.leads.detail
    detail.company.setFocus()
    detail.company.selectAll()
    qtbot.keyClicks(detail.company, "Cobalt Robotics")
    qtbot.keyClick(detail.company, Qt.Key.Key_Return)
    window.leads.table.selectAll()
    window.lead_actions.set_stage(Stage.MQL)
    edit_menu = window.undo_action.text()
    assert edit_menu == "Undo set stage to MQL for 4 leads"
    window.leads.table.setFocus()
    undo_keys(qtbot, window)
    lead = window.workspace.lead(lead_id)
    assert lead.stage is Stage.NEW and lead.company == "Cobalt Robotics"
    assert window.undo_action.text() == "Undo edit company of Chris Dunn"
    assert window.redo_action.text() == "Redo set stage to MQL for 4 leads"
    undo_keys(qtbot, window)
    assert window.workspace.lead(lead_id).company == "Cobalt Labs"
    assert detail.company.text() == "Cobalt Labs"
    redo_keys(qtbot, window)
    redo_keys(qtbot, window)
    lead = window.workspace.lead(lead_id)
    assert lead.stage is Stage.MQL and lead.company == "Cobalt Robotics"


def test_toolbar_buttons_keep_their_places_as_undo_and_redo_change(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A click meant for Redo must not land on a widened Undo."""
    toolbar = window.findChild(QToolBar, "main-toolbar")
    assert isinstance(toolbar, QToolBar)

    def places() -> list[tuple[str, QRect]]:
        return [
            (action.iconText(), toolbar.widgetForAction(action).geometry())
            for action in toolbar.actions()
            if toolbar.widgetForAction(action) is not None
        ]

    QApplication.processEvents()
    before = places()
    window.leads.table.selectAll()
    window.lead_actions.set_stage(Stage.MQL)
    QApplication.processEvents()
    assert places() == before
    undo = toolbar.widgetForAction(window.undo_action)
    assert isinstance(undo, QToolButton)
    assert undo.text() == "Undo"
    assert undo.toolTip() == "Undo set stage to MQL for 4 leads"
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert places() == before
    redo = toolbar.widgetForAction(window.redo_action)
    assert isinstance(redo, QToolButton)
    assert redo.toolTip() == "Redo set stage to MQL for 4 leads"
    assert window.redo_action.text() == "Redo set stage to MQL for 4 leads"  # the Edit menu
    qtbot.mouseClick(redo, Qt.MouseButton.LeftButton)
    assert window.undo_action.text() == "Undo set stage to MQL for 4 leads"
