"""The preview page: the first rows of the file as the leads they will
become under the chosen mapping, each marked with what the import will
say about it (bad email, bad phone, needs review, rejected, duplicate)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from shiboken6 import isValid

from leaddesk.store.database import DatabaseError
from leaddesk.transfer.errors import UnreadableFile
from leaddesk.transfer.preview import Mark, PreviewRow, preview_leads

from leaddesk.ui.background import Progress, run_in_background
from leaddesk.ui.import_state import PendingImport
from leaddesk.ui.list_model import AnyIndex, ListTableModel
from leaddesk.ui.palette import warning_color

MARKS_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's marks, as a tuple of :class:`Mark` values."""
PREVIEW_ROWS = 20


def mark_text(row: PreviewRow) -> str:
    def tr(text: str) -> str:
        return QCoreApplication.translate("Preview", text)

    parts = []
    for mark in row.marks:
        if mark is Mark.BAD_EMAIL:
            parts.append(tr("Bad email"))
        elif mark is Mark.BAD_PHONE:
            parts.append(tr("Bad phone"))
        elif mark is Mark.NEEDS_REVIEW:
            parts.append(tr("Needs review"))
        elif mark is Mark.REJECTED:
            parts.append(tr("Rejected"))
        elif mark is Mark.DUPLICATE_LEAD:
            parts.append(tr("Duplicate of an existing lead") + _how(row.matched_by))
        elif mark is Mark.DUPLICATE_ROW:
            text = tr("Duplicate of row %1").replace("%1", str(row.duplicate_of_row))
            parts.append(text + _how(row.matched_by))
    return " · ".join(parts) if parts else tr("OK")


def _how(matched_by: str) -> str:
    how = {
        "email": QCoreApplication.translate("Preview", "same email"),
        "phone": QCoreApplication.translate("Preview", "same phone"),
        "name": QCoreApplication.translate("Preview", "similar name, same company"),
    }.get(matched_by)
    return f" ({how})" if how else ""


class PreviewModel(ListTableModel[PreviewRow]):
    HEADERS = ("Row", "Name", "Company", "Email", "Phone", "Import says")
    CONTEXT = "Preview"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.items[index.row()]
        column = index.column()
        if role == MARKS_ROLE:
            return tuple(mark.value for mark in row.marks)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row.row)
            if column == len(self.HEADERS) - 1:
                return mark_text(row)
            lead = row.lead
            if lead is None:
                return ""
            return (lead.name, lead.company, lead.email, lead.phone)[column - 1]
        if role == Qt.ItemDataRole.ForegroundRole and column == len(self.HEADERS) - 1 and row.marks:
            return warning_color()
        if role == Qt.ItemDataRole.ToolTipRole and row.problems:
            return "\n".join(
                (f"{p.field}: “{p.value}” — " if p.field else "") + p.message for p in row.problems
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PreviewPage(QWizardPage):
    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(
            self.tr("The first rows as they will be imported. Rows with a bad email or phone are "
                    "still imported, kept as typed and marked “needs review”.")
        )  # fmt: skip
        self._generation = 0
        self._ready = False
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Preview summary"))
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("preview-table")
        self.table.setAccessibleName(self.tr("Preview of the first rows"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        """Converts the first rows off the GUI thread (a large workbook takes
        a second to open); the page is complete once they are shown."""
        job = self.state.require_job()
        database, region = self.state.workspace.database, self.state.region or None
        self._generation += 1
        generation = self._generation
        self.model.set_items([])
        self._ready = False
        self.summary.setText(self.tr("Reading the first rows…"))
        self.completeChanged.emit()

        def work(progress: Progress) -> list[PreviewRow]:
            return preview_leads(job, database, region, PREVIEW_ROWS)

        def done(rows: object) -> None:
            if isValid(self) and generation == self._generation and isinstance(rows, list):
                self._show(rows)

        def failed(error: BaseException, _details: str) -> None:
            if not isinstance(error, UnreadableFile | DatabaseError | OSError):
                raise error
            if isValid(self) and generation == self._generation:
                self.summary.setText(str(error))

        run_in_background(work, on_done=done, on_error=failed)

    def isComplete(self) -> bool:
        return self._ready

    def _show(self, rows: list[PreviewRow]) -> None:
        self.model.set_items(rows)
        self._ready = True
        self.completeChanged.emit()
        marked = sum(1 for row in rows if row.marks)
        self.summary.setText(
            self.tr("%1 of the first %2 rows have something to check (hover a row for details).")
            .replace("%1", str(marked))
            .replace("%2", str(len(rows)))
            if marked
            else self.tr("The first %1 rows look fine.").replace("%1", str(len(rows)))
        )
        self.table.resizeColumnsToContents()
        limit = self.fontMetrics().averageCharWidth() * 30
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), limit) + 12)
