"""Logging activities from the lead pane: every kind with its date, outcome
and text, newest first, the next follow-up set from an activity, and the
warning before contacting a lead who asked not to be contacted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from leaddesk.domain.lead import ActivityKind
from leaddesk.store import leads as store
from tests.ui.conftest import names, when_modal

from leaddesk.ui.activity_log import ActivityDialog
from leaddesk.ui.main_window import MainWindow


def select(window: MainWindow, name: str) -> int:
    window.leads.select_row(names(window).index(name))
    QApplication.processEvents()
    lead = window.leads.detail.lead
    assert lead is not None and lead.id is not None
    return lead.id


def fill(
    qtbot: QtBot,
    kind: ActivityKind,
    text: str,
    *,
    outcome: str = "",
    day: QDate | None = None,
    follow_up: QDate | None = None,
    then: Callable[[ActivityDialog], None] | None = None,
) -> Callable[[QWidget], None]:
    """What a user does in the Log activity dialog."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, ActivityDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind.value))
        if day is not None:
            dialog.when.setDateTime(QDateTime(day, QTime(10, 30)))
        if outcome:
            assert dialog.outcome.isEnabled()
            qtbot.keyClicks(dialog.outcome, outcome)
        dialog.text.setFocus()
        qtbot.keyClicks(dialog.text, text)
        if follow_up is not None:
            qtbot.mouseClick(dialog.follow, Qt.MouseButton.LeftButton)
            assert dialog.follow_date.isEnabled()
            dialog.follow_date.setDate(follow_up)
        if then is not None:
            then(dialog)
        if dialog.isVisible():
            dialog.accept()

    return act


@pytest.mark.parametrize("kind", list(ActivityKind))
def test_each_kind_is_logged_with_date_outcome_and_text(
    window: MainWindow, qtbot: QtBot, kind: ActivityKind
) -> None:
    lead_id = select(window, "Ana Ruiz")
    detail = window.leads.detail
    outcome = "Connected" if kind in (ActivityKind.CALL, ActivityKind.MEETING) else ""
    day = QDate(2026, 5, 4)
    seen = when_modal(qtbot, fill(qtbot, kind, f"About the {kind.value}", outcome=outcome, day=day))
    qtbot.mouseClick(detail.activity.add, Qt.MouseButton.LeftButton)
    assert seen
    (logged,) = window.workspace.read(lambda s: store.activities(s, lead_id))
    assert logged.kind is kind
    assert logged.text == f"About the {kind.value}"
    assert logged.outcome == outcome
    shown = detail.activity.list.item(0).text()
    assert shown.startswith(f"{kind.label} · 04 May 2026")
    assert f"About the {kind.value}" in shown
    assert window.undo_action.text() == f"Undo log {kind.label.lower()}"


def test_newest_first_and_feedback_tags(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    lead_id = select(window, "Jürgen Müller")
    detail = window.leads.detail
    assert detail.activity.list.item(0).text() == "Nothing logged yet."

    def tag(dialog: ActivityDialog) -> None:
        assert dialog.tags.isEnabled()
        qtbot.keyClicks(dialog.tags, "pricing, onboarding")

    for kind, text, day, then in (
        (ActivityKind.MEETING, "Kick-off", QDate(2026, 4, 1), None),
        (ActivityKind.FEEDBACK, "Finds it too expensive", QDate(2026, 6, 1), tag),
        (ActivityKind.NOTE, "Met at the fair", QDate(2026, 2, 1), None),
    ):
        when_modal(qtbot, fill(qtbot, kind, text, day=day, then=then))
        detail.log_activity()
    shown = [detail.activity.list.item(i).text() for i in range(detail.activity.list.count())]
    assert [s.split(" · ")[0] for s in shown] == ["Product feedback", "Meeting", "Note"]
    assert "#onboarding, #pricing" in shown[0]
    feedback = window.workspace.read(lambda s: store.activities(s, lead_id))[0]
    assert feedback.tags == ("onboarding", "pricing")
    qtmodeltester.check(detail.activity.list.model(), force_py=True)


def test_an_activity_sets_the_next_follow_up(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Chris Dunn")
    detail = window.leads.detail
    in_ten_days = QDate.currentDate().addDays(10)
    when_modal(qtbot, fill(qtbot, ActivityKind.EMAIL, "Sent the offer", follow_up=in_ten_days))
    detail.log_activity()
    expected = date.today() + timedelta(days=10)
    assert window.workspace.lead(lead_id).next_follow_up == expected
    assert detail.follow_up.date() == in_ten_days
    row = names(window).index("Chris Dunn")
    assert window.leads.model.index(row, 9).data() == expected.strftime("%d %b %Y")
    window.undo_action.trigger()
    assert window.workspace.lead(lead_id).next_follow_up is None
    assert window.workspace.read(lambda s: store.activities(s, lead_id)) == []


def mark_do_not_contact(window: MainWindow, qtbot: QtBot, name: str) -> int:
    lead_id = select(window, name)
    detail = window.leads.detail
    detail.do_not_contact.setFocus()
    qtbot.keyClick(detail.do_not_contact, Qt.Key.Key_Space)
    assert window.workspace.lead(lead_id).do_not_contact
    return lead_id


def answer_warning(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answers the warning that opens over the activity dialog."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append(box.text())
        clicked = box.button(button)
        if clicked is not None:
            clicked.click()
        else:
            box.reject()

    QTimer.singleShot(0, poll)


def test_calling_a_do_not_contact_lead_warns_first(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = mark_do_not_contact(window, qtbot, "Ana Ruiz")
    detail = window.leads.detail
    warnings: list[str] = []

    def decline(dialog: ActivityDialog) -> None:
        assert dialog.warning.isVisible()
        assert dialog.warning.text() == "Ana Ruiz is marked do not contact."
        answer_warning(QMessageBox.StandardButton.No, warnings)
        dialog.accept()  # refused: the dialog stays open
        assert dialog.isVisible()
        dialog.reject()

    when_modal(qtbot, fill(qtbot, ActivityKind.CALL, "Tried anyway", then=decline))
    detail.log_activity()
    assert warnings == ["Ana Ruiz asked not to be contacted. Log this contact anyway?"]
    assert window.workspace.read(lambda s: store.activities(s, lead_id)) == []

    def confirm(dialog: ActivityDialog) -> None:
        answer_warning(QMessageBox.StandardButton.Yes, warnings)

    when_modal(qtbot, fill(qtbot, ActivityKind.EMAIL, "They wrote to us first", then=confirm))
    detail.log_activity()
    (logged,) = window.workspace.read(lambda s: store.activities(s, lead_id))
    assert logged.kind is ActivityKind.EMAIL


def test_a_note_on_a_do_not_contact_lead_needs_no_warning(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = mark_do_not_contact(window, qtbot, "Ana Ruiz")

    def no_warning(dialog: ActivityDialog) -> None:
        assert not dialog.warning.isVisible()

    when_modal(qtbot, fill(qtbot, ActivityKind.NOTE, "Asked to be left alone", then=no_warning))
    window.leads.detail.log_activity()
    (logged,) = window.workspace.read(lambda s: store.activities(s, lead_id))
    assert logged.kind is ActivityKind.NOTE
