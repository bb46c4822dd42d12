"""On a table longer than the first count (more than a thousand leads),
an edit, an undo or a redo reads the rows again: the lead the user works
on far down the table stays the highlighted one, the one the pane shows
and the one Ctrl+L calls. It used to jump to row 1,000, another lead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from leaddesk.domain.lead import Lead
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads
from tests.ui.conftest import activate
from tests.ui.test_journeys_current_lead import call_title, highlighted, shown

from leaddesk.ui.background import wait_for_background
from leaddesk.ui.lead_table import COUNT_CAP
from leaddesk.ui.main_window import MainWindow

LEADS = COUNT_CAP + 200


@pytest.fixture
def long_window(qtbot: QtBot, db: Database, settings: QSettings) -> Iterator[MainWindow]:
    people = [
        Lead(first_name="Kim", last_name=f"Baker{n:04d}", company=f"Firm {n}", phone="")
        for n in range(LEADS)
    ]
    with db.session() as session:
        insert_leads(session, people, region="US")
    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    activate(qtbot, main)
    qtbot.waitUntil(lambda: main.leads.model.row_count_is_exact())
    yield main
    wait_for_background()


def settled(qtbot: QtBot, window: MainWindow) -> None:
    wait_for_background()
    qtbot.waitUntil(lambda: window.leads.model.row_count_is_exact())
    qtbot.wait(20)


def test_an_edit_far_down_the_table_keeps_its_lead(long_window: MainWindow, qtbot: QtBot) -> None:
    window = long_window
    table = window.leads.table
    first = table.visualRect(window.leads.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first.center())
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the last lead
    for _ in range(5):
        qtbot.keyClick(table, Qt.Key.Key_Up)
    name = f"Kim Baker{LEADS - 6:04d}"
    assert highlighted(window) == [name] and shown(window) == name

    title = window.leads.detail.job_title
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(title, "Buyer")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    settled(qtbot, window)
    assert highlighted(window) == [name] and shown(window) == name
    assert window.workspace.lead(window.leads.current_id() or 0).title == "Buyer"
    assert call_title(qtbot, window) == [f"Call — {name}"]

    for keys in ("Ctrl+Z", "Ctrl+Shift+Z"):
        activate(qtbot, window)
        QTest.keySequence(window, QKeySequence(keys))
        settled(qtbot, window)
        assert highlighted(window) == [name] and shown(window) == name, keys
    assert window.leads.detail.job_title.text() == "Buyer"
    assert window.leads.model.rowCount() == LEADS
