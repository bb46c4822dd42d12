"""The lead detail pane as a user meets it: what it warns about, what it
checks as you type, what it keeps, and its own window on double-click."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from leaddesk.domain.bant import Answer
from leaddesk.domain.clock import utcnow
from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from tests.ui.conftest import activate, names

from leaddesk.ui.lead_detail import LeadDetail
from leaddesk.ui.main_window import MainWindow


def select(window: MainWindow, name: str) -> int:
    window.leads.select_row(names(window).index(name))
    QApplication.processEvents()
    lead = window.leads.detail.lead
    assert lead is not None and lead.id is not None
    return lead.id


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_an_mql_waiting_too_long_shows_the_sal_badge(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Jürgen Müller")
    detail = window.leads.detail
    assert not detail.sal_badge.isVisible()
    with window.database.session() as session:  # marketing qualified 5 days ago
        store.move_stage(session, [lead_id], Stage.MQL, now=utcnow() - timedelta(days=5))
    window.workspace.changed.emit(frozenset({lead_id}))
    assert detail.sal_badge.isVisible()
    assert detail.sal_badge.text() == "SAL overdue · 5 days"
    assert "the limit is 2" in detail.banner.text()
    row = names(window).index("Jürgen Müller")
    stage = window.leads.model.index(row, 3)
    assert "SAL overdue" in stage.data(Qt.ItemDataRole.ToolTipRole)
    # Sales accepts the lead: the badge goes.
    detail._stage_chosen(list(Stage).index(Stage.SAL))
    assert not detail.sal_badge.isVisible()


def test_do_not_contact_and_consent_are_kept(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")
    detail = window.leads.detail
    assert not detail.dnc_badge.isVisible()
    detail.consent.setCurrentIndex(detail.consent.findData(Answer.YES.value))
    detail.consent.activated.emit(detail.consent.currentIndex())
    detail.consent_at.setDate(QDate(2026, 3, 2))
    detail.consent_at.editingFinished.emit()
    type_into(qtbot, detail.consent_how, "Business card at the fair")
    detail.do_not_contact.setFocus()
    qtbot.keyClick(detail.do_not_contact, Qt.Key.Key_Space)
    lead = window.workspace.lead(lead_id)
    assert lead.consent is Answer.YES
    assert lead.consent_at is not None and lead.consent_at.date() == date(2026, 3, 2)
    assert lead.consent_how == "Business card at the fair"
    assert lead.do_not_contact
    assert detail.dnc_badge.isVisible()
    # The table strikes the name through.
    row = names(window).index("Ana Ruiz")
    font = window.leads.model.index(row, 0).data(Qt.ItemDataRole.FontRole)
    assert font is not None and font.strikeOut()


def test_other_emails_and_phones_are_checked_as_typed(window: MainWindow, qtbot: QtBot) -> None:
    lead_id = select(window, "Ana Ruiz")
    detail = window.leads.detail
    assert not detail.emails_check.isVisible()
    detail.emails.setFocus()
    qtbot.keyClicks(detail.emails, "ana.ruiz@gmail.com, ana-at-home")
    assert detail.emails_check.isVisible()
    assert "“ana-at-home”" in detail.emails_check.text()
    assert "gmail" not in detail.emails_check.text()
    detail.phones.setFocus()
    qtbot.keyClicks(detail.phones, "(415) 555-0132")
    assert detail.phones_check.text() == "✓ +14155550132"
    qtbot.keyClicks(detail.phones, ", 12")
    assert "“12”" in detail.phones_check.text()
    qtbot.keyClick(detail.phones, Qt.Key.Key_Return)
    lead = window.workspace.lead(lead_id)
    assert lead.emails == ["ana.ruiz@gmail.com", "ana-at-home"]
    assert lead.phones == ["(415) 555-0132", "12"]
    assert lead.needs_review
    assert detail.review_badge.isVisible()


def test_phone_shows_as_typed_and_as_e164(window: MainWindow, qtbot: QtBot) -> None:
    select(window, "Ana Ruiz")
    detail = window.leads.detail
    assert detail.phone.text() == "+1 415 555 2671"
    assert "(+14155552671)" in detail.phone_check.text()
    type_into(qtbot, detail.phone, "415 555 01")
    assert "⚠" in detail.phone_check.text()


def test_stage_history_lists_each_stage_with_its_days(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    ten_days_ago = utcnow() - timedelta(days=10)
    with window.database.session() as session:
        lead = store.create_lead(
            session, Lead(first_name="Maya", company="Orbit"), now=ten_days_ago
        )
        lead_id = lead.id or 0
        store.move_stage(session, [lead_id], Stage.MQL, now=ten_days_ago + timedelta(days=2))
        store.move_stage(session, [lead_id], Stage.SAL, now=ten_days_ago + timedelta(days=5))
    window.workspace.changed.emit(None)
    select(window, "Maya")
    history = window.leads.detail.history
    rows = [history.item(i).text() for i in range(history.count())]
    assert len(rows) == 3
    assert rows[0].startswith("SAL · ") and rows[0].endswith("5 days")  # newest first
    assert rows[1].startswith("MQL · ") and rows[1].endswith("3 days")
    assert rows[2].startswith("New · ") and rows[2].endswith("2 days")
    assert window.leads.detail.stage_note.text() == "In this stage for 5 days"
    qtmodeltester.check(history.model(), force_py=True)


def focus_chain(start: QWidget, stop: QWidget, limit: int = 80) -> list[QWidget]:
    """The widgets Tab visits from ``start`` up to ``stop``."""
    chain = [start]
    widget = start.nextInFocusChain()
    while widget is not None and widget is not stop and len(chain) < limit:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def test_tab_order_follows_the_form_and_fields_have_names(window: MainWindow, qtbot: QtBot) -> None:
    select(window, "Ana Ruiz")
    detail = window.leads.detail
    # Qualification first, as the pane shows it: stage, next follow-up, BANT.
    qualification = focus_chain(detail.stage, detail.first_name)
    assert qualification[:2] == [detail.stage, detail.follow_up]
    details = list(detail.bant.details.values())
    positions = [qualification.index(w) for w in details]
    assert positions == sorted(positions)
    chain = focus_chain(detail.first_name, detail.notes)
    contact = [
        detail.first_name,
        detail.last_name,
        detail.company,
        detail.job_title,
        detail.email,
        detail.emails,
        detail.phone,
        detail.phones,
        detail.website,
        detail.address,
        detail.city,
        detail.postal_code,
        detail.country,
        detail.source,
    ]
    assert chain[: len(contact)] == contact
    later = [detail.source, detail.interest, detail.owner, detail.tags, detail.consent]
    positions = [chain.index(w) for w in later]
    assert positions == sorted(positions)
    for widget in detail.body.findChildren(QWidget):
        editable = isinstance(widget, QLineEdit | QComboBox | QPlainTextEdit | QAbstractButton)
        parent = widget.parent()
        if not editable or not widget.isVisible() or parent is None:
            continue
        if isinstance(widget, QLineEdit) and parent.inherits("QComboBox"):
            continue  # the combo box itself carries the name
        named = widget.accessibleName() or getattr(widget, "text", lambda: "")()
        assert named, f"{widget!r} has no accessible name"


def test_double_click_opens_the_lead_in_its_own_window(window: MainWindow, qtbot: QtBot) -> None:
    row = names(window).index("Chris Dunn")
    table = window.leads.table
    rect = table.visualRect(window.leads.model.index(row, 1))
    # A double click is a click and then a second press, as the view sees it.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(window._lead_windows) == 1)
    lead_window = window._lead_windows[0]
    assert isinstance(lead_window, QDialog)
    assert lead_window.windowTitle() == "Chris Dunn"
    activate(qtbot, lead_window)
    detail = lead_window.findChild(LeadDetail)
    assert detail is not None and detail.lead is not None
    lead_id = detail.lead.id or 0
    type_into(qtbot, detail.job_title, "Founder")
    assert window.workspace.lead(lead_id).title == "Founder"
    # The main pane shows the same lead, updated.
    window.leads.select_row(row)
    assert window.leads.detail.job_title.text() == "Founder"
    # Ctrl+Z in the lead's window undoes there too.
    qtbot.keyClick(lead_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.lead(lead_id).title == ""
    assert detail.job_title.text() == ""
    lead_window.close()
    qtbot.waitUntil(lambda: not window._lead_windows)
