"""The import wizard: choose a file → confirm the header row → match the
columns → match source and stage values (when the file has such columns)
→ preview (read with the phone region chosen there) → duplicates
→ import (with progress and cancel) → report. Started from File ▸ Import…, the empty state's
"Import a file…" button, or by dropping a file on the window.

Also here: what the main window does with a dropped file and with "Show
imported leads", so the window itself only wires them up.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QPushButton, QWidget, QWizard

from leaddesk.transfer.file_values import value_columns
from leaddesk.transfer.readers import SUFFIXES

from leaddesk.ui.import_history import ImportHistoryDialog
from leaddesk.ui.import_mapping import MappingPage
from leaddesk.ui.import_options import OptionsPage
from leaddesk.ui.import_pages import FilePage, HeaderPage
from leaddesk.ui.import_preview import PreviewPage
from leaddesk.ui.import_report import ReportPage
from leaddesk.ui.import_run import ImportPage
from leaddesk.ui.import_state import PendingImport
from leaddesk.ui.import_values import ValuesPage
from leaddesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from leaddesk.ui.main_window import MainWindow

FILE, HEADER, MAPPING, VALUES, PREVIEW, OPTIONS, RUN, REPORT = range(8)


class ImportWizard(QWizard):
    open_lead = Signal(int)
    show_batch = Signal(int)

    def __init__(
        self, workspace: Workspace, path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import-wizard")
        self.setWindowTitle(self.tr("Import leads"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.state = PendingImport(workspace)
        self.file_page = FilePage(self.state)
        self.header_page = HeaderPage(self.state)
        self.mapping_page = MappingPage(self.state)
        self.values_page = ValuesPage(self.state)
        self.preview_page = PreviewPage(self.state)
        self.options_page = OptionsPage(self.state)
        self.run_page = ImportPage(self.state)
        self.report_page = ReportPage(self.state)
        for number, page in enumerate(
            (self.file_page, self.header_page, self.mapping_page, self.values_page,
             self.preview_page, self.options_page, self.run_page, self.report_page)
        ):  # fmt: skip
            self.setPage(number, page)
        self.run_page.imported.connect(lambda _: self.next())
        self.report_page.open_lead.connect(self.open_lead)
        self.preview_page.open_lead.connect(self.open_lead)
        self.report_page.show_batch.connect(self.show_batch)
        self._close_when_stopped = False
        self.run_page.stopped.connect(self._stopped)
        width = self.fontMetrics().averageCharWidth()
        self.resize(max(960, width * 150), max(640, self.fontMetrics().height() * 40))
        if path is not None:
            self.file_page.load(str(path))

    def nextId(self) -> int:
        # No source, stage or status column (or LeadDesk's own export): no
        # values to match.
        if self.currentId() == MAPPING and not value_columns(self.state.require_job()):
            return PREVIEW
        return super().nextId()

    def done(self, result: int) -> None:
        self.values_page.stop()
        self.preview_page.stop()
        self.state.set_job(None)
        super().done(result)

    def reject(self) -> None:
        # Closing while the import runs cancels it first: the database must
        # be back as it was before the wizard goes away.
        if self.run_page.running:
            self._close_when_stopped = True
            self.run_page.cancel()
            return
        super().reject()

    def _stopped(self) -> None:
        if self._close_when_stopped:
            super().reject()


def open_import_wizard(window: MainWindow, path: Path | None = None) -> ImportWizard:
    """Shows the wizard over the window (window-modal, not blocking)."""
    wizard = ImportWizard(window.workspace, path, window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open_lead.connect(window.open_lead_window)
    wizard.show_batch.connect(lambda batch: show_import(window, batch))
    wizard.open()
    return wizard


def open_import_history(window: MainWindow) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(window.workspace, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show_batch.connect(lambda batch: show_import(window, batch))
    dialog.open()
    return dialog


def show_import(window: MainWindow, batch: int) -> None:
    """Filters the lead table to one import, with a button in the status
    bar that shows every lead again."""
    leads = window.leads
    window.pages.setCurrentWidget(window.tabs)
    window.tabs.setCurrentWidget(leads)
    leads.model.set_query(replace(leads.query(), import_batch=batch))
    old = window.findChild(QPushButton, "show-all-leads")
    if old is not None:
        window.statusBar().removeWidget(old)
        old.deleteLater()
    button = QPushButton(window.tr("Showing one import — show all leads"))
    button.setObjectName("show-all-leads")
    button.setAccessibleName(window.tr("Show all leads"))
    button.setFlat(True)

    def show_all() -> None:
        leads.model.set_query(replace(leads.query(), import_batch=None))
        window.statusBar().removeWidget(button)
        button.deleteLater()

    button.clicked.connect(show_all)
    window.statusBar().addWidget(button)
    button.show()


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local file of a drop that LeadDesk can import, else None."""
    urls = [url for url in mime.urls() if url.isLocalFile()]
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in SUFFIXES and path.is_file() else None


def accept_drag(event: QDragEnterEvent) -> None:
    if dropped_file(event.mimeData()) is not None:
        event.acceptProposedAction()


def drop(window: MainWindow, event: QDropEvent) -> None:
    path = dropped_file(event.mimeData())
    if path is not None:
        event.acceptProposedAction()
        open_import_wizard(window, path)
