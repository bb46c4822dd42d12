"""The phone region at the first start on a database: the country of the
system's locale, or, on a machine whose locale names none (C, POSIX), the
user's answer, asked before anything is typed or imported."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.contact import DEFAULT_REGION
from leaddesk.store import settings
from leaddesk.store.database import Database
from leaddesk.store.queries import any_leads

from leaddesk.ui.region_box import RegionBox, system_region


class RegionQuestion(QDialog):
    """Which country phone numbers without a country code are from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first-region")
        self.setWindowTitle(self.tr("Phone numbers"))
        question = QLabel(self.tr("Which country are your phone numbers from?"))
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        text = QLabel(
            self.tr(
                "LeadDesk reads a number written without its country code, such as "
                "“06 12 34 56 78”, as a number of this country. Your computer does not say "
                "which country it is in. You can change this later in Preferences."
            )
        )
        text.setWordWrap(True)
        self.region = RegionBox()
        self.region.set_region(DEFAULT_REGION)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(text)
        layout.addWidget(self.region)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)


def choose_region(
    database: Database, parent: QWidget | None = None, locale: QLocale | None = None
) -> RegionQuestion | None:
    """Stores the locale's country as the region of a database that has
    none yet. When the locale names no country and the database is still
    empty, opens the question (window-modal over ``parent``, not blocking)
    and returns it; the answer is stored when given, asked again at the
    next start when not."""
    try:
        with database.read() as session:
            if settings.has_phone_region(session):
                return None
            empty = not any_leads(session)
        code = system_region(locale)
        if code is not None:
            _store(database, code)
            return None
    except DBAPIError:
        return None  # a database that cannot be read says so as the window opens
    if not empty:
        # Numbers are in already, read with the default region; the
        # Preferences dialog shows it and changes it.
        return None
    question = RegionQuestion(parent)
    question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    question.accepted.connect(lambda: _store(database, question.region.region()))
    question.open()
    return question


def _store(database: Database, code: str) -> None:
    try:
        with database.session() as session:
            settings.set_phone_region(session, code)
    except DBAPIError:
        pass  # read-only: the window says so at the first edit
