"""The window and database errors: a file it cannot open is said on
stderr with exit status 1 (no dialog waiting for someone to close it), and
an error the database reports while the window runs is its one sentence,
never raw SQL."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import DatabaseError as SQLDatabaseError

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from leaddesk.store.database import Database
from tests.store.test_refused_files import damage
from tests.ui.conftest import when_modal

from leaddesk.ui import errors
from leaddesk.ui.main_window import MainWindow


def _window_process(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    return subprocess.run(
        [sys.executable, "-m", "leaddesk", *args],
        capture_output=True,
        text=True,
        timeout=60,  # a dialog waiting for a click would wait for ever
        env=environment,
        check=False,
    )


def test_a_damaged_file_given_to_the_window_is_said_on_stderr_and_exits_1(
    tmp_path: Path,
) -> None:
    path = tmp_path / "leads.db"
    Database.open(str(path)).close()
    damage(path, "leads")
    data = path.read_bytes()
    result = _window_process(tmp_path, "--db", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"leaddesk: {path} is damaged; LeadDesk has not changed it.")
    assert result.stderr.count("\n") == 1, result.stderr
    assert path.read_bytes() == data


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "leaddesk.log"
    monkeypatch.setattr(errors, "log_file", lambda: path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield path
    for handler in list(errors.log.handlers):
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            errors.log.removeHandler(handler)
            handler.close()


@pytest.mark.qt_no_exception_capture
def test_a_damaged_page_found_while_the_window_reads_is_one_sentence(
    window: MainWindow,
    qtbot: QtBot,
    log_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    errors.install_error_handler()
    monkeypatch.setattr(errors, "database_name", "/home/ana/leads.db")
    shown: dict[str, str] = {}

    def look(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        shown["text"] = box.text()
        box.accept()

    def read_a_damaged_page() -> None:
        # What SQLAlchemy raises when SQLite meets a damaged page.
        raise SQLDatabaseError(
            "SELECT leads.id, leads.first_name FROM leads LIMIT ? OFFSET ?",
            (100, 0),
            sqlite3.DatabaseError("database disk image is malformed"),
        )

    seen = when_modal(qtbot, look)
    QTimer.singleShot(0, read_a_damaged_page)
    qtbot.waitUntil(lambda: bool(seen) and "text" in shown)
    first = shown["text"].split("\n")[0]
    assert first == "/home/ana/leads.db is damaged; LeadDesk has not changed it. " + (
        "Restore it from a backup copy."
    )
    assert "SELECT" not in shown["text"] and "Something went wrong" not in shown["text"]
    assert capfd.readouterr().err.startswith(f"leaddesk: {first}\n")
    assert window.isVisible()
