"""File ▸ Export…: the leads the table shows (filters and search applied)
or all leads, to .xlsx or .csv, written off the GUI thread with progress
and cancel; when done the status bar offers to open the folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from leaddesk.store.database import DatabaseError
from leaddesk.store.queries import LeadQuery, count_leads
from leaddesk.transfer.errors import ImportCancelled, UnsupportedFormat
from leaddesk.transfer.export import export_leads

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.palette import warning_color
from leaddesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from leaddesk.ui.main_window import MainWindow

FORMATS = (
    (".xlsx", "comma", "Excel workbook (.xlsx)"),
    (".csv", "comma", "CSV, UTF-8 (.csv)"),
    (".csv", "semicolon", "CSV with semicolons, for Excel in most of Europe (.csv)"),
)
"""Suffix, CSV dialect (see leaddesk.transfer.export.CSV_DIALECTS), label."""
DIALECT_ROLE = Qt.ItemDataRole.UserRole + 1


class ExportDialog(QDialog):
    def __init__(
        self, workspace: Workspace, shown: LeadQuery, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.shown_query = shown
        self.task: Task | None = None
        self.count_task: Task | None = None
        self.exported: tuple[Path, int] | None = None
        self.setObjectName("export-dialog")
        self.setWindowTitle(self.tr("Export leads"))
        self.shown = QRadioButton(self.tr("The leads the table shows"))
        self.all = QRadioButton(self.tr("All leads"))
        for button in (self.shown, self.all):
            button.setAccessibleName(button.text())
        group = QButtonGroup(self)
        group.addButton(self.shown)
        group.addButton(self.all)
        self.shown.setChecked(shown.is_filtered() or shown.trash or bool(shown.search.strip()))
        self.all.setChecked(not self.shown.isChecked())
        self.format = QComboBox()
        self.format.setAccessibleName(self.tr("Format"))
        for suffix, dialect, label in FORMATS:
            self.format.addItem(self.tr(label), suffix)
            self.format.setItemData(self.format.count() - 1, dialect, DIALECT_ROLE)
        self.format.currentIndexChanged.connect(self._format_changed)
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        place = Path(folder) if folder and Path(folder).is_dir() else Path.home()
        self.path = QLineEdit(str(place / "leads.xlsx"))
        self.path.setAccessibleName(self.tr("Export to file"))
        self.path.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        browse = QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Choose where to save"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        which = QVBoxLayout()
        which.addWidget(self.shown)
        which.addWidget(self.all)
        form = QFormLayout()
        form.addRow(self.tr("Export:"), which)
        form.addRow(self.tr("Format:"), self.format)
        form.addRow(self.tr("File:"), file_row)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Export progress"))
        self.bar.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Export status"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.shown, self.all)
        self.setTabOrder(self.all, self.format)
        self.setTabOrder(self.format, self.path)
        self.setTabOrder(self.path, browse)
        self._count()

    def query(self) -> LeadQuery:
        return self.shown_query if self.shown.isChecked() else LeadQuery()

    def _count(self) -> None:
        shown, database = self.shown_query, self.workspace.database

        def work(progress: Progress) -> tuple[int, int]:
            with database.read() as session:
                return count_leads(session, shown), count_leads(session, LeadQuery())

        def done(counts: object) -> None:
            assert isinstance(counts, tuple)
            if not isValid(self):
                return  # closed before the count came
            self.shown.setText(
                self.tr(
                    "The %n lead(s) the table shows (filters and search applied)", "", counts[0]
                )
            )
            self.all.setText(self.tr("All %n lead(s)", "", counts[1]))

        self.count_task = run_in_background(work, on_done=done)

    def _format_changed(self) -> None:
        suffix = str(self.format.currentData())
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(suffix)))

    def _browse(self) -> None:
        suffix = str(self.format.currentData())
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export leads"),
            self.path.text(),
            f"{self.format.currentText()} (*{suffix})",
        )
        if chosen:
            self.path.setText(str(Path(chosen).with_suffix(suffix)))

    def start(self) -> None:
        if self.task is not None and self.task.running:
            return
        text = self.path.text().strip()
        if not text:
            self._say(self.tr("Choose a file to export to."), problem=True)
            return
        path = Path(text).expanduser()
        if path.suffix.lower() != str(self.format.currentData()):
            path = path.with_suffix(str(self.format.currentData()))
        database, query = self.workspace.database, self.query()
        dialect = str(self.format.currentData(DIALECT_ROLE))

        def work(progress: Progress) -> int:
            return export_leads(
                database, path, query,
                progress=lambda done, total: progress(done, total),
                cancelled=lambda: progress.cancelled,
                csv_dialect=dialect,
            )  # fmt: skip

        def done(count: object) -> None:
            self.exported = (path, int(count) if isinstance(count, int) else 0)
            self.accept()

        def failed(error: BaseException, _details: str) -> None:
            self._idle()
            if isinstance(error, ImportCancelled):
                self._cancelled()
            elif isinstance(error, UnsupportedFormat | DatabaseError):
                self._say(str(error), problem=True)
            elif isinstance(error, OSError):
                self._say(
                    self.tr("%1 cannot be written (%2).")
                    .replace("%1", str(path))
                    .replace("%2", error.strerror or str(error)),
                    problem=True,
                )
            else:
                raise error

        self.export_button.setEnabled(False)
        self.bar.setRange(0, 0)
        self.bar.show()
        self._say(self.tr("Exporting…"), problem=False)
        self.task = run_in_background(
            work, on_done=done, on_error=failed, on_cancel=self._cancelled, parent=self
        )
        self.task.progressed.connect(self._progressed)

    def _progressed(self, done: int, total: int, _message: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _idle(self) -> None:
        self.export_button.setEnabled(True)
        self.bar.hide()

    def _cancelled(self) -> None:
        self._idle()
        self._say(self.tr("Export cancelled; no file was written."), problem=False)

    def _say(self, text: str, *, problem: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {warning_color().name()};" if problem else "")

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()  # the dialog stays until the partial file is gone
            return
        super().reject()


def open_export_dialog(window: MainWindow) -> ExportDialog:
    dialog = ExportDialog(window.workspace, window.leads.model.query, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: offer_folder(window, dialog.exported))
    dialog.open()
    return dialog


def offer_folder(window: MainWindow, exported: tuple[Path, int] | None) -> None:
    """A status bar message with an "Open folder" button."""
    if exported is None:
        return
    path, count = exported
    bar = window.statusBar()
    old = window.findChild(QPushButton, "open-export-folder")
    if old is not None:
        bar.removeWidget(old)
        old.deleteLater()
    bar.showMessage(
        window.tr("Exported %n lead(s) to %1.", "", count).replace("%1", path.name), 15_000
    )
    button = QPushButton(window.tr("Open folder"))
    button.setObjectName("open-export-folder")
    button.setAccessibleName(window.tr("Open the export's folder"))
    button.setProperty("folder", str(path.parent))
    button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
    bar.addPermanentWidget(button)
    button.show()
