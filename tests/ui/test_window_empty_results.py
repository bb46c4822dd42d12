"""A search or filter that keeps no lead says so over the empty table, and
Delete in the trash view does not pile up steps that change nothing."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from tests.ui.conftest import names

from leaddesk.ui.main_window import MainWindow


def test_no_match_is_said_over_the_table(window: MainWindow, qtbot: QtBot) -> None:
    nothing = window.leads.nothing
    assert not nothing.isVisible()
    window.search.setFocus()
    qtbot.keyClicks(window.search, "zebra")
    qtbot.waitUntil(lambda: names(window) == [])
    assert nothing.isVisible()
    assert nothing.text() == "No lead matches “zebra” with these filters."
    assert nothing.geometry().width() > window.leads.table.viewport().width() // 2
    window.search.clear()
    qtbot.waitUntil(lambda: len(names(window)) == 4)
    assert not nothing.isVisible()
    window.leads.filters.temperature.select(["hot"])
    window.leads.filters.source.select(["linkedin"])
    assert names(window) == []
    assert nothing.text() == "No lead matches these filters."
    window.leads.filters.reset()
    assert not nothing.isVisible()


def test_the_empty_trash_says_so_and_delete_there_does_nothing(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.mouseClick(window.leads.filters.trash, Qt.MouseButton.LeftButton)
    assert names(window) == []
    assert window.leads.nothing.isVisible()
    assert window.leads.nothing.text() == "The trash is empty."
    qtbot.mouseClick(window.leads.filters.trash, Qt.MouseButton.LeftButton)
    window.leads.select_row(0)
    window.lead_actions.delete()
    qtbot.mouseClick(window.leads.filters.trash, Qt.MouseButton.LeftButton)
    assert len(names(window)) == 1 and not window.leads.nothing.isVisible()
    window.leads.select_row(0)
    steps = window.workspace.undo_stack.count()
    window.leads.table.setFocus()
    qtbot.keyClick(window.leads.table, Qt.Key.Key_Delete)
    assert window.workspace.undo_stack.count() == steps
    assert len(names(window)) == 1
