"""Connect to a team database: a PostgreSQL server the whole team shares.

The dialog tests the connection before it is used and remembers it for next
time: server, port, database and user in the settings, the password in the
system keyring (never in plain settings). Where no keyring works, the
password is asked for each time instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from leaddesk.store.database import Database, DatabaseError

from leaddesk.ui.background import Task, run_in_background
from leaddesk.ui.lifetime import run_modal

KEYRING_SERVICE = "LeadDesk team database"
SETTINGS_GROUP = "team"


def _account(url: URL) -> str:
    return f"{url.username}@{url.host}:{url.port}/{url.database}"


def stored_password(url: URL) -> str | None:
    """The remembered password, or None (none kept, or no keyring works)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, _account(url))
    except Exception:  # any keyring backend failure means "not remembered"
        return None


def remember_password(url: URL, password: str) -> bool:
    """Keeps the password in the system keyring; False where there is none."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _account(url), password)
    except Exception:  # no usable keyring: the password is asked for next time
        return False
    return True


class TeamDialog(QDialog):
    """Server, database, user and password; Test, then Connect."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.database: Database | None = None
        self._task: Task | None = None
        self.setWindowTitle(self.tr("Connect to a team database"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A PostgreSQL server your team shares. Ask whoever set it up for these "
                "details; the README explains how to set one up."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = self._line(form, self.tr("Server"), "localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.port.setAccessibleName(self.tr("Port"))
        form.addRow(self.tr("Port"), self.port)
        self.database_name = self._line(form, self.tr("Database"), "leaddesk")
        self.user = self._line(form, self.tr("User"), "")
        self.password = self._line(form, self.tr("Password"), "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"))
        self.remember.setAccessibleName(self.remember.text())
        self.remember.setChecked(True)
        form.addRow("", self.remember)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Connection status"))
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.test_button = QPushButton(self.tr("Test connection"))
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setDefault(True)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.test_button.clicked.connect(lambda: self._try(connect=False))
        self.connect_button.clicked.connect(lambda: self._try(connect=True))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._load()
        self.setMinimumWidth(460)

    def _line(self, form: QFormLayout, label: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        form.addRow(label, edit)
        return edit

    def url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user.text().strip() or None,
            password=self.password.text() or None,
            host=self.host.text().strip() or "localhost",
            port=self.port.value(),
            database=self.database_name.text().strip() or "leaddesk",
        )

    def _load(self) -> None:
        self.settings.beginGroup(SETTINGS_GROUP)
        try:
            for edit, key in ((self.host, "host"), (self.database_name, "database")):
                edit.setText(str(self.settings.value(key, "")))
            self.user.setText(str(self.settings.value("user", "")))
            self.port.setValue(int(str(self.settings.value("port", 5432))))
        finally:
            self.settings.endGroup()
        if self.user.text():
            password = stored_password(self.url())
            if password is not None:
                self.password.setText(password)

    def _save(self) -> None:
        url = self.url()
        self.settings.beginGroup(SETTINGS_GROUP)
        for key, value in (("host", url.host), ("port", url.port), ("database", url.database)):
            self.settings.setValue(key, value)
        self.settings.setValue("user", url.username or "")
        self.settings.endGroup()
        self.settings.sync()  # on disk now, not at the next turn of the event loop
        keep = self.remember.isChecked() and bool(self.password.text())
        if keep and not remember_password(url, self.password.text()):
            self.status.setText(
                self.tr("No system keyring is available: LeadDesk will ask for the "
                        "password next time.")
            )  # fmt: skip

    def _try(self, *, connect: bool) -> None:
        if self._task is not None:
            return
        url = self.url().render_as_string(hide_password=False)
        self.status.setText(self.tr("Connecting…"))
        self._busy(True)

        def work(_progress: Any) -> Database:
            return Database.open(url)

        def done(database: object) -> None:
            assert isinstance(database, Database)
            self._task = None
            self._busy(False)
            self._save()
            if not connect:
                database.close()
                if not self.status.text().startswith(self.tr("No system keyring")):
                    self.status.setText(self.tr("Connected: this database is ready to use."))
                return
            self.database = database
            self.accept()

        def failed(error: BaseException, _details: str) -> None:
            self._task = None
            self._busy(False)
            if isinstance(error, DatabaseError):
                self.status.setText(str(error))
            else:
                self.status.setText(self.tr("LeadDesk could not connect: %1").replace(
                    "%1", str(error)))  # fmt: skip

        self._task = run_in_background(work, on_done=done, on_error=failed, parent=self)

    def _busy(self, busy: bool) -> None:
        for button in (self.test_button, self.connect_button):
            button.setEnabled(not busy)


def ask_for_team_database(parent: QWidget, settings: QSettings) -> Database | None:
    """Asks for a team database and opens it; None when the user cancelled.
    The caller shows it (the main window switches to it in place)."""
    dialog = TeamDialog(settings, parent)
    if run_modal(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.database
