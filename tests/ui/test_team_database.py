"""Team databases in the window (issue #8): connecting switches the window
in place, and a lead added by hand on a team's database is its author's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads
from tests.pg import Databases
from tests.ui.conftest import activate, names, when_modal

from leaddesk.ui import team_dialog
from leaddesk.ui.background import wait_for_background
from leaddesk.ui.dialogs import NewLeadDialog
from leaddesk.ui.main_window import MainWindow
from leaddesk.ui.team_dialog import TeamDialog


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Database]:
    """A second database with other leads."""
    database = Database.open(str(tmp_path / "other.db"))
    with database.session() as session:
        leads = [Lead(first_name="Olga", company="Vega"), Lead(first_name="Piet", company="Vega")]
        insert_leads(session, leads, region="US")
    yield database
    database.close()


def windows() -> list[QWidget]:
    """The main windows on screen."""
    shown = QApplication.topLevelWidgets()
    return [w for w in shown if isinstance(w, MainWindow) and w.isVisible()]


def test_switching_database_keeps_this_window(
    window: MainWindow, other: Database, qtbot: QtBot
) -> None:
    old_path = window.database.path
    assert old_path is not None
    window.tabs.setCurrentWidget(window.kanban)  # views built on the old database
    wait_for_background()
    window.tabs.setCurrentWidget(window.leads)
    window.leads.select_row(0)
    window.lead_actions.delete()
    assert window.undo_action.isEnabled()
    window.switch_database(other)
    assert windows() == [window]
    assert window.database is other
    assert window.windowTitle() == f"LeadDesk — {other.display_name}"
    assert names(window) == ["Olga", "Piet"]
    assert window.tabs.currentWidget() is window.leads
    assert not window.undo_action.isEnabled()  # nothing to undo on this database yet
    window.tabs.setCurrentWidget(window.kanban)
    wait_for_background()
    qtbot.waitUntil(lambda: window.kanban.columns[Stage.NEW].model.rowCount() == 2)
    wait_for_background()
    qtbot.waitUntil(lambda: "2 leads" in window.count_label.text())
    # The old file is closed: SQLite removes its write-ahead log then.
    qtbot.waitUntil(lambda: not Path(f"{old_path}-wal").exists(), timeout=5_000)


def test_the_team_dialog_switches_this_window_to_the_team_database(
    window: MainWindow, other: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = other.display_name
    other.close()

    class TeamServer(Database):
        """The server the dialog reaches: here a file with the team's leads."""

        @classmethod
        def open(cls, url: str | None = None, *, migrate: bool = True) -> Database:
            return Database.open.__func__(cls, location)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(team_dialog, "Database", TeamServer)

    def connect(dialog: QWidget) -> None:
        assert isinstance(dialog, TeamDialog)
        dialog.remember.setChecked(False)
        qtbot.keyClicks(dialog.host, "db.example.org")
        qtbot.keyClicks(dialog.user, "maria")
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    seen = when_modal(qtbot, connect)
    window.team_action.trigger()
    assert seen
    assert windows() == [window]
    assert window.windowTitle() == f"LeadDesk — {location}"
    assert names(window) == ["Olga", "Piet"]
    wait_for_background()
    window.close_databases()


def test_a_lead_added_on_ones_own_file_has_no_owner_set(window: MainWindow, qtbot: QtBot) -> None:
    add_lead(window, qtbot, "Zoe")
    lead = window.leads.detail.lead
    assert lead is not None and lead.owner == ""


def add_lead(window: MainWindow, qtbot: QtBot, first_name: str) -> None:
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, NewLeadDialog)
        qtbot.keyClicks(dialog.first_name, first_name)
        qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)

    seen = when_modal(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen


@pytest.fixture
def team(pg_databases: Databases) -> Iterator[Database]:
    with pg_databases.fresh() as url:
        database = Database.open(url)
        yield database
        database.close()


def test_a_lead_added_on_a_team_database_is_its_authors(
    team: Database, settings: QSettings, qtbot: QtBot
) -> None:
    with team.session() as session:
        insert_leads(session, [Lead(first_name="Hers", owner="maria")], region="US")
    window = MainWindow(team, settings)
    qtbot.addWidget(window)
    activate(qtbot, window)
    add_lead(window, qtbot, "Zoe")
    lead = window.leads.detail.lead
    assert lead is not None and lead.id is not None
    assert lead.owner == team.user != ""
    assert window.workspace.lead(lead.id).owner == team.user
    window.mine_action.trigger()
    qtbot.waitUntil(lambda: names(window) == ["Zoe"])
    wait_for_background()
