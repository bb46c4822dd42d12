"""The preview page: the whole file checked as the import will take it,
before anything is written. Figures (new leads, duplicates, possible
duplicates, rejected, needing review) grow while the rows are checked;
buttons jump to each kind of row; a possible duplicate is shown beside
the lead or row it may repeat, with a box to tick for "merge" (left
unticked, both are kept).

The region of phone numbers written without a country code is chosen
here, above the rows it changes: choosing another checks them again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from shiboken6 import isValid

from leaddesk.store import settings
from leaddesk.store.database import DatabaseError
from leaddesk.transfer.duplicates import Choice, Reason
from leaddesk.transfer.errors import ImportCancelled, UnreadableFile
from leaddesk.transfer.matching import Policy
from leaddesk.transfer.preview import FIRST_ROWS, FilePreview, Mark, PreviewRow, check_file

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.import_state import PendingImport
from leaddesk.ui.list_model import AnyIndex, ListTableModel
from leaddesk.ui.palette import warning_color
from leaddesk.ui.region_box import RegionBox

MARKS_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's marks, as a tuple of :class:`Mark` values."""
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
"""The spreadsheet row number."""

ALL, DUPLICATES, POSSIBLE, REJECTED, REVIEW = "all", "duplicates", "possible", "rejected", "review"
_KINDS: dict[str, tuple[Mark, ...]] = {
    DUPLICATES: (Mark.DUPLICATE_LEAD, Mark.DUPLICATE_ROW),
    POSSIBLE: (Mark.POSSIBLE_DUPLICATE,),
    REJECTED: (Mark.REJECTED,),
    REVIEW: (Mark.NEEDS_REVIEW,),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Preview", text)


def mark_text(row: PreviewRow) -> str:
    parts = []
    for mark in row.marks:
        if mark is Mark.BAD_EMAIL:
            parts.append(_tr("Bad email"))
        elif mark is Mark.BAD_PHONE:
            parts.append(_tr("Bad phone"))
        elif mark is Mark.NEEDS_REVIEW:
            parts.append(_tr("Needs review"))
        elif mark is Mark.REJECTED:
            parts.append(_tr("Rejected"))
        elif mark is Mark.DUPLICATE_LEAD:
            text = _tr("Duplicate of lead %1").replace("%1", str(row.duplicate_of_lead))
            parts.append(text + _how(row))
        elif mark is Mark.DUPLICATE_ROW:
            text = _tr("Duplicate of row %1").replace("%1", str(row.duplicate_of_row))
            parts.append(text + _how(row))
        elif mark is Mark.POSSIBLE_DUPLICATE:
            if row.duplicate_of_row is not None:
                text = _tr("Possible duplicate of row %1").replace("%1", str(row.duplicate_of_row))
            else:
                text = _tr("Possible duplicate of lead %1")
                text = text.replace("%1", str(row.duplicate_of_lead))
            parts.append(text + _how(row))
    if row.also:
        parts.append(_tr("also repeats %1").replace("%1", ", ".join(row.also)))
    return " · ".join(parts) if parts else _tr("New lead")


def _how(row: PreviewRow) -> str:
    how = _tr(Reason(row.matched_by).text) if row.matched_by else ""
    other = f" “{row.other}”" if row.other else ""
    return f"{other} ({how})" if how else other


class PreviewModel(ListTableModel[PreviewRow]):
    """The rows of one kind (:data:`ALL` the listed ones), with a "Merge"
    box on each possible duplicate."""

    HEADERS = ("Row", "Name", "Company", "Email", "Phone", "Import says", "Merge")
    CONTEXT = "Preview"
    MERGE_COLUMN = 6

    choice_changed = Signal(int, str)
    """A possible duplicate's row and its new :class:`Choice` value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.listed: list[PreviewRow] = []
        self.kind = ALL
        self.choices: dict[int, Choice] = {}
        self.default = Choice.KEEP

    def reset(self, choices: dict[int, Choice]) -> None:
        self.choices = choices
        self.listed = []
        self.set_items([])

    def extend(self, rows: list[PreviewRow]) -> None:
        """Rows checked since the last call: those of the kind shown appear."""
        self.listed.extend(rows)
        shown = [row for row in rows if self._shows(row)]
        if shown:
            first = len(self.items)
            self.beginInsertRows(QModelIndex(), first, first + len(shown) - 1)
            self.items.extend(shown)
            self.endInsertRows()

    def show_kind(self, kind: str) -> None:
        self.kind = kind
        self.set_items([row for row in self.listed if self._shows(row)])

    def _shows(self, row: PreviewRow) -> bool:
        if self.kind == ALL:
            return True
        return not set(_KINDS[self.kind]).isdisjoint(row.marks)

    def choice(self, row: PreviewRow) -> Choice:
        return self.choices.get(row.row, self.default)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        column = index.column() if index.isValid() else -1
        if column == self.MERGE_COLUMN and self.items[index.row()].possible:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.items[index.row()]
        column = index.column()
        if role == MARKS_ROLE:
            return tuple(mark.value for mark in row.marks)
        if role == ROW_ROLE:
            return row.row
        if column == self.MERGE_COLUMN:
            if role == Qt.ItemDataRole.CheckStateRole and row.possible:
                merge = self.choice(row) is Choice.MERGE
                return Qt.CheckState.Checked if merge else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole and row.possible:
                return _tr("Ticked: the same person, merged. Unticked: both are kept.")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row.row)
            if column == 5:
                return mark_text(row)
            return row.shown[column - 1]
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and row.marks:
            return warning_color()
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                (f"{p.field}: “{p.value}” — " if p.field else "") + p.message for p in row.problems
            ]
            return "\n".join([mark_text(row), *lines]) if column == 5 or lines else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.MERGE_COLUMN:
            return False
        row = self.items[index.row()]
        if role != Qt.ItemDataRole.CheckStateRole or not row.possible:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.choices[row.row] = Choice.MERGE if checked else Choice.KEEP
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.choice_changed.emit(row.row, self.choices[row.row].value)
        return True

    def choose_all(self, choice: Choice) -> None:
        for row in self.listed:
            if row.possible:
                self.choices[row.row] = choice
        if self.items:
            column = self.MERGE_COLUMN
            self.dataChanged.emit(
                self.index(0, column),
                self.index(len(self.items) - 1, column),
                [Qt.ItemDataRole.CheckStateRole],
            )


class PreviewPage(QWizardPage):
    open_lead = Signal(int)

    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(
            self.tr("Every row of the file, checked as it will be imported; nothing is written "
                    "yet. Rows with a bad email or phone are still imported, kept as typed and "
                    "marked “needs review”.")
        )  # fmt: skip
        self._generation = 0
        self._ready = False
        self._task: Task | None = None
        self._live: FilePreview | None = None
        self._holder: list[FilePreview] = []
        """The preview being checked, as soon as it has its first figures
        (filled by the check's thread, read here as they grow)."""
        self._seen = 0
        self.region = RegionBox()
        self.region.activated.connect(self._region_chosen)
        label = QLabel(self.tr("Phone numbers without a country code are &from:"))
        label.setBuddy(self.region)
        region_row = QHBoxLayout()
        region_row.addWidget(label)
        region_row.addWidget(self.region, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Preview summary"))
        self.kinds = QButtonGroup(self)
        self.kinds.setExclusive(True)
        self.kind_buttons: dict[str, QPushButton] = {}
        kinds = QHBoxLayout()
        for kind in (ALL, DUPLICATES, POSSIBLE, REJECTED, REVIEW):
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("kind", kind)
            button.clicked.connect(lambda _=False, k=kind: self.show_kind(k))
            self.kinds.addButton(button)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        kinds.addStretch(1)
        self.kind_buttons[ALL].setChecked(True)
        self.model = PreviewModel(self)
        self.model.choice_changed.connect(self._chosen)
        self.table = QTableView()
        self.table.setObjectName("preview-table")
        self.table.setAccessibleName(self.tr("Rows of the file"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setResizeContentsPrecision(50)
        self.table.doubleClicked.connect(self._jump)
        self.merge_all = QPushButton(self.tr("&Merge all possible duplicates"))
        self.merge_all.clicked.connect(lambda: self._choose_all(Choice.MERGE))
        self.keep_all = QPushButton(self.tr("&Keep all apart"))
        self.keep_all.clicked.connect(lambda: self._choose_all(Choice.KEEP))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        choices = QHBoxLayout()
        choices.addWidget(self.merge_all)
        choices.addWidget(self.keep_all)
        choices.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(region_row)
        layout.addWidget(self.summary)
        layout.addLayout(kinds)
        layout.addWidget(self.table, 1)
        layout.addLayout(choices)
        self._label_buttons(FilePreview())
        self._show_choices()

    def initializePage(self) -> None:
        """Shows the region (the one chosen, else the last import's) and
        checks the file with it."""
        if not self.state.region:
            self.state.region = self.state.workspace.read(settings.import_region)
        self.region.set_region(self.state.region)
        self._check()

    def _region_chosen(self, _index: int) -> None:
        if self.region.region() != self.state.region:
            self.state.region = self.region.region()
            self._check()

    def _check(self) -> None:
        """Checks the file off the GUI thread; the figures grow as rows are
        checked, and the page is complete once every row is."""
        self.stop()
        job = self.state.require_job()
        database, region = self.state.workspace.database, self.state.region or None
        self._generation += 1
        generation = self._generation
        self.model.reset(self.state.choices)
        self._seen = 0
        self._live = None
        self._ready = False
        self.summary.setText(self.tr("Checking the rows…"))
        self._label_buttons(FilePreview())
        self.completeChanged.emit()
        live: list[FilePreview] = []
        self._holder = live

        def work(progress: Progress) -> FilePreview:
            def checked(preview: FilePreview) -> None:
                if not live:
                    live.append(preview)
                progress(preview.rows, preview.total or 0)

            return check_file(
                job,
                database,
                region=region,
                policy=Policy(self.state.on_duplicate),
                progress=checked,
                cancelled=lambda: progress.cancelled,
            )

        def done(preview: object) -> None:
            if isValid(self) and generation == self._generation:
                assert isinstance(preview, FilePreview)
                self._show(preview)

        def failed(error: BaseException, _details: str) -> None:
            if isinstance(error, ImportCancelled):
                return
            if not isinstance(error, UnreadableFile | DatabaseError | OSError):
                raise error
            if isValid(self) and generation == self._generation:
                self.summary.setText(str(error))
                self.summary.setStyleSheet(f"color: {warning_color().name()};")

        self.summary.setStyleSheet("")
        self._task = run_in_background(work, on_done=done, on_error=failed, on_cancel=lambda: None)
        self._task.progressed.connect(lambda *_: self._progressed(generation))

    def stop(self) -> None:
        """Stops a check still running (the user went back, or closed)."""
        if self._task is not None and self._task.running:
            self._task.cancel()
        self._task = None

    def cleanupPage(self) -> None:
        self.stop()
        super().cleanupPage()

    def isComplete(self) -> bool:
        return self._ready

    def _progressed(self, generation: int) -> None:
        if not isValid(self) or generation != self._generation or not self._holder:
            return
        preview = self._holder[0]
        self._grow(preview)
        total = preview.total or preview.rows
        self.summary.setText(
            self.tr("Checking the rows… %1 of %2 so far.")
            .replace("%1", f"{preview.rows:,}")
            .replace("%2", f"{max(total, preview.rows):,}")
        )

    def _grow(self, preview: FilePreview) -> None:
        listed = len(preview.listed)
        if listed > self._seen:
            self.model.extend(preview.listed[self._seen : listed])
            self._seen = listed
            if self._seen <= FIRST_ROWS + 1:
                self._size_columns()
        self._label_buttons(preview)

    def _show(self, preview: FilePreview) -> None:
        self._live = preview
        self.state.preview = preview
        self._grow(preview)
        self._ready = True
        self.completeChanged.emit()
        figures = [
            self.tr("%Ln new lead(s)", "", preview.new),
            self.tr("%Ln duplicate(s) of a lead or an earlier row", "", preview.duplicates),
        ]
        if preview.possible:
            figures.append(
                self.tr("%Ln possible duplicate(s) for you to decide", "", preview.possible)
            )
        if preview.rejected:
            figures.append(self.tr("%Ln rejected", "", preview.rejected))
        text = self.tr("All %1 rows checked: %2.").replace("%1", f"{preview.rows:,}")
        text = text.replace("%2", ", ".join(figures))
        if preview.needs_review:
            text += " " + self.tr("%Ln will need review.", "", preview.needs_review)
        self.summary.setText(text)
        self._size_columns()
        self._show_choices()

    def _label_buttons(self, preview: FilePreview) -> None:
        counts = {
            ALL: None,
            DUPLICATES: preview.duplicates,
            POSSIBLE: preview.possible,
            REJECTED: preview.rejected,
            REVIEW: preview.needs_review,
        }
        names = {
            ALL: self.tr("All listed rows"),
            DUPLICATES: self.tr("Duplicates: %1"),
            POSSIBLE: self.tr("Possible duplicates: %1"),
            REJECTED: self.tr("Rejected: %1"),
            REVIEW: self.tr("Need review: %1"),
        }
        for kind, button in self.kind_buttons.items():
            count = counts[kind]
            button.setText(
                names[kind].replace("%1", f"{count:,}") if count is not None else names[kind]
            )
            button.setAccessibleName(button.text())
            button.setEnabled(count is None or count > 0 or self.model.kind == kind)

    def show_kind(self, kind: str) -> None:
        """Shows the rows of one kind (the buttons above the table)."""
        self.kind_buttons[kind].setChecked(True)
        self.model.show_kind(kind)
        self._show_choices()
        self._size_columns()

    def _show_choices(self) -> None:
        possible = self._live.possible if self._live is not None else 0
        for widget in (self.merge_all, self.keep_all):
            widget.setVisible(self.model.kind == POSSIBLE)
            widget.setEnabled(possible > 0)
        self.table.setColumnHidden(PreviewModel.MERGE_COLUMN, self.model.kind != POSSIBLE)
        if self.model.kind == POSSIBLE:
            self.hint.setText(
                self.tr("Tick “Merge” where both are the same person; unticked rows become "
                        "leads of their own. Double-click a row to see the lead it may repeat.")
            )  # fmt: skip
        else:
            self.hint.setText(
                self.tr("Double-click a duplicate to go to the row or lead it repeats.")
                if possible or (self._live is not None and self._live.duplicates)
                else ""
            )

    def _choose_all(self, choice: Choice) -> None:
        self.model.choose_all(choice)

    def _chosen(self, _row: int, _choice: str) -> None:
        self.state.choices = self.model.choices

    def _jump(self, index: QModelIndex) -> None:
        """To the row a duplicate repeats, or the lead (opened in its window)."""
        if not index.isValid() or index.column() == PreviewModel.MERGE_COLUMN:
            return
        row = self.model.items[index.row()]
        if row.duplicate_of_row is not None:
            self.show_kind(ALL)
            for position, shown in enumerate(self.model.items):
                if shown.row == row.duplicate_of_row:
                    self.table.selectRow(position)
                    self.table.scrollTo(self.model.index(position, 0))
                    return
            for position, shown in enumerate(self.model.items):
                if shown.row == row.row:
                    self.table.selectRow(position)
                    self.table.scrollTo(self.model.index(position, 0))
        elif row.duplicate_of_lead is not None:
            self.open_lead.emit(row.duplicate_of_lead)

    def _size_columns(self) -> None:
        self.table.resizeColumnsToContents()
        limit = self.fontMetrics().averageCharWidth() * 26
        for column in range(1, 5):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), limit) + 12)
        self.table.horizontalHeader().setSectionResizeMode(
            5, self.table.horizontalHeader().ResizeMode.Stretch
        )
