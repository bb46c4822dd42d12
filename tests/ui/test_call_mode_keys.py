"""Call mode from the keyboard during a call: the follow-up, BANT and save
keys work from every field without changing what is being typed, the note
takes several lines, BANT details are typed there, and the first Down in
the outcome list picks the first outcome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QWidget

from leaddesk.domain.bant import Answer, Criterion
from leaddesk.domain.lead import ActivityKind
from leaddesk.store import leads as store
from tests.ui.conftest import activate, names, when_modal
from tests.ui.test_shortcuts import clashes

from leaddesk.ui.call_mode import CallDialog
from leaddesk.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def in_call_mode(
    window: MainWindow, qtbot: QtBot, name: str, act: Callable[[CallDialog], None]
) -> int:
    """Opens call mode on ``name`` with Ctrl+L and runs ``act`` in it."""
    window.leads.select_row(names(window).index(name))
    lead = window.leads.detail.lead
    assert lead is not None and lead.id is not None

    def run(dialog: QWidget) -> None:
        assert isinstance(dialog, CallDialog)
        activate(qtbot, dialog)  # its keys are the active window's
        act(dialog)

    seen = when_modal(qtbot, run)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert seen
    return lead.id


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def test_keys_work_from_every_field_and_leave_the_text_alone(
    window: MainWindow, qtbot: QtBot
) -> None:
    tomorrow = date.today() + timedelta(days=1)
    in_a_week = date.today() + timedelta(days=7)
    checked: list[str] = []

    def call(dialog: CallDialog) -> None:
        assert clashes(dialog) == []
        focus(qtbot, dialog.note)
        qtbot.keyClicks(dialog.note, "Budget approved")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # a new line, not a save
        qtbot.keyClicks(dialog.note, "Call back Tuesday")
        assert dialog.isVisible()
        qtbot.keyClick(dialog.note, Qt.Key.Key_Home)
        qtbot.keyClick(dialog.note, Qt.Key.Key_D, CTRL)
        assert dialog.next_follow_up() == tomorrow
        assert dialog.note.toPlainText() == "Budget approved\nCall back Tuesday"

        focus(qtbot, dialog.outcome)
        qtbot.keyClicks(dialog.outcome, "Interested")
        qtbot.keyClick(dialog.outcome, Qt.Key.Key_W, CTRL)
        assert dialog.next_follow_up() == in_a_week
        assert dialog.outcome.currentText() == "Interested"

        focus(qtbot, dialog.follow_up)
        qtbot.keyClick(dialog.follow_up, Qt.Key.Key_D)
        assert dialog.next_follow_up() == tomorrow
        # Nothing of the "d" waits in the month to show up later.
        focus(qtbot, dialog.note)
        assert dialog.follow_up.text() == QDate(tomorrow).toString("d MMM yyyy")

        budget = dialog.bant.details[Criterion.BUDGET]
        focus(qtbot, budget)
        answers = []
        qtbot.keyClicks(budget, "12000 EUR")  # the digits are typed, not toggles
        answers.append(dialog.bant.bant.budget)
        qtbot.keyClick(budget, Qt.Key.Key_1, CTRL)
        answers.append(dialog.bant.bant.budget)
        assert answers == [Answer.UNKNOWN, Answer.YES]
        assert budget.text() == "12000 EUR"
        checked.append("all")
        qtbot.keyClick(budget, Qt.Key.Key_Return, CTRL)  # saves from any field

    lead_id = in_call_mode(window, qtbot, "Ana Ruiz", call)
    assert checked == ["all"]
    lead = window.workspace.lead(lead_id)
    assert lead.bant.budget is Answer.YES
    assert lead.bant.detail(Criterion.BUDGET) == "12000 EUR"
    assert lead.next_follow_up == tomorrow
    (logged,) = window.workspace.read(lambda s: store.activities(s, lead_id))
    assert logged.kind is ActivityKind.CALL
    assert logged.text == "Budget approved\nCall back Tuesday"
    assert logged.outcome == "Interested"


def test_the_first_down_in_the_outcome_picks_the_first_outcome(
    window: MainWindow, qtbot: QtBot
) -> None:
    picked: list[str] = []

    def call(dialog: CallDialog) -> None:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.outcome
        assert dialog.outcome.currentText() == ""
        qtbot.keyClick(dialog.outcome, Qt.Key.Key_Down)
        picked.append(dialog.outcome.currentText())
        dialog.done(QDialog.DialogCode.Rejected)  # left unsaved, not asked

    in_call_mode(window, qtbot, "Chris Dunn", call)
    assert picked == ["Connected"]


def test_plain_keys_where_nothing_is_typed(window: MainWindow, qtbot: QtBot) -> None:
    """On the BANT buttons 1–4 toggle and D sets tomorrow; the hint says
    how to save from the note."""
    seen: list[object] = []

    def call(dialog: CallDialog) -> None:
        start = dialog.focusWidget()
        for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_D):
            qtbot.keyClick(start, key)
        seen.extend([dialog.bant.bant.budget, dialog.bant.bant.authority, dialog.next_follow_up()])
        hints = [
            label.text() for label in dialog.findChildren(QLabel) if "Ctrl+Enter" in label.text()
        ]
        seen.append(len(hints))
        dialog.done(QDialog.DialogCode.Rejected)  # left unsaved, not asked

    in_call_mode(window, qtbot, "Chris Dunn", call)
    assert seen == [Answer.YES, Answer.YES, date.today() + timedelta(days=1), 1]


def test_escape_after_typing_asks_before_the_note_is_lost(window: MainWindow, qtbot: QtBot) -> None:
    asked: list[str] = []
    left: list[bool] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        def poll() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(10, poll)
                return
            asked.append(box.text())
            clicked = box.button(button)
            assert clicked is not None
            clicked.click()

        QTimer.singleShot(0, poll)

    def call(dialog: CallDialog) -> None:
        focus(qtbot, dialog.note)
        qtbot.keyClicks(dialog.note, "Wants the premium plan")
        answer(QMessageBox.StandardButton.Cancel)
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
        left.append(not dialog.isVisible())
        assert dialog.note.toPlainText() == "Wants the premium plan"
        activate(qtbot, dialog)
        answer(QMessageBox.StandardButton.Discard)
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
        left.append(not dialog.isVisible())

    lead_id = in_call_mode(window, qtbot, "Chris Dunn", call)
    assert left == [False, True]
    assert asked == ["Leave without saving the call with Chris Dunn? What you typed is lost."] * 2
    assert window.workspace.read(lambda s: store.activities(s, lead_id)) == []
