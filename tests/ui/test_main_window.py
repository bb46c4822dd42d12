"""The main window driven like a user: typing, clicking, keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from leaddesk.domain.bant import Answer, Criterion, Temperature
from leaddesk.domain.lead import ActivityKind, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store.database import Database
from tests.ui.conftest import activate, names, when_modal

from leaddesk.ui.background import wait_for_background
from leaddesk.ui.call_mode import CallDialog
from leaddesk.ui.dialogs import NewLeadDialog, ValueDialog
from leaddesk.ui.lead_table import COLUMN_INDEX
from leaddesk.ui.main_window import FIRST_SIZE, MainWindow
from leaddesk.ui.stage_dialogs import ReasonDialog


def select(window: MainWindow, name: str) -> int:
    rows = names(window)
    window.leads.select_row(rows.index(name))
    QApplication.processEvents()  # lay out the pane before clicking in it
    lead = window.leads.detail.lead
    assert lead is not None and lead.id is not None
    return lead.id


def stored(window: MainWindow, lead_id: int) -> Lead:
    return window.workspace.lead(lead_id)


def test_search_as_you_type_filters_the_table(window: MainWindow, qtbot: QtBot) -> None:
    assert names(window) == ["Chloé Dubois", "Chris Dunn", "Jürgen Müller", "Ana Ruiz"]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "chloe")
    qtbot.waitUntil(lambda: names(window) == ["Chloé Dubois"])
    assert "chloe" in window.count_label.text()
    window.search.clear()
    qtbot.keyClicks(window.search, "cobalt")
    qtbot.waitUntil(lambda: names(window) == ["Chris Dunn", "Ana Ruiz"])
    wait_for_background()
    qtbot.waitUntil(lambda: "2 of 4 leads" in window.count_label.text())


def test_filters_combine_with_search(window: MainWindow, qtbot: QtBot) -> None:
    filters = window.leads.filters
    filters.temperature.select(["warm", "hot"])
    assert names(window) == ["Chloé Dubois", "Jürgen Müller"]
    filters.source.select(["linkedin"])
    assert names(window) == ["Jürgen Müller"]
    filters.reset()
    filters.review.click()
    assert names(window) == ["Chris Dunn"]
    filters.reset()
    window.search.setText("cobalt")
    filters.temperature.select(["cold"])
    qtbot.waitUntil(lambda: names(window) == ["Chris Dunn", "Ana Ruiz"])
    assert filters.temperature.text() == "Temperature: Cold"


def test_clicking_a_header_sorts(window: MainWindow, qtbot: QtBot) -> None:
    header = window.leads.table.horizontalHeader()
    x = header.sectionViewportPosition(COLUMN_INDEX["score"]) + 5
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )
    scores = [window.leads.model.summary(r).score for r in range(4)]  # type: ignore[union-attr]
    assert scores in (sorted(scores), sorted(scores, reverse=True))
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )
    again = [window.leads.model.summary(r).score for r in range(4)]  # type: ignore[union-attr]
    assert again == list(reversed(scores)) or again == sorted(again, reverse=True)


def test_editing_a_field_saves_it_and_undo_restores_it(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")
    detail = window.leads.detail
    detail.job_title.setFocus()
    qtbot.keyClicks(detail.job_title, "Head of Sales")
    qtbot.keyClick(detail.job_title, Qt.Key.Key_Return)
    assert stored(window, lead_id).title == "Head of Sales"
    assert "edit title of Ana Ruiz" in window.undo_action.text()
    window.undo_action.trigger()
    assert stored(window, lead_id).title == ""
    window.redo_action.trigger()
    assert stored(window, lead_id).title == "Head of Sales"


def test_invalid_email_is_flagged_live_and_kept(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")
    detail = window.leads.detail
    detail.email.selectAll()
    qtbot.keyClicks(detail.email, "ana at cobalt")
    assert "⚠" in detail.email_check.text()
    qtbot.keyClick(detail.email, Qt.Key.Key_Return)
    lead = stored(window, lead_id)
    assert lead.email == "ana at cobalt"
    assert lead.needs_review
    assert "Needs review" in detail.banner.text()


def test_bant_clicks_update_the_badge_and_the_lead(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")
    bant = window.leads.detail.bant
    assert bant.badge.text() == "Cold — Budget, Authority, Need and Timeframe unknown"
    qtbot.mouseClick(bant.buttons[(Criterion.BUDGET, Answer.YES)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bant.buttons[(Criterion.NEED, Answer.YES)], Qt.MouseButton.LeftButton)
    assert bant.badge.text() == "Warm — Authority and Timeframe unknown"
    lead = stored(window, lead_id)
    assert lead.bant.budget is Answer.YES and lead.bant.need is Answer.YES
    assert lead.temperature is Temperature.WARM
    for criterion in (Criterion.AUTHORITY, Criterion.TIMEFRAME):
        qtbot.mouseClick(bant.buttons[(criterion, Answer.YES)], Qt.MouseButton.LeftButton)
    assert bant.badge.text() == "Hot"
    assert stored(window, lead_id).temperature is Temperature.HOT


def test_moving_to_sql_without_budget_asks_first(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")
    detail = window.leads.detail

    def answer(button: QMessageBox.StandardButton) -> list[QWidget]:
        def act(dialog: QWidget) -> None:
            assert isinstance(dialog, QMessageBox)
            assert "Budget and Authority are not confirmed" in dialog.text()
            clicked = dialog.button(button)
            assert clicked is not None
            clicked.click()

        return when_modal(qtbot, act)

    seen = answer(QMessageBox.StandardButton.No)
    detail.stage.setCurrentIndex(list(Stage).index(Stage.SQL))
    detail._stage_chosen(list(Stage).index(Stage.SQL))
    assert seen
    assert stored(window, lead_id).stage is Stage.NEW
    assert detail.stage.currentData() == "new"
    seen = answer(QMessageBox.StandardButton.Yes)
    detail._stage_chosen(list(Stage).index(Stage.SQL))
    assert seen
    assert stored(window, lead_id).stage is Stage.SQL


def test_disqualifying_needs_a_reason(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Chris Dunn")
    detail = window.leads.detail

    def give_reason(dialog: QWidget) -> None:
        assert isinstance(dialog, ReasonDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None and not ok.isEnabled()
        qtbot.keyClicks(dialog.reason, "Student project")
        assert ok.isEnabled()
        ok.click()

    seen = when_modal(qtbot, give_reason)
    detail._stage_chosen(list(Stage).index(Stage.DISQUALIFIED))
    assert seen
    lead = stored(window, lead_id)
    assert lead.stage is Stage.DISQUALIFIED
    assert lead.disqualified_reason == "Student project"
    assert "Student project" in detail.stage_note.text()
    window.undo_action.trigger()
    assert stored(window, lead_id).stage is Stage.NEW


def test_call_mode_from_the_keyboard_alone(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")

    def call(dialog: QWidget) -> None:
        assert isinstance(dialog, CallDialog)
        activate(qtbot, dialog)  # its keys are the active window's
        for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_W):
            qtbot.keyClick(dialog.focusWidget(), key)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.outcome
        qtbot.keyClicks(dialog.focusWidget(), "Interested")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Wants a demo on Friday")
        # In the note Enter starts a new line; Ctrl+Enter saves.
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    seen = when_modal(qtbot, call)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen
    lead = stored(window, lead_id)
    assert lead.temperature is Temperature.HOT
    assert lead.next_follow_up == date.today() + timedelta(days=7)
    (logged,) = window.workspace.read(lambda s: store.activities(s, lead_id))
    assert logged.kind is ActivityKind.CALL
    assert logged.outcome == "Interested"
    assert logged.text == "Wants a demo on Friday"
    assert window.undo_action.text() == "Undo log call with Ana Ruiz"
    window.undo_action.trigger()
    lead = stored(window, lead_id)
    assert lead.temperature is Temperature.COLD
    assert lead.next_follow_up is None
    assert window.workspace.read(lambda s: store.activities(s, lead_id)) == []


def test_bulk_stage_change_is_one_undo_step(window: MainWindow, qtbot: QtBot) -> None:
    window.leads.table.selectAll()
    ids = window.leads.selected_ids()
    assert len(ids) == 4
    window.lead_actions.set_stage(Stage.MQL)
    assert {stored(window, i).stage for i in ids} == {Stage.MQL}
    assert window.undo_action.text() == "Undo set stage to MQL for 4 leads"
    window.undo_action.trigger()
    assert {stored(window, i).stage for i in ids} == {Stage.NEW}
    window.redo_action.trigger()
    assert {stored(window, i).stage for i in ids} == {Stage.MQL}


def test_bulk_tag_owner_and_delete(window: MainWindow, qtbot: QtBot) -> None:
    window.leads.table.selectAll()
    ids = window.leads.selected_ids()

    def type_value(text: str) -> Callable[[QWidget], None]:
        def act(dialog: QWidget) -> None:
            assert isinstance(dialog, ValueDialog)
            qtbot.keyClicks(dialog.value, text)
            qtbot.keyClick(dialog.value, Qt.Key.Key_Return)

        return act

    when_modal(qtbot, type_value("webinar"))
    window.lead_actions.add_tag()
    assert all(stored(window, i).tags == ["webinar"] for i in ids)
    when_modal(qtbot, type_value("Sam"))
    window.lead_actions.set_owner()
    assert {stored(window, i).owner for i in ids} == {"Sam"}
    window.undo_action.trigger()
    assert {stored(window, i).owner for i in ids} == {""}
    window.leads.table.selectRow(0)
    window.lead_actions.delete()
    assert names(window) == ["Chris Dunn", "Jürgen Müller", "Ana Ruiz"]
    window.leads.filters.trash.click()
    assert names(window) == ["Chloé Dubois"]
    window.leads.table.selectRow(0)
    window.lead_actions.restore()
    window.leads.filters.trash.click()
    assert len(names(window)) == 4


def test_a_refused_write_shows_a_message_not_a_traceback(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")
    with window.database.session() as session:  # deleted meanwhile, elsewhere
        store.trash_leads(session, [lead_id])
        store.purge_leads(session, [lead_id])
    detail = window.leads.detail
    detail.job_title.setFocus()
    qtbot.keyClicks(detail.job_title, "CTO")
    qtbot.keyClick(detail.job_title, Qt.Key.Key_Return)
    assert window.message.isVisible()
    assert window.message.text.text() == "That lead no longer exists."
    assert not window.undo_action.isEnabled()


def test_first_start_shows_the_first_steps(db: Database, settings: QSettings, qtbot: QtBot) -> None:
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    assert window.pages.currentWidget() is window.empty
    first_steps = (window.empty.add, window.empty.import_file, window.empty.demo)
    assert all(button.isEnabled() for button in first_steps)  # the import wizard exists now
    window.empty.demo.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.tabs, timeout=20_000)
    wait_for_background()
    assert window.leads.model.rowCount() == 500


def test_new_lead_from_ctrl_n(db: Database, settings: QSettings, qtbot: QtBot) -> None:
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    activate(qtbot, window)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, NewLeadDialog)
        qtbot.keyClicks(dialog.first_name, "Zoe")
        qtbot.keyClicks(dialog.company, "Atlas")
        qtbot.keyClick(dialog.company, Qt.Key.Key_Return)

    seen = when_modal(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen
    assert window.pages.currentWidget() is window.tabs
    assert names(window) == ["Zoe"]
    assert window.leads.detail.lead is not None and window.leads.detail.lead.company == "Atlas"
    window.undo_action.trigger()
    assert window.pages.currentWidget() is window.empty


def test_settings_persist_across_a_restart(
    people: Database, settings: QSettings, qtbot: QtBot, tmp_path: Path
) -> None:
    first = MainWindow(people, settings)
    qtbot.addWidget(first)
    first.show()
    header = first.leads.table.horizontalHeader()
    header.setSectionHidden(COLUMN_INDEX["phone"], True)
    header.setSectionHidden(COLUMN_INDEX["created"], False)
    header.moveSection(header.visualIndex(COLUMN_INDEX["company"]), 0)
    first.resize(700, 520)  # within the offscreen screen (800×600)
    first.leads.splitter.setSizes([600, 400])
    sizes = first.leads.splitter.sizes()
    first.close()
    second = MainWindow(people, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.show()
    header = second.leads.table.horizontalHeader()
    assert header.isSectionHidden(COLUMN_INDEX["phone"])
    assert not header.isSectionHidden(COLUMN_INDEX["created"])
    assert header.logicalIndex(0) == COLUMN_INDEX["company"]
    assert second.size().width() == 700
    assert second.leads.splitter.sizes() == sizes


def test_first_start_fits_the_screen(people: Database, settings: QSettings, qtbot: QtBot) -> None:
    """The offscreen screen (800×800) is smaller than the first-start size
    (1280×800), as a 1366×768 laptop's is once its panel is taken off."""
    window = MainWindow(people, settings)
    qtbot.addWidget(window)
    window.show()
    available = window.screen().availableGeometry()
    assert available.width() < FIRST_SIZE.width()
    qtbot.waitUntil(lambda: available.contains(window.frameGeometry()))
    status = window.statusBar()
    assert available.contains(QRect(status.mapToGlobal(QPoint(0, 0)), status.size()))
    assert window.frameGeometry().width() == available.width()  # no room is wasted


def test_a_size_saved_on_a_larger_screen_is_brought_inside(
    people: Database, settings: QSettings, qtbot: QtBot
) -> None:
    first = MainWindow(people, settings)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(300, 200, 1600, 1000)  # as on a larger monitor
    first.close()
    second = MainWindow(people, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.show()
    available = second.screen().availableGeometry()
    qtbot.waitUntil(lambda: available.contains(second.frameGeometry()))


def test_a_first_start_on_an_empty_database_fits_the_columns_to_the_first_leads(
    db: Database, settings: QSettings, qtbot: QtBot
) -> None:
    """The columns used to be fitted to the empty table of a first start:
    once leads came, names, companies and emails were cut ("Maja Åb…")."""
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    activate(qtbot, window)
    name, company, email = "Maximiliane Oberhauser", "Brightpath Robotics AB", "max@oberhauser.de"

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, NewLeadDialog)
        qtbot.keyClicks(dialog.first_name, "Maximiliane")
        qtbot.keyClicks(dialog.last_name, "Oberhauser")
        qtbot.keyClicks(dialog.company, company)
        qtbot.keyClicks(dialog.email, email)
        qtbot.keyClick(dialog.email, Qt.Key.Key_Return)

    seen = when_modal(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen and names(window) == [name]

    def cut(window: MainWindow) -> list[str]:
        table = window.leads.table
        metrics = table.fontMetrics()
        return [
            text
            for key, text in (("name", name), ("company", company), ("email", email))
            if table.columnWidth(COLUMN_INDEX[key]) < metrics.horizontalAdvance(text) + 8
        ]

    assert cut(window) == []
    window.close()
    again = MainWindow(db, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    activate(qtbot, again)
    assert cut(again) == []  # the widths kept are those of the leads
