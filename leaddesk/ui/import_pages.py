"""The import wizard's first pages: choosing the file (and the sheet of a
workbook) and confirming the header row."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from shiboken6 import isValid

from leaddesk.transfer.encoding import CHOICES
from leaddesk.transfer.errors import UnreadableFile
from leaddesk.transfer.pipeline import ImportJob
from leaddesk.transfer.preview import column_samples, first_rows
from leaddesk.transfer.readers import SUFFIXES
from leaddesk.transfer.table import Row

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.import_state import PendingImport
from leaddesk.ui.palette import warning_color

TYPING_PAUSE_MS = 400
"""How long after the last key a typed path is read."""

SHOWN_ROWS = 12


def file_filter(tr: str) -> str:
    return f"{tr} ({' '.join('*' + s for s in SUFFIXES)})"


class FilePage(QWizardPage):
    """The file, and the sheet for a workbook with several."""

    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._task: Task | None = None
        self._requested: tuple[str, str | None, str | None] | None = None
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(
            self.tr("A spreadsheet (.xlsx, .xls, .ods), a CSV file or vCard contacts (.vcf).")
        )
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("File"))
        self.path.setPlaceholderText(self.tr("The file to import"))
        self.path.editingFinished.connect(self._path_entered)
        # A path typed or pasted is read once the typing pauses: Next is
        # not left greyed out waiting for an Enter nobody thinks to press.
        self._typed = QTimer(self)
        self._typed.setSingleShot(True)
        self._typed.setInterval(TYPING_PAUSE_MS)
        self._typed.timeout.connect(self._path_typed)
        self.path.textEdited.connect(self._typed.start)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setAccessibleName(self.tr("Browse for a file"))
        self.browse.clicked.connect(self._browse)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName(self.tr("Sheet"))
        self.sheet.currentTextChanged.connect(self._sheet_chosen)
        self.sheet_label = QLabel(self.tr("&Sheet:"))
        self.sheet_label.setBuddy(self.sheet)
        self.encoding = QComboBox()
        self.encoding.setAccessibleName(self.tr("Encoding"))
        self.encoding.addItem(self.tr("Found from the file"), "")
        for codec, name in CHOICES:
            self.encoding.addItem(name, codec)
        self.encoding.activated.connect(self._encoding_chosen)
        self.encoding_label = QLabel(self.tr("&Encoding:"))
        self.encoding_label.setBuddy(self.encoding)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("File status"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        label = QLabel(self.tr("&File:"))
        label.setBuddy(self.path)
        form.addRow(label, row)
        form.addRow(self.sheet_label, self.sheet)
        form.addRow(self.encoding_label, self.encoding)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._show_sheets([])
        self._show_encoding(None)
        self.setTabOrder(self.path, self.browse)
        self.setTabOrder(self.browse, self.sheet)
        self.setTabOrder(self.sheet, self.encoding)

    def _path_typed(self) -> None:
        path = self.path.text().strip()
        if Path(path).is_file() and (self._requested is None or path != self._requested[0]):
            self.load(path)  # a file being read (with its sheet chosen) is not read again

    def _path_entered(self) -> None:
        self._typed.stop()
        path = self.path.text().strip()
        if self._requested is None or path != self._requested[0]:
            self.load(path)  # focus leaving the field does not reread the file

    def _encoding_chosen(self, index: int) -> None:
        job = self.state.job
        if job is not None:
            self.load(str(job.path), job.sheet, str(self.encoding.itemData(index)) or None)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import leads"), self.path.text(), file_filter(self.tr("Lead files"))
        )
        if chosen:
            self.load(chosen)

    def _sheet_chosen(self, name: str) -> None:
        job = self.state.job
        if name and job is not None and name != job.sheet_name:
            self.load(str(job.path), name)

    def load(self, path: str, sheet: str | None = None, encoding: str | None = None) -> None:
        """Reads the file's header off the GUI thread (in ``encoding`` for
        a text file, when the user chose one)."""
        if not path or self._requested == (path, sheet, encoding):
            return  # focus leaving the field, with that file read or being read
        self._requested = (path, sheet, encoding)
        self.path.setText(path)
        self.state.set_job(None)
        self.status.setText(self.tr("Reading %1…").replace("%1", Path(path).name))
        self.status.setStyleSheet("")
        self.completeChanged.emit()
        if self._task is not None:
            self._task.cancel()

        def work(progress: Progress) -> tuple[ImportJob, list[Row], list[list[str]]]:
            job = ImportJob(path, sheet=sheet, encoding=encoding)
            return job, first_rows(job, job.header_row + SHOWN_ROWS), column_samples(job)

        def done(result: object) -> None:
            assert isinstance(result, tuple)
            job, head, samples = result
            if not isValid(self) or self.path.text() != path:
                job.close()
                return  # the user chose another file meanwhile
            self.state.set_job(job)
            self.state.head, self.state.samples = head, samples
            self._show_sheets(job.sheets, job.sheet_name)
            self._show_encoding(job)
            self.status.setText(self._describe(job))
            self.completeChanged.emit()

        def failed(error: BaseException, _details: str) -> None:
            if not isValid(self) or self.path.text() != path:
                return
            if isinstance(error, UnreadableFile):
                text = str(error)
            elif isinstance(error, OSError):
                text = self.tr("%1 cannot be read (%2).").replace("%1", Path(path).name)
                text = text.replace("%2", error.strerror or str(error))
            else:
                raise error
            self.status.setText(text)
            self.status.setStyleSheet(f"color: {warning_color().name()};")

        # Not parented to the page: the wizard may close while the file is
        # read, and the task must outlive it to finish cleanly.
        self._task = run_in_background(work, on_done=done, on_error=failed)

    def _show_sheets(self, sheets: list[str], current: str = "") -> None:
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(sheets)
        self.sheet.setCurrentText(current)
        self.sheet.blockSignals(False)
        for widget in (self.sheet, self.sheet_label):
            widget.setVisible(len(sheets) > 1)

    def _show_encoding(self, job: ImportJob | None) -> None:
        """The encoding list, for a text file: what was found, or chosen."""
        found = job.encoding if job is not None else None
        for widget in (self.encoding, self.encoding_label):
            widget.setVisible(found is not None)
        if found is None:
            return
        automatic = self.tr("Found from the file: %1").replace("%1", found.label)
        self.encoding.setItemText(
            0, automatic if not found.chosen else self.tr("Found from the file")
        )
        index = self.encoding.findData(found.codec) if found.chosen else 0
        self.encoding.setCurrentIndex(max(index, 0))

    def _describe(self, job: ImportJob) -> str:
        rows = job.expected_rows
        text = self.tr("%1 columns").replace("%1", str(len(job.headers)))
        if rows is not None:
            text = self.tr("About %1 rows, %2").replace("%1", f"{rows:,}").replace("%2", text)
        if job.sheet_name:
            text = self.tr("Sheet “%1”: %2").replace("%1", job.sheet_name).replace("%2", text)
        # The notes come from the layer below, in its sentences.
        return "\n".join([text + ".", *job.notes])

    def isComplete(self) -> bool:
        return self.state.job is not None


class HeaderPage(QWizardPage):
    """The first rows as they are in the file, the header row marked."""

    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Confirm the header row"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Header row"))
        self.model = QStandardItemModel(self)
        self.rows = QTableView()
        self.rows.setAccessibleName(self.tr("First rows of the file"))
        self.rows.setModel(self.model)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.rows.setWordWrap(False)
        self.rows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.rows.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows, 1)

    def initializePage(self) -> None:
        job = self.state.require_job()
        header = job.header_row
        raw = self.state.head
        width = max((len(cells) for _, cells in raw), default=0)
        self.model.clear()
        self.model.setColumnCount(width)
        self.model.setHorizontalHeaderLabels([_letter(i) for i in range(width)])
        bold = QFont(self.font())
        bold.setBold(True)
        grey = QBrush(self.palette().placeholderText())
        marked = QBrush(self.palette().highlight().color().lighter(185))
        italic = QFont(self.font())
        italic.setItalic(True)
        for number, cells in raw:
            items = [QStandardItem(cell) for cell in cells]
            items += [QStandardItem("") for _ in range(width - len(cells))]
            for item in items:
                if number == header:
                    item.setFont(bold)
                    item.setBackground(marked)
                elif number < header:
                    item.setForeground(grey)
                    item.setFont(italic)
            self.model.appendRow(items)
            label = QStandardItem(str(number))
            if number == header:
                label.setToolTip(self.tr("The header row"))
            elif number < header:
                label.setToolTip(self.tr("Skipped: not a lead"))
            self.model.setVerticalHeaderItem(self.model.rowCount() - 1, label)
        skipped = [n for n in job.preamble if n < header]
        text = self.tr("Row %1 holds the column names; the leads start below it.").replace(
            "%1", str(header)
        )
        if job.headerless:
            text = self.tr(
                "The file has no header row: every row is a lead, and the columns are "
                "matched by their content."
            )
        if skipped:
            text += " " + self.tr(
                "%n row(s) above it are not leads and will be skipped.", "", len(skipped)
            )
        self.summary.setText(text)
        self.rows.resizeColumnsToContents()
        limit = self.fontMetrics().averageCharWidth() * 28
        for column in range(width):
            self.rows.setColumnWidth(column, min(self.rows.columnWidth(column), limit))


def _letter(index: int) -> str:
    from leaddesk.transfer.mapping import column_letter

    return column_letter(index)
