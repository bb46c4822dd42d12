"""The mouse wheel scrolls and never changes a value: real wheel events at
every combo box, spin box and date field of the detail pane, call mode,
the new-lead dialog, the activity dialog, the export dialog and the
import wizard's pages, on a database of demo leads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QScrollBar,
    QWidget,
)

from leaddesk.domain.lead import Lead, StageChange
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store.database import Database
from leaddesk.store.demo import load_demo
from leaddesk.store.schema import LeadRow
from tests.ui.conftest import activate, when_modal
from tests.ui.test_import_wizard import messy_csv, next_page, start

from leaddesk.ui.activity_log import ActivityDialog
from leaddesk.ui.background import wait_for_background
from leaddesk.ui.export_dialog import ExportDialog
from leaddesk.ui.import_wizard import OPTIONS, PREVIEW
from leaddesk.ui.main_window import MainWindow

NOTCH = 120
"""One step of a mouse wheel, in eighths of a degree."""


@pytest.fixture
def demo_window(qtbot: QtBot, db: Database, settings: QSettings) -> Iterator[MainWindow]:
    """The window at 1366×768 on demo leads, an MQL lead selected."""
    load_demo(db, 40, seed=1, workers=1)
    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    activate(qtbot, main)
    wait_for_background()
    with db.read() as session:
        mql = session.scalar(select(LeadRow.id).where(LeadRow.stage == "mql").limit(1))
    assert mql is not None
    main.leads.select_lead(mql)
    QApplication.processEvents()
    yield main
    wait_for_background()


def fields(root: QWidget) -> list[QWidget]:
    """The visible widgets under ``root`` that Qt lets the wheel change."""
    found: list[QWidget] = []
    for kind in (QComboBox, QAbstractSpinBox, QAbstractSlider):
        found += [w for w in root.findChildren(kind) if w.isVisible()]
    return [w for w in found if not isinstance(w, QScrollBar)]


def value(field: QWidget) -> object:
    if isinstance(field, QComboBox):
        return (field.currentIndex(), field.currentText())
    if isinstance(field, QAbstractSpinBox):
        return field.text()
    assert isinstance(field, QAbstractSlider)
    return field.value()


def roll(field: QWidget, notches: int) -> None:
    """Rolls the wheel over the middle of ``field``, one event per notch:
    at the field, and at what is drawn there (the text box of a date
    field or an editable combo), as the pointer would."""
    centre = field.rect().center()
    targets = [field]
    inner = field.childAt(centre)
    if inner is not None:
        targets.append(inner)
    step = NOTCH if notches > 0 else -NOTCH
    for _ in range(abs(notches)):
        for target in targets:
            at = QPointF(target.mapFrom(field, centre))
            event = QWheelEvent(
                at,
                QPointF(target.mapToGlobal(at)),
                QPoint(),
                QPoint(0, step),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            )
            QApplication.sendEvent(target, event)


def scroll_area_of(field: QWidget) -> QAbstractScrollArea | None:
    parent = field.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(field):
            return parent
        parent = parent.parentWidget()
    return None


def roll_over_every_field(root: QWidget) -> int:
    """Rolls down then up over each field under ``root``; checks that no
    value changed, that the wheel never focuses a field, and that the page
    around a field scrolled wherever it could. Returns how many fields."""
    found = fields(root)
    before = [value(f) for f in found]
    asked = close_questions(root)
    for field in found:
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, field
        area = scroll_area_of(field)
        bar = area.verticalScrollBar() if area is not None else None
        top = bar.value() if bar is not None else 0
        roll(field, -3)  # wheel down: towards the end of the page
        if bar is not None:
            assert bar.value() > top or top == bar.maximum(), field.accessibleName()
        low = bar.value() if bar is not None else 0
        roll(field, 2)
        if bar is not None:
            assert bar.value() < low or low == bar.minimum(), field.accessibleName()
    asked.stop()
    assert asked.titles == []  # no "Disqualify" or "Move to SQL?" either
    assert [value(f) for f in found] == before
    return len(found)


class close_questions(QTimer):  # noqa: N801 (used like a function)
    """Closes any dialog that opens over ``root`` while it runs, keeping
    its title: a stage moved by the wheel would ask why, and wait."""

    def __init__(self, root: QWidget) -> None:
        super().__init__()
        self.root = root
        self.titles: list[str] = []
        self.timeout.connect(self._look)
        self.start(10)

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog is not self.root:
            self.titles.append(dialog.windowTitle())
            dialog.reject()


def stored(window: MainWindow, lead_id: int) -> tuple[Lead, list[StageChange]]:
    return window.workspace.read(
        lambda s: (store.get_lead(s, lead_id), store.stage_history(s, lead_id))
    )


def test_the_wheel_over_the_detail_pane_scrolls_it_and_changes_nothing(
    demo_window: MainWindow,
) -> None:
    detail = demo_window.leads.detail
    lead = detail.lead
    assert lead is not None and lead.id is not None and lead.stage is Stage.MQL
    saved = stored(demo_window, lead.id)
    bar = detail.verticalScrollBar()
    assert bar.maximum() > 0  # at 1366×768 the pane has more than it shows
    # Stage, source, interest, consent, opted-in date, next follow-up.
    assert roll_over_every_field(detail) >= 6
    assert stored(demo_window, lead.id) == saved
    assert demo_window.workspace.undo_stack.count() == 0


def test_the_wheel_does_not_change_a_field_that_has_focus(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    """After a click into a field the pointer is still over it: the next
    roll is meant to scroll on, not to change what was just chosen."""
    detail = demo_window.leads.detail
    lead = detail.lead
    assert lead is not None and lead.id is not None
    saved = stored(demo_window, lead.id)
    for field in (detail.stage, detail.consent_at):
        detail.ensureWidgetVisible(field)
        field.setFocus(Qt.FocusReason.MouseFocusReason)
        qtbot.waitUntil(field.hasFocus)
        shown = value(field)
        top = detail.verticalScrollBar().value()
        roll(field, -2)
        assert value(field) == shown
        assert detail.verticalScrollBar().value() > top
        roll(field, 4)
        assert value(field) == shown
    assert stored(demo_window, lead.id) == saved
    assert demo_window.workspace.undo_stack.count() == 0


def test_the_wheel_changes_nothing_in_call_mode_and_the_dialogs(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    lead = demo_window.leads.detail.lead
    assert lead is not None and lead.id is not None
    saved = stored(demo_window, lead.id)
    counted: dict[str, int] = {}

    def look(dialog: QWidget) -> None:
        counted[dialog.objectName() or type(dialog).__name__] = roll_over_every_field(dialog)

    for action in (demo_window.call_action, demo_window.new_action):
        seen = when_modal(qtbot, look)
        action.trigger()
        assert seen
    activity = ActivityDialog(lead, demo_window)
    export = ExportDialog(demo_window.workspace, demo_window.leads.model.query, demo_window)
    for dialog in (activity, export):
        dialog.show()
        qtbot.waitExposed(dialog)
        look(dialog)
        dialog.reject()
    wizard = start(qtbot, demo_window, messy_csv(tmp_path))
    while True:
        counted[f"wizard page {wizard.currentId()}"] = roll_over_every_field(wizard)
        if wizard.currentId() == OPTIONS:
            break
        next_page(qtbot, wizard)
    wizard.reject()
    assert counted["call-mode"] >= 1  # the call's outcome
    assert counted["activity-dialog"] >= 3  # kind, when, outcome
    assert counted["wizard page 2"] >= 7  # a field per column of the file
    assert counted[f"wizard page {PREVIEW}"] >= 1  # the phone region
    assert stored(demo_window, lead.id) == saved
    assert demo_window.workspace.undo_stack.count() == 0
