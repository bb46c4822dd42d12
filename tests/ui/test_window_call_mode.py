"""Call mode beyond the happy path: a lead who asked not to be contacted,
and call mode opened from a lead's own window."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from leaddesk.domain.lead import ActivityKind
from leaddesk.store import leads as store
from tests.ui.conftest import activate, names, when_modal

from leaddesk.ui.call_mode import CallDialog
from leaddesk.ui.main_window import MainWindow


def select(window: MainWindow, name: str) -> int:
    window.leads.select_row(names(window).index(name))
    QApplication.processEvents()
    lead = window.leads.detail.lead
    assert lead is not None and lead.id is not None
    return lead.id


def answer_box(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answers the question that opens over call mode."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append(box.text())
        clicked = box.button(button)
        if clicked is not None:
            clicked.click()

    QTimer.singleShot(0, poll)


def test_calling_a_do_not_contact_lead_asks_first(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")
    detail = window.leads.detail
    detail.do_not_contact.setFocus()
    qtbot.keyClick(detail.do_not_contact, Qt.Key.Key_Space)
    asked: list[str] = []
    still_open: list[bool] = []

    def call(dialog: QWidget) -> None:
        assert isinstance(dialog, CallDialog)
        activate(qtbot, dialog)
        dialog.note.setFocus()
        qtbot.keyClicks(dialog.note, "They called us")
        answer_box(QMessageBox.StandardButton.No, asked)
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        still_open.append(dialog.isVisible())
        qtbot.wait(50)  # the panel takes keys again once that Enter has passed
        activate(qtbot, dialog)  # as the desktop does once the question has closed
        answer_box(QMessageBox.StandardButton.Yes, asked)
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    seen = when_modal(qtbot, call)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen
    assert still_open == [True]
    assert asked == ["Ana Ruiz asked not to be contacted. Log this call anyway?"] * 2
    (logged,) = window.workspace.read(lambda s: store.activities(s, lead_id))
    assert logged.kind is ActivityKind.CALL and logged.text == "They called us"


def test_call_mode_in_a_leads_window_calls_that_lead(window: MainWindow, qtbot: QtBot) -> None:
    select(window, "Ana Ruiz")
    window.open_lead_window(window.leads.model.lead_id(names(window).index("Chris Dunn")) or 0)
    lead_window = window._lead_windows[0]
    activate(qtbot, lead_window)
    titles: list[str] = []

    def look(dialog: QWidget) -> None:
        titles.append(dialog.windowTitle())

    when_modal(qtbot, look)
    qtbot.keyClick(lead_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert titles == ["Call — Chris Dunn"]
    lead_window.close()
