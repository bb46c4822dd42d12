"""The Preferences dialog: the pages' names on the left, the page on the
right; OK checks every page, then saves them all at once (the database's
settings in one transaction, then the user's own)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from leaddesk.ui.palette import warning_color
from leaddesk.ui.preferences.page import PageContext, Personal, PreferencesPage, Stored, registered
from leaddesk.ui.preferences.personal import apply_personal
from leaddesk.ui.workspace import StoreFailure, Workspace


class PreferencesDialog(QDialog):
    saved = Signal()
    """Every page was saved."""

    def __init__(
        self, workspace: Workspace, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle(self.tr("Preferences"))
        self.workspace = workspace
        self.personal = Personal(settings)
        context = PageContext(workspace.database)
        self.pages: list[PreferencesPage] = []
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Preferences pages"))
        self.stack = QStackedWidget()
        for kind in registered():
            page = kind(context)
            page.finish()
            self.pages.append(page)
            self.stack.addWidget(page)
            self.list.addItem(QCoreApplication.translate("PreferencesPage", kind.TITLE))
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        width = max(
            self.list.fontMetrics().horizontalAdvance(self.list.item(i).text())
            for i in range(self.list.count())
        )
        self.list.setFixedWidth(width + self.list.fontMetrics().averageCharWidth() * 6)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.setStyleSheet(f"color: {warning_color().name()};")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.workspace.read(self._load)
        self.list.setCurrentRow(0)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.sizeHint().height())

    def _load(self, session: Session) -> None:
        stored = Stored(session, self.personal, self.workspace.database)
        for page in self.pages:
            page.load(stored)

    def page(self, name: str) -> PreferencesPage:
        return next(page for page in self.pages if name == page.NAME)

    def show_page(self, name: str) -> None:
        self.list.setCurrentRow(self.pages.index(self.page(name)))

    def accept(self) -> None:
        for page in self.pages:
            problem = page.check()
            if problem:
                self.show_page(page.NAME)
                self._say(problem)
                return
        database = self.workspace.database

        def save(session: Session) -> None:
            stored = Stored(session, self.personal, database)
            for page in self.pages:
                page.save(stored)

        try:
            self.workspace.write(save)
        except (StoreFailure, ValueError) as error:
            self._say(str(error))
            return
        self.personal.commit()
        apply_personal(self.personal.settings, database)
        self.saved.emit()
        # Views read the database's settings as they refresh (the SAL
        # service level marks rows, the region checks typed numbers).
        self.workspace.changed.emit(None)
        super().accept()

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.show()


def open_preferences(
    workspace: Workspace, settings: QSettings, parent: QWidget | None = None, page: str = ""
) -> PreferencesDialog:
    """Shows the dialog (window-modal, not blocking), on ``page`` if named."""
    dialog = PreferencesDialog(workspace, settings, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if page:
        dialog.show_page(page)
    dialog.open()
    return dialog
