"""Journeys through the window with mouse clicks and keys, checking that
every action acts on the lead the user sees highlighted: after a search,
a filter, a tab switch, a change made elsewhere, on the table and on the
kanban."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from tests.ui.conftest import activate, names, resize_window, when_modal

from leaddesk.ui.filter_bar import ChoiceButton
from leaddesk.ui.kanban_column import StageColumn
from leaddesk.ui.main_window import KANBAN_TAB, MainWindow

# Popup menus ask the platform to raise them and grab the keyboard, which
# the offscreen platform of the tests cannot do and says so.
pytestmark = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")


def click_row(qtbot: QtBot, window: MainWindow, name: str) -> None:
    table = window.leads.table
    rect = table.visualRect(window.leads.model.index(names(window).index(name), 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def highlighted(window: MainWindow) -> list[str]:
    rows = window.leads.table.selectionModel().selectedRows()
    return [names(window)[index.row()] for index in rows]


def shown(window: MainWindow) -> str | None:
    """The lead the detail pane shows."""
    lead = window.leads.detail.lead
    return None if lead is None else lead.display_name


def search(qtbot: QtBot, window: MainWindow, text: str, expected: list[str]) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    qtbot.keyClicks(window.search, text)
    qtbot.waitUntil(lambda: names(window) == expected)


def call_title(qtbot: QtBot, window: MainWindow) -> list[str]:
    """Presses Ctrl+L and returns the title of the call mode that opens
    (none when no lead is current), closing it unsaved."""
    titles: list[str] = []
    waiting = True

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if waiting:
                QTimer.singleShot(10, close)
            return
        titles.append(dialog.windowTitle())
        dialog.close()

    activate(qtbot, window)
    QTimer.singleShot(0, close)
    QTest.keySequence(window, QKeySequence("Ctrl+L"))
    waiting = False  # no dialog opened, or it has closed again
    return titles


def choose(qtbot: QtBot, button: ChoiceButton, text: str) -> None:
    """Clicks a filter button and the menu entry ``text`` in its popup."""

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, pick)
            return
        (action,) = [a for a in menu.actions() if a.text() == text]
        while menu.activeAction() is not action:
            QTest.keyClick(menu, Qt.Key.Key_Down)
        QTest.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button.text().endswith(text))  # the menu opens, then closes


def test_after_a_search_ctrl_l_calls_the_highlighted_lead(window: MainWindow, qtbot: QtBot) -> None:
    click_row(qtbot, window, "Ana Ruiz")
    assert shown(window) == "Ana Ruiz"
    search(qtbot, window, "dubois", ["Chloé Dubois"])
    # Ana Ruiz is gone from the table: the pane follows the row in her place.
    assert highlighted(window) == ["Chloé Dubois"]
    assert shown(window) == "Chloé Dubois"
    assert call_title(qtbot, window) == ["Call — Chloé Dubois"]


def test_a_search_with_as_many_rows_moves_the_pane_too(window: MainWindow, qtbot: QtBot) -> None:
    search(qtbot, window, "cobalt", ["Chris Dunn", "Ana Ruiz"])
    click_row(qtbot, window, "Ana Ruiz")
    window.search.clear()
    # Two rows again, Ana Ruiz not among them: the second row (where she was)
    # now holds another lead, and no signal of the table says so.
    search(qtbot, window, "ch", ["Chloé Dubois", "Chris Dunn"])
    assert highlighted(window) == [shown(window)]
    assert shown(window) == "Chloé Dubois"
    assert call_title(qtbot, window) == ["Call — Chloé Dubois"]


def test_a_filter_moves_the_pane_or_empties_it(window: MainWindow, qtbot: QtBot) -> None:
    chris = window.leads.model.lead_id(names(window).index("Chris Dunn")) or 0
    window.workspace.set_values([chris], "due", next_follow_up=date.today())
    click_row(qtbot, window, "Ana Ruiz")
    choose(qtbot, window.leads.filters.follow_up, "Due today")
    assert names(window) == ["Chris Dunn"]
    assert highlighted(window) == ["Chris Dunn"] and shown(window) == "Chris Dunn"
    assert call_title(qtbot, window) == ["Call — Chris Dunn"]
    choose(qtbot, window.leads.filters.follow_up, "Overdue")
    assert names(window) == []
    assert shown(window) is None
    assert window.leads.detail.empty.isVisible()
    assert call_title(qtbot, window) == []
    assert window.statusBar().currentMessage() == "Select a lead to call first."


def test_down_or_enter_in_the_search_goes_to_the_results(window: MainWindow, qtbot: QtBot) -> None:
    search(qtbot, window, "muller", ["Jürgen Müller"])  # accents optional
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.leads.table
    assert highlighted(window) == ["Jürgen Müller"] and shown(window) == "Jürgen Müller"
    qtbot.keyClick(window.leads.table, Qt.Key.Key_Return)
    (lead_window,) = window._lead_windows
    assert lead_window.windowTitle() == "Jürgen Müller"
    lead_window.close()
    activate(qtbot, window)
    window.search.clear()
    search(qtbot, window, "dunn", ["Chris Dunn"])
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.leads.table
    assert highlighted(window) == ["Chris Dunn"] and shown(window) == "Chris Dunn"


def kanban_column(window: MainWindow, stage: Stage) -> StageColumn:
    return window.kanban.columns[stage]


def click_card(qtbot: QtBot, column: StageColumn, name: str) -> None:
    model = column.model
    (row,) = [r for r in range(model.rowCount()) if (c := model.card(r)) and c.display_name == name]
    rect = column.view.visualRect(model.index(row))
    qtbot.mouseClick(column.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def highlighted_cards(window: MainWindow) -> list[str]:
    found = []
    for column in window.kanban.columns.values():
        for index in column.view.selectionModel().selectedIndexes():
            card = column.model.card(index.row())
            found.append(card.display_name if card else "?")
    return found


def open_kanban(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(KANBAN_TAB).center())
    qtbot.waitUntil(lambda: kanban_column(window, Stage.NEW).model.rowCount() > 0)


def test_on_the_kanban_ctrl_l_calls_the_card_highlighted_there(
    window: MainWindow, qtbot: QtBot
) -> None:
    jurgen = window.leads.model.lead_id(names(window).index("Jürgen Müller")) or 0
    window.workspace.move_stage([jurgen], Stage.MQL)
    click_row(qtbot, window, "Ana Ruiz")
    open_kanban(qtbot, window)
    # The lead current on the Leads tab is current here too.
    assert highlighted_cards(window) == ["Ana Ruiz"]
    click_card(qtbot, kanban_column(window, Stage.NEW), "Chloé Dubois")
    assert highlighted_cards(window) == ["Chloé Dubois"]
    assert call_title(qtbot, window) == ["Call — Chloé Dubois"]
    new = kanban_column(window, Stage.NEW)
    new.view.setFocus()
    qtbot.keyClick(new.view, Qt.Key.Key_Right)
    # One highlighted card, in the next column: never two.
    assert highlighted_cards(window) == ["Jürgen Müller"]
    assert call_title(qtbot, window) == ["Call — Jürgen Müller"]
    qtbot.mouseClick(
        window.tabs.tabBar(),
        Qt.MouseButton.LeftButton,
        pos=window.tabs.tabBar().tabRect(0).center(),
    )
    assert highlighted(window) == ["Jürgen Müller"] and shown(window) == "Jürgen Müller"


def test_log_activity_and_delete_act_on_the_kanbans_card(window: MainWindow, qtbot: QtBot) -> None:
    chris = window.leads.model.lead_id(names(window).index("Chris Dunn")) or 0
    click_row(qtbot, window, "Ana Ruiz")
    open_kanban(qtbot, window)
    click_card(qtbot, kanban_column(window, Stage.NEW), "Chris Dunn")
    titles: list[str] = []
    when_modal(qtbot, lambda dialog: titles.append(dialog.windowTitle()))
    window.log_action.trigger()
    assert titles == ["Log activity — Chris Dunn"]
    activate(qtbot, window)
    new = kanban_column(window, Stage.NEW)
    new.view.setFocus()
    qtbot.keyClick(new.view, Qt.Key.Key_Delete)
    assert window.workspace.lead(chris).deleted_at is not None
    assert window.statusBar().currentMessage() == "Moved Chris Dunn to the trash."


def test_a_change_made_elsewhere_moves_the_pane_and_drops_unfinished_typing(
    window: MainWindow, qtbot: QtBot
) -> None:
    click_row(qtbot, window, "Chris Dunn")
    chris = window.leads.detail.lead
    assert chris is not None and chris.id is not None
    company = window.leads.detail.company
    qtbot.mouseClick(company, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(company, " and Sons")  # not finished: no Enter, no Tab
    # A colleague (or a reverted import) trashes him meanwhile.
    with window.database.session() as session:
        store.trash_leads(session, [chris.id])
    window.workspace.changed.emit(None)
    assert "Chris Dunn" not in names(window)
    assert highlighted(window) == [shown(window)]
    lead = window.leads.detail.lead
    assert lead is not None and company.text() == lead.company
    click_row(qtbot, window, names(window)[0])
    assert window.workspace.lead(lead.id or 0).company == lead.company


def test_the_lead_menu_names_what_it_acts_on(window: MainWindow, qtbot: QtBot) -> None:
    click_row(qtbot, window, "Ana Ruiz")
    seen: list[str] = []

    def look() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, look)
            return
        seen.append(menu.actions()[0].text())
        menu.close()

    bar = window.menuBar()
    (lead_menu,) = [a for a in bar.actions() if a.text() == "&Lead"]
    QTimer.singleShot(0, look)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(lead_menu).center())
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["Ana Ruiz"]
    assert window.call_action.toolTip() == "Call Ana Ruiz (Ctrl+L)"


def test_another_lead_shows_from_its_name(window: MainWindow, qtbot: QtBot) -> None:
    from tests.ui.test_wheel_guard import roll

    resize_window(qtbot, window, 1366, 768)
    click_row(qtbot, window, "Ana Ruiz")
    detail = window.leads.detail
    bar = detail.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    roll(detail.viewport(), -20)  # down to her notes and activities
    low = bar.value()
    assert low > 0 and detail.title.visibleRegion().isEmpty()
    window.workspace.changed.emit(None)  # she is read again: the place stays
    assert shown(window) == "Ana Ruiz" and bar.value() == low
    # Another lead: the pane starts at the name, not at someone's notes.
    click_row(qtbot, window, "Chris Dunn")
    assert shown(window) == "Chris Dunn"
    assert bar.value() == 0 and not detail.title.visibleRegion().isEmpty()
    assert detail.title.text() == "Chris Dunn"
