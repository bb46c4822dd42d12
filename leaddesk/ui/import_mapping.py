"""The column mapping page: each column of the file with the field it
becomes and a few sample values; any mapping can be changed with the list
in the row, including "don't import". Columns that name no lead field are
shown as kept in custom fields, so the user sees nothing is lost. When the
user corrected the mapping of a file with the same headers before, those
corrections are offered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from leaddesk.transfer.fields import Field
from leaddesk.transfer.mapping import Mapping, column_letter
from leaddesk.transfer.presets import apply_preset, load_preset

from leaddesk.ui.import_state import PendingImport

FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
"""The column's :class:`Field` value (a string)."""
COLUMN, BECOMES, SAMPLES = range(3)
AnyIndex = QModelIndex | QPersistentModelIndex


def field_label(target: Field, header: str = "") -> str:
    if target is Field.CUSTOM:
        return QCoreApplication.translate("Mapping", "Kept as custom field “%1”").replace(
            "%1", header
        )
    if target is Field.IGNORE:
        return QCoreApplication.translate("Mapping", "Don't import")
    return QCoreApplication.translate("Field", target.label)


def field_choices(current: Field) -> list[Field]:
    """The fields a column can become, lead fields first."""
    choices = [f for f in Field if f.is_lead_field]
    if current is Field.COMPUTED:
        choices.append(Field.COMPUTED)
    return [*choices, Field.CUSTOM, Field.IGNORE]


class MappingModel(QAbstractTableModel):
    """The job's mapping, one row per column of the file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping = Mapping([])
        self.samples: list[list[str]] = []

    def set_mapping(self, mapping: Mapping, samples: list[list[str]]) -> None:
        self.beginResetModel()
        self.mapping = mapping
        self.samples = samples
        self.endResetModel()

    def changed_all(self) -> None:
        if self.mapping.columns:
            last = self.index(len(self.mapping.columns) - 1, SAMPLES)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.mapping.columns)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Column in the file"), self.tr("Becomes"), self.tr("Sample values"))[
                section
            ]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == BECOMES:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.mapping.columns[index.row()]
        if role == FIELD_ROLE:
            return column.field.value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == COLUMN:
                return f"{column_letter(column.index)} · {column.header or self.tr('(no name)')}"
            if index.column() == BECOMES:
                return field_label(column.field, column.name)
            samples = self.samples[index.row()] if index.row() < len(self.samples) else []
            return " · ".join(samples) if samples else self.tr("(empty in the first rows)")
        if role == Qt.ItemDataRole.FontRole and index.column() == BECOMES:
            font = QFont()
            font.setItalic(not column.field.is_lead_field)
            font.setBold(not column.automatic)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == BECOMES:
            if not column.automatic:
                return self.tr("You chose this.")
            if column.guessed:
                return self.tr("Guessed from the values.")
            return self.tr("Recognised from the column name.")
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != BECOMES or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            target = Field(value)
        except ValueError:
            return False
        if target is self.mapping.columns[index.row()].field:
            return False
        self.mapping.set(index.row(), target)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, FIELD_ROLE])
        return True


class FieldDelegate(QStyledItemDelegate):
    """A list of fields in the "Becomes" cell."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QComboBox(parent)
        editor.setAccessibleName(self.tr("Field for column %1").replace("%1", str(index.row() + 1)))
        current = Field(index.data(FIELD_ROLE))
        header = str(index.sibling(index.row(), COLUMN).data()).split(" · ", 1)[-1]
        for target in field_choices(current):
            editor.addItem(field_label(target, header), target.value)
        editor.currentIndexChanged.connect(lambda _: self.commitData.emit(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(FIELD_ROLE))
        if found != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(found)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MappingPage(QWizardPage):
    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(
            self.tr("Check what each column becomes. Columns that match no lead field are kept "
                    "on each lead as custom fields, so nothing is lost.")
        )  # fmt: skip
        self.preset_bar = QFrame()
        self.preset_bar.setObjectName("preset-bar")
        self.preset_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.preset_text = QLabel()
        self.preset_text.setWordWrap(True)
        self.use_preset = QPushButton(self.tr("&Use my earlier choices"))
        self.use_preset.setAccessibleName(self.tr("Use my earlier choices"))
        self.use_preset.clicked.connect(self.apply_preset)
        bar = QHBoxLayout(self.preset_bar)
        bar.addWidget(self.preset_text, 1)
        bar.addWidget(self.use_preset)
        self.preset_bar.hide()
        self.model = MappingModel(self)
        self.table = QTableView()
        self.table.setObjectName("mapping-table")
        self.table.setAccessibleName(self.tr("Column mapping"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(BECOMES, FieldDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 2))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        width = self.fontMetrics().averageCharWidth()
        header.resizeSection(COLUMN, width * 26)
        header.resizeSection(BECOMES, width * 46)
        header.setSectionResizeMode(BECOMES, QHeaderView.ResizeMode.Interactive)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preset_bar)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        job = self.state.require_job()
        self.model.set_mapping(job.mapping, self.state.samples)
        for row in range(self.model.rowCount()):
            self.table.openPersistentEditor(self.model.index(row, BECOMES))
        headers = job.headers
        self.state.preset = self.state.workspace.read(lambda s: load_preset(s, headers))
        differs = any(
            job.mapping.columns[i].field is not target for i, target in self.state.preset.items()
        )
        self.preset_bar.setVisible(differs)
        if differs:
            self.preset_text.setText(
                self.tr(
                    "You imported a file with these columns before and changed %n column(s).",
                    "",
                    len(self.state.preset),
                )
            )

    def apply_preset(self) -> None:
        apply_preset(self.state.require_job().mapping, self.state.preset)
        self.model.changed_all()
        for row in range(self.model.rowCount()):
            editor = self.table.indexWidget(self.model.index(row, BECOMES))
            if editor is not None:
                self.table.itemDelegateForColumn(BECOMES).setEditorData(
                    editor, self.model.index(row, BECOMES)
                )
        self.preset_bar.hide()

    def editor(self, row: int) -> QComboBox:
        """The field list of a row (for keyboard users and tests alike)."""
        widget = self.table.indexWidget(self.model.index(row, BECOMES))
        assert isinstance(widget, QComboBox)
        return widget
