"""Ctrl+Z in the window puts back exactly what was there. For each kind of
change (a stage move with a reason, values set on leads, a tag, the trash,
a logged call), made the way a user makes it, the lead read in full (every
column, its children, stage history and activity log) is the same before
the change and after its undo."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from leaddesk.domain.clock import utcnow
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from tests.store.test_undo import full_lead
from tests.ui.conftest import activate, when_modal
from tests.ui.test_trash_and_undo import select, undo_keys

from leaddesk.ui.call_mode import CallDialog
from leaddesk.ui.main_window import MainWindow
from leaddesk.ui.stage_dialogs import ReasonDialog


def everything(window: MainWindow, *ids: int) -> dict[int, dict[str, Any]]:
    return window.workspace.read(lambda s: {i: full_lead(s, i) for i in ids})


def answer_with(qtbot: QtBot, text: str) -> list[QWidget]:
    """Types ``text`` into the next dialog's box and presses OK."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        box = dialog.findChild(QComboBox)
        assert box is not None
        qtbot.keyClicks(box, text)
        dialog.accept()

    return when_modal(qtbot, act)


def test_undoing_a_disqualification_puts_back_stage_reason_and_history(
    window: MainWindow, qtbot: QtBot
) -> None:
    lead_id = select(window, "Ana Ruiz")
    window.workspace.write(
        lambda s: store.move_stage(s, [lead_id], Stage.MQL, now=utcnow() - timedelta(days=6))
    )
    window.workspace.changed.emit(None)
    before = everything(window, lead_id)
    detail = window.leads.detail

    def give_reason(dialog: QWidget) -> None:
        assert isinstance(dialog, ReasonDialog)
        qtbot.keyClicks(dialog.reason, "No budget this year")
        dialog.accept()

    seen = when_modal(qtbot, give_reason)
    detail.stage.setFocus()
    qtbot.keyClick(detail.stage, Qt.Key.Key_End)  # the last stage: Disqualified
    assert seen
    lead = window.workspace.lead(lead_id)
    assert (lead.stage, lead.disqualified_reason) == (Stage.DISQUALIFIED, "No budget this year")
    activate(qtbot, window)
    undo_keys(qtbot, window)
    assert everything(window, lead_id) == before
    assert window.workspace.lead(lead_id).disqualified_reason == ""
    assert "6 days" in detail.stage_note.text()  # in MQL since then, as before


def test_undoing_values_set_on_leads_puts_them_back(window: MainWindow, qtbot: QtBot) -> None:
    window.leads.table.selectAll()
    ids = window.leads.selected_ids()
    before = everything(window, *ids)
    seen = answer_with(qtbot, "Alex")
    window.lead_actions.set_owner()
    assert seen
    changed = {i: window.workspace.lead(i).version for i in ids}
    assert set(window.workspace.lead(i).owner for i in ids) == {"Alex"}
    activate(qtbot, window)
    undo_keys(qtbot, window)
    assert everything(window, *ids) == before
    # The undo is itself a change: a window still holding the owner "Alex"
    # cannot save over it unawares, and colleagues' windows see it.
    assert all(window.workspace.lead(i).version > changed[i] for i in ids)


def test_undoing_a_tag_puts_back_the_tags_and_search(window: MainWindow, qtbot: QtBot) -> None:
    window.leads.table.selectAll()
    ids = window.leads.selected_ids()
    before = everything(window, *ids)
    seen = answer_with(qtbot, "Webinar")
    window.lead_actions.add_tag()
    assert seen
    assert all("Webinar" in window.workspace.lead(i).tags for i in ids)
    activate(qtbot, window)
    undo_keys(qtbot, window)
    assert everything(window, *ids) == before


def test_undoing_the_trash_puts_back_when_it_was_deleted(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Jürgen Müller")
    deleted = utcnow() - timedelta(days=4)
    window.workspace.write(lambda s: store.trash_leads(s, [lead_id], now=deleted))
    qtbot.mouseClick(window.leads.filters.trash, Qt.MouseButton.LeftButton)
    select(window, "Jürgen Müller")
    before = everything(window, lead_id)
    qtbot.mouseClick(window.leads.detail.restore, Qt.MouseButton.LeftButton)
    assert window.workspace.lead(lead_id).deleted_at is None
    undo_keys(qtbot, window)
    assert everything(window, lead_id) == before
    assert window.workspace.lead(lead_id).deleted_at == deleted


def test_undoing_a_logged_call_puts_back_last_activity_and_follow_up(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Chloé came from a spreadsheet with a last-contacted date and no
    activity logged yet: undo must not forget that date."""
    lead_id = select(window, "Chloé Dubois")
    contacted = (utcnow() - timedelta(days=20)).replace(microsecond=0)
    window.workspace.write(lambda s: store.update_leads(s, [lead_id], last_activity_at=contacted))
    window.workspace.changed.emit(None)
    before = everything(window, lead_id)

    def call(dialog: QWidget) -> None:
        assert isinstance(dialog, CallDialog)
        qtbot.keyClicks(dialog.focusWidget(), "Wants a demo")
        dialog.accept()

    seen = when_modal(qtbot, call)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen
    assert window.workspace.read(lambda s: store.activities(s, lead_id))
    activate(qtbot, window)
    undo_keys(qtbot, window)
    assert everything(window, lead_id) == before
