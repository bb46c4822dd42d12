"""Fixtures for window tests: a real database with known leads, settings in
a temporary file, and a way to answer the modal dialogs a test triggers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.lead import Lead
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads

from leaddesk.ui import collector, wheel_guard
from leaddesk.ui.background import wait_for_background
from leaddesk.ui.main_window import MainWindow
from leaddesk.ui.translation import install_translators

PEOPLE = [
    Lead(first_name="Chloé", last_name="Dubois", company="Lumière SARL", email="chloe@lumiere.fr",
         phone="+33 6 12 34 56 78", source="referral", bant=Bant(*[Answer.YES] * 4)),
    Lead(first_name="Jürgen", last_name="Müller", company="Nordwind GmbH", email="jm@nordwind.de",
         phone="+49 151 23456789", source="linkedin", bant=Bant(budget=Answer.YES)),
    Lead(first_name="Ana", last_name="Ruiz", company="Cobalt Labs", email="ana@cobalt.es",
         phone="+1 415 555 2671", source="cold_call"),
    Lead(first_name="Chris", last_name="Dunn", company="Cobalt Labs", email="chris@cobalt",
         source="website_form"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def translators(qapp: QApplication) -> None:
    install_translators(qapp)
    # As the application does: cycles collected on the GUI thread only.
    collector.install(qapp)
    # As the application does: the wheel scrolls, it never changes a field.
    wheel_guard.install(qapp)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def people(db: Database) -> Database:
    with db.session() as session:
        insert_leads(session, PEOPLE, region="US")
    return db


@pytest.fixture
def window(qtbot: QtBot, people: Database, settings: QSettings) -> Iterator[MainWindow]:
    main = MainWindow(people, settings)
    qtbot.addWidget(main)
    activate(qtbot, main)
    wait_for_background()
    yield main
    wait_for_background()


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Shows a window and makes it the active one, so its shortcuts work."""
    window.show()
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    if handle is not None:
        handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def resize_window(qtbot: QtBot, window: QWidget, width: int, height: int) -> None:
    """Resizes a shown window. The offscreen screen is 800x800: just after
    a window is shown the platform may still fit it to that screen, after
    this resize, so it is resized until it keeps the size."""
    for _ in range(20):
        window.resize(width, height)
        qtbot.wait(30)
        if window.size().toTuple() == (width, height):
            break
    assert window.size().toTuple() == (width, height)


def names(window: MainWindow) -> list[str]:
    model = window.leads.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def when_modal(qtbot: QtBot, act: Callable[[QWidget], None]) -> list[QWidget]:
    """Runs ``act`` on the next modal dialog once it shows; the list gets
    the dialog so the test can check it appeared."""
    seen: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        try:
            act(dialog)
        finally:
            # A failed step must not leave a modal dialog blocking the test.
            if dialog.isVisible() and isinstance(dialog, QDialog):
                dialog.done(QDialog.DialogCode.Rejected)  # no question asked on the way

    QTimer.singleShot(0, poll)
    return seen
