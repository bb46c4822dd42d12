"""The Kanban tab on real widgets: columns and counts, dropping cards on
another stage (with the SQL and Disqualified questions), Ctrl+Left/Right,
undo, the Leads tab's search and filters, and opening a lead."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QItemSelectionModel, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QWidget,
)

from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store.kanban import CardOrder
from tests.ui.conftest import resize_window, when_modal

from leaddesk.ui.background import wait_for_background
from leaddesk.ui.kanban import KanbanView
from leaddesk.ui.kanban_column import StageColumn
from leaddesk.ui.main_window import MainWindow
from leaddesk.ui.stage_dialogs import ReasonDialog


def open_kanban(window: MainWindow, qtbot: QtBot) -> KanbanView:
    window.tabs.setCurrentWidget(window.kanban)
    qtbot.waitExposed(window.kanban)
    wait_for_background()
    return window.kanban


def card_names(column: StageColumn) -> list[str]:
    model = column.model
    return [card.display_name for row in range(model.rowCount()) if (card := model.card(row))]


def select(column: StageColumn, *names: str) -> list[int]:
    """Selects the named cards, as clicks with Ctrl would; returns their ids."""
    selection = column.view.selectionModel()
    selection.clearSelection()
    ids = []
    for row, name in enumerate(card_names(column)):
        if name in names:
            index = column.model.index(row)
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            ids.append(column.model.lead_id(row) or 0)
    column.view.setFocus()
    return ids


def drop(source: StageColumn, target: StageColumn) -> None:
    """Drops the source column's selected cards on the target column the way
    a drag does: the drag's data from the model, the events on the cards."""
    indexes = source.view.selectionModel().selectedIndexes()
    mime = source.model.mimeData(indexes)
    where = target.view.viewport()
    point = QPointF(where.width() / 2, 10)
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.MoveAction, mime, buttons, keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    event = QDropEvent(point, Qt.DropAction.MoveAction, mime, buttons, keys)
    QApplication.sendEvent(target, event)
    assert event.isAccepted()


def stage_of(window: MainWindow, lead_id: int) -> Stage:
    return window.workspace.lead(lead_id).stage


def answer_sql(qtbot: QtBot, button: QMessageBox.StandardButton) -> list[QWidget]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        assert "Authority is not confirmed" in dialog.text()
        clicked = dialog.button(button)
        assert clicked is not None
        clicked.click()

    return when_modal(qtbot, act)


def test_columns_in_stage_order_with_counts(window: MainWindow, qtbot: QtBot) -> None:
    kanban = open_kanban(window, qtbot)
    assert list(kanban.columns) == list(Stage)
    new = kanban.columns[Stage.NEW]
    assert "4" in new.title.text()
    assert "0" in kanban.columns[Stage.SQL].title.text()
    # Best score first: Chloé has all four BANT answers yes.
    assert card_names(new)[0] == "Chloé Dubois"
    assert kanban.columns[Stage.NEW].budget_label.text() == "No budgets given"


def test_column_model_is_a_sound_item_model(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    kanban = open_kanban(window, qtbot)
    qtmodeltester.check(kanban.columns[Stage.NEW].model)


def test_dropping_on_sql_asks_and_undo_moves_back(window: MainWindow, qtbot: QtBot) -> None:
    kanban = open_kanban(window, qtbot)
    new, sql = kanban.columns[Stage.NEW], kanban.columns[Stage.SQL]
    (lead_id,) = select(new, "Jürgen Müller")  # Budget yes, Authority unknown

    seen = answer_sql(qtbot, QMessageBox.StandardButton.No)
    drop(new, sql)
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.wait(20)
    assert stage_of(window, lead_id) is Stage.NEW
    assert "Jürgen Müller" in card_names(new)

    seen = answer_sql(qtbot, QMessageBox.StandardButton.Yes)
    drop(new, sql)
    qtbot.waitUntil(lambda: stage_of(window, lead_id) is Stage.SQL)
    assert seen
    assert card_names(sql) == ["Jürgen Müller"]
    assert "Jürgen Müller" not in card_names(new)
    history = window.workspace.read(lambda s: store.stage_history(s, lead_id))
    assert (history[-1].from_stage, history[-1].to_stage) == (Stage.NEW, Stage.SQL)

    window.undo_action.trigger()
    assert stage_of(window, lead_id) is Stage.NEW
    assert "Jürgen Müller" in card_names(new)
    assert card_names(sql) == []


def test_dropping_on_disqualified_needs_a_reason(window: MainWindow, qtbot: QtBot) -> None:
    kanban = open_kanban(window, qtbot)
    new, out = kanban.columns[Stage.NEW], kanban.columns[Stage.DISQUALIFIED]
    ids = select(new, "Ana Ruiz", "Chris Dunn")

    def give_reason(dialog: QWidget) -> None:
        assert isinstance(dialog, ReasonDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None and not ok.isEnabled()
        qtbot.keyClicks(dialog.reason, "Student project")
        ok.click()

    seen = when_modal(qtbot, give_reason)
    drop(new, out)
    qtbot.waitUntil(lambda: all(stage_of(window, i) is Stage.DISQUALIFIED for i in ids))
    assert seen
    assert sorted(card_names(out)) == ["Ana Ruiz", "Chris Dunn"]
    assert {window.workspace.lead(i).disqualified_reason for i in ids} == {"Student project"}
    assert "2" in out.title.text()


def test_ctrl_right_moves_the_selected_card_one_stage(window: MainWindow, qtbot: QtBot) -> None:
    kanban = open_kanban(window, qtbot)
    new, mql = kanban.columns[Stage.NEW], kanban.columns[Stage.MQL]
    (lead_id,) = select(new, "Ana Ruiz")
    qtbot.keyClick(new.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert stage_of(window, lead_id) is Stage.MQL
    assert card_names(mql) == ["Ana Ruiz"]
    # The moved card stays selected in its new column, so the key repeats.
    assert mql.view.hasFocus()
    qtbot.keyClick(mql.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert stage_of(window, lead_id) is Stage.NEW
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stage_of(window, lead_id) is Stage.MQL


def test_arrows_move_the_selection_across_columns(window: MainWindow, qtbot: QtBot) -> None:
    kanban = open_kanban(window, qtbot)
    new, mql = kanban.columns[Stage.NEW], kanban.columns[Stage.MQL]
    select(new, "Ana Ruiz")
    qtbot.keyClick(new.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    select(new, "Chloé Dubois")
    qtbot.keyClick(new.view, Qt.Key.Key_Down)
    assert new.view.currentIndex().row() == 1
    qtbot.keyClick(new.view, Qt.Key.Key_Right)
    assert mql.view.hasFocus()
    assert mql.model.card(mql.view.currentIndex().row()) is not None
    qtbot.keyClick(mql.view, Qt.Key.Key_Left)
    assert new.view.hasFocus()


def test_search_and_filters_narrow_the_kanban(window: MainWindow, qtbot: QtBot) -> None:
    kanban = open_kanban(window, qtbot)
    qtbot.keyClicks(window.search, "cobalt")
    window.search.returnPressed.emit()
    assert sorted(card_names(kanban.columns[Stage.NEW])) == ["Ana Ruiz", "Chris Dunn"]
    assert "cobalt" in kanban.filter_note.text()
    window.search.clear()
    window.search.returnPressed.emit()
    assert len(card_names(kanban.columns[Stage.NEW])) == 4
    window.tabs.setCurrentWidget(window.leads)
    window.leads.filters.temperature.select(["hot"])
    open_kanban(window, qtbot)
    assert card_names(kanban.columns[Stage.NEW]) == ["Chloé Dubois"]
    assert kanban.filter_note.text()


def test_card_order_is_the_users_choice(window: MainWindow, qtbot: QtBot) -> None:
    kanban = open_kanban(window, qtbot)
    kanban.set_order(CardOrder.NAME)
    assert card_names(kanban.columns[Stage.NEW]) == [
        "Chloé Dubois",
        "Chris Dunn",
        "Jürgen Müller",
        "Ana Ruiz",
    ]


def test_double_click_opens_the_lead(window: MainWindow, qtbot: QtBot) -> None:
    kanban = open_kanban(window, qtbot)
    new = kanban.columns[Stage.NEW]
    rect = new.view.visualRect(new.model.index(0))
    # A real double click starts with a click (QTest sends only the second).
    qtbot.mouseClick(new.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(new.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(window._lead_windows) == 1)
    assert window._lead_windows[0].windowTitle() == "Chloé Dubois"
    window._lead_windows[0].close()


def test_disqualified_column_collapses(window: MainWindow, qtbot: QtBot) -> None:
    resize_window(qtbot, window, 1600, 1000)  # room for every column: it opens folded else
    kanban = open_kanban(window, qtbot)
    out = kanban.columns[Stage.DISQUALIFIED]
    wide = out.width()
    qtbot.mouseClick(out.collapse, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.width() < wide / 2)
    assert not out.view.isVisible()
    assert "Disqualified" in out.vertical_title.text
