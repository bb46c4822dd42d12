"""The import wizard's values page: each value of the file's Source, Stage
and Lead status columns, how many rows hold it, and what it becomes — a
LeadDesk source or stage, or kept as given — with a list to choose
otherwise. Values that need a look (they map to nothing, or say more than
what they map to) come first. The whole file is read for them off the GUI
thread; the choices go into the job's mapping, so the preview and the
import take them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from shiboken6 import isValid

from leaddesk.transfer.errors import UnreadableFile
from leaddesk.transfer.fields import Field
from leaddesk.transfer.file_values import FileValue, FileValues, file_values
from leaddesk.transfer.mapped_values import KEEP, choice_labels

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.import_state import PendingImport
from leaddesk.ui.list_model import AnyIndex, ListTableModel
from leaddesk.ui.palette import warning_color

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1
"""What the value becomes: a source key, a stage's value, or "" (as given)."""
FIELD_ROLE = Qt.ItemDataRole.UserRole + 2
"""The column's :class:`Field` value."""
COLUMN, VALUE, ROWS, BECOMES = range(4)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportValues", text)


def choice_text(target: Field, choice: str) -> str:
    if choice == KEEP:
        if target is Field.SOURCE:
            return _tr("Kept as given, as the source")
        return _tr("Kept as given, stage unchanged")
    labels = dict(choice_labels(target))
    return QCoreApplication.translate("Choice", labels.get(choice, choice))


class ValuesModel(ListTableModel[FileValue]):
    HEADERS = ("Column", "Value in the file", "Rows", "Becomes")
    CONTEXT = "ImportValues"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices: list[str] = []

    def set_values(self, values: list[FileValue]) -> None:
        self.choices = [value.proposal.target for value in values]
        self.set_items(values)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == BECOMES:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.items[index.row()]
        choice = self.choices[index.row()]
        if role == CHOICE_ROLE:
            return choice
        if role == FIELD_ROLE:
            return value.target.value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            column = index.column()
            if column == COLUMN:
                return value.header
            if column == VALUE:
                return value.text
            if column == ROWS:
                return f"{value.rows:,}"
            text = choice_text(value.target, choice)
            if choice != KEEP and not (choice == value.proposal.target and value.proposal.plain):
                text = self.tr("%1, and the value kept as given").replace("%1", text)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == ROWS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == BECOMES:
            return self._explain(value, choice)
        return None

    def _explain(self, value: FileValue, choice: str) -> str:
        if choice == KEEP:
            if value.target is Field.SOURCE:
                return self.tr("The lead's source is this text, as written.")
            return self.tr("Kept in the custom field “%1”; the stage is not changed.").replace(
                "%1", value.header
            )
        if choice == value.proposal.target and value.proposal.plain:
            return self.tr("This is a name LeadDesk knows for it.")
        return self.tr("The value says more: it is also kept in the custom field “%1”.").replace(
            "%1", value.header
        )

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != BECOMES or role != Qt.ItemDataRole.EditRole:
            return False
        choice = str(value)
        if choice == self.choices[index.row()]:
            return False
        self.choices[index.row()] = choice
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, CHOICE_ROLE])
        return True

    def chosen(self) -> dict[str, dict[str, str]]:
        """The choices by field and value, as the mapping takes them."""
        result: dict[str, dict[str, str]] = {}
        for value, choice in zip(self.items, self.choices, strict=True):
            result.setdefault(value.target.value, {})[value.key] = choice
        return result


class ChoiceDelegate(QStyledItemDelegate):
    """The "Becomes" cell: drawn as a closed list, a list when edited."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        box = QStyleOptionComboBox()
        box.rect = option.rect.adjusted(2, 2, -2, -2)
        box.state = option.state | QStyle.StateFlag.State_Enabled
        box.currentText = str(index.data())
        box.palette = option.palette
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, box, painter, option.widget)
        style.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, box, painter, option.widget)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        target = Field(index.data(FIELD_ROLE))
        editor = QComboBox(parent)
        editor.setAccessibleName(
            self.tr("What “%1” becomes").replace(
                "%1", str(index.sibling(index.row(), VALUE).data())
            )
        )
        for choice, _label in [*choice_labels(target), (KEEP, "")]:
            editor.addItem(choice_text(target, choice), choice)
        editor.currentIndexChanged.connect(lambda _: self.commitData.emit(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(CHOICE_ROLE))
        if found != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(found)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ValuesPage(QWizardPage):
    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._task: Task | None = None
        self._ready = False
        self._generation = 0
        self.setTitle(self.tr("Match sources and stages"))
        self.setSubTitle(
            self.tr("What each value of the file's source and stage columns becomes. Nothing "
                    "is dropped: a value kept as given stays on each lead, as its source or "
                    "in a custom field named after its column.")
        )  # fmt: skip
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Values found"))
        self.model = ValuesModel(self)
        self.table = QTableView()
        self.table.setObjectName("values-table")
        self.table.setAccessibleName(self.tr("Source and stage values"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(BECOMES, ChoiceDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.CurrentChanged
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 2))
        header = self.table.horizontalHeader()
        width = self.fontMetrics().averageCharWidth()
        header.resizeSection(COLUMN, width * 22)
        header.resizeSection(VALUE, width * 34)
        header.resizeSection(ROWS, width * 9)
        header.setSectionResizeMode(BECOMES, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        self.stop()
        job = self.state.require_job()
        self._generation += 1
        generation = self._generation
        self._ready = False
        self.model.set_values([])
        self.summary.setText(self.tr("Reading the values…"))
        self.summary.setStyleSheet("")
        self.completeChanged.emit()

        def work(progress: Progress) -> FileValues:
            return file_values(job, progress=lambda done, total: progress(done, total))

        def done(found: object) -> None:
            if isValid(self) and generation == self._generation:
                assert isinstance(found, FileValues)
                self._show(found)

        def failed(error: BaseException, _details: str) -> None:
            if not isinstance(error, UnreadableFile | OSError):
                raise error
            if isValid(self) and generation == self._generation:
                self.summary.setText(str(error))
                self.summary.setStyleSheet(f"color: {warning_color().name()};")

        self._task = run_in_background(work, on_done=done, on_error=failed, on_cancel=lambda: None)

    def _show(self, found: FileValues) -> None:
        job = self.state.require_job()
        self.model.set_values(found.values)
        # Choices made before (the user came back to this page) still hold.
        for row, value in enumerate(found.values):
            earlier = job.mapping.values.get(value.target.value, {}).get(value.key)
            if earlier is not None:
                self.model.setData(self.model.index(row, BECOMES), earlier)
        open_ones = sum(1 for value in found.values if not value.proposal.plain)
        text = self.tr("%n value(s) in the file.", "", len(found.values))
        if open_ones:
            text += " " + self.tr(
                "%n of them LeadDesk does not know as a source or stage, or they say more: "
                "they are listed first.",
                "",
                open_ones,
            )
        else:
            text += " " + self.tr("Each is a name LeadDesk knows.")
        if found.more:
            text += " " + self.tr("%n more value(s) are read as LeadDesk proposes.", "", found.more)
        self.summary.setText(text)
        self._ready = True
        self.completeChanged.emit()

    def stop(self) -> None:
        if self._task is not None and self._task.running:
            self._task.cancel()
        self._task = None

    def cleanupPage(self) -> None:
        self.stop()
        super().cleanupPage()

    def isComplete(self) -> bool:
        return self._ready

    def validatePage(self) -> bool:
        self.state.require_job().mapping.values = self.model.chosen()
        return True
