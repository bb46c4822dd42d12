"""Past imports and reverting one: the Import history dialog (file, when,
counts, Revert), the undo-stack command an import leaves behind so Ctrl+Z
right after an import reverts it, and the one question both ask first (how
many leads change, how many were edited since the import)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.clock import to_local, utcnow
from leaddesk.store.imports import AlreadyReverted, BatchSummary, list_batches, revert_batch
from leaddesk.transfer.history import revert_preview

from leaddesk.ui.list_model import AnyIndex, ListTableModel
from leaddesk.ui.workspace import StoreFailure, Workspace

BATCH_ROLE = Qt.ItemDataRole.UserRole + 1
"""The import batch id of a row."""


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("ImportHistory", text, disambiguation, n)


def revert(workspace: Workspace, batch_id: int) -> str | None:
    """Reverts an import; returns a sentence saying what changed, or None
    when it could not be done (the reason went to ``workspace.failed``)."""
    try:
        result = workspace.write(lambda s: revert_batch(s, batch_id, now=utcnow()))
    except AlreadyReverted:
        workspace.failed.emit(tr("That import was reverted already."))
        return None
    except StoreFailure as failure:
        workspace.failed.emit(str(failure))
        return None
    finally:
        workspace.changed.emit(None)
    text = (
        tr("Import reverted: %n new lead(s) moved to the trash", "", result.trashed)
        + ", "
        + tr("%n merged lead(s) restored.", "", result.restored)
    )
    if result.kept:
        text += " " + tr(
            "%n lead(s) edited since the import kept their edits.", "", len(result.kept)
        )
    return text


def confirm_revert(parent: QWidget, workspace: Workspace, batch_id: int, file_name: str) -> bool:
    """Asks whether to revert an import, saying what would change and how
    many of its leads were edited since; True to go ahead. The one question
    History ▸ Revert and Undo both ask."""
    preview = workspace.read(lambda s: revert_preview(s, batch_id))
    question = (
        tr("Revert the import of %1?").replace("%1", Path(file_name).name)
        + "\n\n"
        + tr("%n lead(s) will change:", "", preview.total)
        + "\n• "
        + tr("%n new lead(s) will move to the trash", "", preview.trashed)
        + "\n• "
        + tr("%n merged lead(s) will get their earlier values back", "", preview.restored)
        + "\n\n"
    )
    if not preview.edited:
        question += tr("No lead was edited since the import.")
    else:
        question += tr("Edited since the import: %n lead(s).", "", preview.edited)
        if preview.edited_new:
            question += "\n• " + tr(
                "%n new lead(s) will go to the trash with their edits", "", preview.edited_new
            )
        if preview.kept:
            question += "\n• " + tr(
                "%n merged lead(s) will keep their edits and not be reverted", "", preview.kept
            )
    answer = QMessageBox.question(
        parent,
        tr("Revert import"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class RevertImport(QUndoCommand):
    """Pushed once an import is written (it is already done, so the first
    redo does nothing); undoing it reverts the import. A revert cannot be
    redone (that would be importing the file again), so the command then
    leaves the stack."""

    def __init__(self, workspace: Workspace, batch_id: int, file_name: str) -> None:
        super().__init__(tr("import of %1").replace("%1", Path(file_name).name))
        self.workspace = workspace
        self.batch_id = batch_id
        self.file_name = file_name

    def ask_before_undo(self, parent: QWidget) -> bool:
        """Undo asks first (see :mod:`leaddesk.ui.undo_action`)."""
        return confirm_revert(parent, self.workspace, self.batch_id, self.file_name)

    def redo(self) -> None:
        pass

    def undo(self) -> None:
        revert(self.workspace, self.batch_id)
        self.setObsolete(True)


class HistoryModel(ListTableModel[BatchSummary]):
    HEADERS = ("File", "When", "Rows", "Created", "Merged", "Skipped", "Needs review",
               "Rejected", "State")  # fmt: skip
    CONTEXT = "ImportHistory"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        batch = self.items[index.row()]
        column = index.column()
        if role == BATCH_ROLE:
            return batch.id
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return batch.file_name
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return Path(batch.file_name).name
        if column == 1:
            return to_local(batch.started_at).strftime("%d %b %Y %H:%M")
        if column == 8:
            if batch.reverted_at is None:
                return tr("Imported")
            return tr("Reverted %1").replace("%1", to_local(batch.reverted_at).strftime("%d %b"))
        counts = (batch.rows, batch.created, batch.merged, batch.skipped, batch.needs_review,
                  batch.rejected)  # fmt: skip
        return f"{counts[column - 2]:,}"


class ImportHistoryDialog(QDialog):
    show_batch = Signal(int)
    """The user asked to see the leads of an import."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("import-history")
        self.setWindowTitle(self.tr("Import history"))
        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Past imports"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _: self._show())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Import history status"))
        self.revert_button = QPushButton(self.tr("&Revert…"))
        self.revert_button.setAccessibleName(self.tr("Revert the selected import"))
        self.revert_button.clicked.connect(self.revert_selected)
        self.show_button = QPushButton(self.tr("&Show its leads"))
        self.show_button.clicked.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.resize(self.fontMetrics().averageCharWidth() * 140, self.fontMetrics().height() * 24)
        self.reload()

    def reload(self) -> None:
        self.model.set_items(self.workspace.read(list_batches))
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.status.setText(self.tr("No imports yet."))
        self._update_buttons()

    def selected(self) -> BatchSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        batch = self.selected()
        self.revert_button.setEnabled(batch is not None and batch.reverted_at is None)
        self.show_button.setEnabled(batch is not None and batch.reverted_at is None)

    def _show(self) -> None:
        batch = self.selected()
        if batch is not None:
            self.show_batch.emit(batch.id)

    def revert_selected(self) -> None:
        batch = self.selected()
        if batch is None or batch.reverted_at is not None:
            return
        if not confirm_revert(self, self.workspace, batch.id, batch.file_name):
            return
        text = revert(self.workspace, batch.id)
        self.reload()
        if text:
            self.status.setText(text)
