"""The window with colleagues on the same database: a save over their change
opens the conflict dialog, a lost server keeps the edit and retries, and the
team-database dialog tests and remembers a connection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from leaddesk.domain.lead import Lead
from leaddesk.store import leads as store
from leaddesk.store.database import Database
from tests.pg import Databases, admin
from tests.ui.conftest import when_modal

from leaddesk.ui.background import wait_for_background
from leaddesk.ui.conflict_dialog import ConflictDialog
from leaddesk.ui.lead_detail import LeadDetail
from leaddesk.ui.team_dialog import TeamDialog
from leaddesk.ui.workspace import Workspace


def _pane(qtbot: QtBot, database: Database) -> tuple[LeadDetail, Lead]:
    with database.session() as session:
        lead = store.create_lead(session, Lead(first_name="Ana", company="Cobalt", title="CTO"))
    workspace = Workspace(database)
    detail = LeadDetail(workspace)
    # Gone with the pane: on a server the workspace polls for colleagues'
    # changes, and a leftover one would open connections during later tests.
    workspace.setParent(detail)
    qtbot.addWidget(detail)
    detail.show()
    detail.show_lead(lead.id)
    return detail, lead


def _colleague_saves(location: str, lead_id: int, company: str) -> None:
    colleague = Database.open(location)
    try:
        with colleague.session() as session:
            lead = store.get_lead(session, lead_id)
            store.save_lead(session, replace(lead, company=company))
    finally:
        colleague.close()


@pytest.mark.sqlite_only
def test_a_save_over_a_colleagues_change_shows_who_changed_what(
    qtbot: QtBot, db: Database, db_location: str
) -> None:
    detail, lead = _pane(qtbot, db)
    _colleague_saves(db_location, lead.id or 0, "Cobalt Labs Ltd")

    def merge(dialog: QWidget) -> None:
        assert isinstance(dialog, ConflictDialog)
        assert {c.name for c in dialog.changes} == {"company", "title"}
        # Each side's change is kept by default: their company, my title.
        assert dialog.groups["company"].checkedId() == 2
        assert dialog.groups["title"].checkedId() == 1
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    seen = when_modal(qtbot, merge)
    detail.job_title.setFocus()
    detail.job_title.selectAll()
    qtbot.keyClicks(detail.job_title, "Chief Technology Officer")
    qtbot.keyClick(detail.job_title, Qt.Key.Key_Return)
    assert seen
    stored = detail.workspace.lead(lead.id or 0)
    assert (stored.company, stored.title) == ("Cobalt Labs Ltd", "Chief Technology Officer")
    assert detail.company.text() == "Cobalt Labs Ltd"


@pytest.fixture
def server_db(pg_databases: Databases) -> Iterator[tuple[Database, str]]:
    with pg_databases.fresh() as url:
        database = Database.open(url)
        yield database, url
        database.close()


def _accepting(url: str, accept: bool) -> None:
    name = make_url(url).database
    with admin(make_url(url).set(database="postgres")) as connection:
        connection.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(accept).lower()}")
        if not accept:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


def test_a_lost_server_keeps_the_edit_and_saves_on_retry(
    qtbot: QtBot, server_db: tuple[Database, str]
) -> None:
    database, url = server_db
    detail, lead = _pane(qtbot, database)
    messages: list[str] = []

    def retry(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        messages.append(box.text())
        assert detail.job_title.text() == "VP Engineering"  # still in the form
        _accepting(url, True)
        retry_button = box.button(QMessageBox.StandardButton.Retry)
        assert retry_button is not None
        qtbot.mouseClick(retry_button, Qt.MouseButton.LeftButton)

    _accepting(url, False)
    seen = when_modal(qtbot, retry)
    detail.job_title.setFocus()
    detail.job_title.selectAll()
    qtbot.keyClicks(detail.job_title, "VP Engineering")
    qtbot.keyClick(detail.job_title, Qt.Key.Key_Return)
    assert seen
    assert "lost the connection" in messages[0]
    assert detail.workspace.lead(lead.id or 0).title == "VP Engineering"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


def _fill(qtbot: QtBot, dialog: TeamDialog, url: str, password: str) -> None:
    parsed = make_url(url)
    for edit, text in (
        (dialog.host, parsed.host or ""),
        (dialog.database_name, parsed.database or ""),
        (dialog.user, parsed.username or ""),
        (dialog.password, password),
    ):
        edit.clear()
        qtbot.keyClicks(edit, text)
    dialog.port.setValue(parsed.port or 5432)


@pytest.mark.sqlite_only
def test_the_team_dialog_tests_and_remembers_a_connection(
    qtbot: QtBot, tmp_path: Path, pg_databases: Databases
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        with pg_databases.fresh() as url:
            dialog = TeamDialog(settings)
            qtbot.addWidget(dialog)
            _fill(qtbot, dialog, url, "s3cret")
            qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.status.text().startswith("Connected"), timeout=10_000)
            wait_for_background()
            # Remembered: the password in the keyring, the rest in settings.
            assert "s3cret" in memory.saved.values()
            assert "s3cret" not in (tmp_path / "settings.ini").read_text()
            again = TeamDialog(settings)
            qtbot.addWidget(again)
            assert again.password.text() == "s3cret"
            assert again.database_name.text() == make_url(url).database
            # No keyring: nothing remembered, the password is asked for.
            keyring.set_keyring(NoKeyring())
            third = TeamDialog(settings)
            qtbot.addWidget(third)
            assert third.password.text() == ""
            third.database_name.setText("no_such_database")
            qtbot.mouseClick(third.connect_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: "does not exist" in third.status.text(), timeout=10_000)
            wait_for_background()
            assert third.database is None
    finally:
        keyring.set_keyring(previous)


@pytest.mark.sqlite_only
def test_my_leads_shows_only_the_leads_i_own(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    from leaddesk.ui.main_window import MainWindow

    people = [Lead(first_name="Mine", owner=db.user), Lead(first_name="Hers", owner="maria")]
    with db.session() as session:
        store.insert_leads(session, people, region="US")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    wait_for_background()
    model = window.leads.model
    assert model.rowCount() == 2
    window.mine_action.trigger()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.data(model.index(0, 0)) == "Mine"
    window.mine_action.trigger()
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    wait_for_background()
