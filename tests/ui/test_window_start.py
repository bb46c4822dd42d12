"""Opening the window: what the first paint waits for and what it does not,
the Kanban and Dashboard tabs built when first shown, and counts written
with proper plurals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt

from leaddesk.domain.clock import utcnow
from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store.database import Database
from tests.ui.conftest import names

from leaddesk.ui.background import wait_for_background
from leaddesk.ui.main_window import MainWindow

# Opens a window in a fresh process the way the application does, waits for
# its first paint, then reports which of the modules the first paint does
# not need were imported, and what the window shows.
_OPEN = """
import json, sys
from leaddesk.app import start_window
window = start_window(sys.argv[1], sys.argv[2])
from PySide6.QtWidgets import QApplication
app = QApplication.instance()
while not window._started:
    app.processEvents()
late = ["alembic", "PySide6.QtCharts", "leaddesk.ui.kanban", "leaddesk.ui.dashboard",
        "leaddesk.ui.import_wizard", "leaddesk.transfer.pipeline", "leaddesk.ui.export_dialog",
        "leaddesk.ui.team_dialog", "leaddesk.ui.call_mode"]
window.leads.select_row(0)
print(json.dumps({
    "imported": [name for name in late if name in sys.modules],
    "tabs": [window.tabs.tabText(i) for i in range(window.tabs.count())],
    "stage_note": window.leads.detail.stage_note.text(),
}))
window.close_databases()
"""


def test_the_first_paint_waits_for_no_tab_wizard_or_dialog(
    people: Database, tmp_path: Path
) -> None:
    people.close()
    result = subprocess.run(
        [sys.executable, "-c", _OPEN, people.display_name, str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["imported"] == []
    assert shown["tabs"] == ["Leads", "Kanban", "Dashboard"]
    # Started without the test suite's translators: plurals still English.
    assert "(s)" not in shown["stage_note"]
    assert shown["stage_note"].startswith("In this stage for 0 days")


def test_the_kanban_tab_is_built_when_first_clicked(window: MainWindow, qtbot: QtBot) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert window.tabs.currentWidget() is window.kanban
    assert window.tabs.tabText(1) == "Kanban"
    wait_for_background()
    qtbot.waitUntil(lambda: window.kanban.columns[Stage.NEW].model.rowCount() == 4)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    assert window.tabs.currentWidget() is window.dashboard
    assert [window.tabs.tabText(i) for i in range(3)] == ["Leads", "Kanban", "Dashboard"]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert window.tabs.currentWidget() is window.leads
    wait_for_background()


def test_the_kanban_follows_a_search_typed_before_it_was_built(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.keyClicks(window.search, "cobalt")
    qtbot.waitUntil(lambda: names(window) == ["Chris Dunn", "Ana Ruiz"])
    window.tabs.setCurrentIndex(1)
    wait_for_background()
    column = window.kanban.columns[Stage.NEW]
    qtbot.waitUntil(lambda: column.model.rowCount() == 2)


def test_filter_lists_and_the_total_arrive_once_the_window_has_painted(
    window: MainWindow, qtbot: QtBot
) -> None:
    sources = window.leads.filters.source
    assert {action.text() for action in sources.menu().actions()} >= {"Referral", "LinkedIn"}
    window.search.setText("cobalt")
    qtbot.waitUntil(lambda: "2 of 4 leads" in window.count_label.text())


def test_days_in_a_stage_read_as_english_plurals(
    people: Database, settings: QSettings, qtbot: QtBot
) -> None:
    with people.session() as session:
        ana = store.create_lead(session, Lead(first_name="Ana"))
        zoe = store.create_lead(session, Lead(first_name="Zoe"))
        assert ana.id is not None and zoe.id is not None
        store.move_stage(session, [ana.id], Stage.MQL, now=utcnow() - timedelta(days=1))
        store.move_stage(session, [zoe.id], Stage.SQL, now=utcnow() - timedelta(days=279))
    window = MainWindow(people, settings)
    qtbot.addWidget(window)
    window.show()
    detail = window.leads.detail
    detail.show_lead(ana.id)
    assert detail.stage_note.text() == "In this stage for 1 day"
    detail.show_lead(zoe.id)
    assert detail.stage_note.text() == "In this stage for 279 days"
    history = [detail.history.item(i).text() for i in range(detail.history.count())]
    assert history and not any("(s)" in line for line in history)
    assert all(line.split(" · ")[2].endswith((" day", " days")) for line in history)
    wait_for_background()


def test_delete_and_log_activity_act_on_the_leads_tab(window: MainWindow, qtbot: QtBot) -> None:
    window.leads.select_row(names(window).index("Ana Ruiz"))
    window.leads.table.setFocus()
    qtbot.keyClick(window.leads.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "Ana Ruiz" not in names(window))
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "Ana Ruiz" in names(window))
