"""The Leads tab: filter bar, the lead table and the detail pane side by
side. The pane shows the lead the table highlights, and only that lead:
when the rows change under it (a search, a filter, a sort, an edit, an
import, a colleague's change), the highlight stays on that lead if the
table still shows it, else moves to the row now in its place (the first
row after a new search or filter), else to none, and the pane follows."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leaddesk.store.queries import (
    FieldValue,
    LeadQuery,
    distinct_values,
    field_values,
    lead_ids,
    tag_names,
)

from leaddesk.ui.dialogs import ValueDialog
from leaddesk.ui.filter_bar import FilterBar
from leaddesk.ui.lead_columns import COLUMN_INDEX, SHOWN_AT_FIRST, Column
from leaddesk.ui.lead_detail import LeadDetail
from leaddesk.ui.lead_header import LeadHeader
from leaddesk.ui.lead_table import LeadTableModel, TemperatureDelegate
from leaddesk.ui.lifetime import run_modal
from leaddesk.ui.shortcuts import key_sequences
from leaddesk.ui.workspace import Workspace

FIND_AFTER_CHANGE = 1_000
"""How far down the table the current lead is looked for after an edit."""


class LeadsView(QWidget):
    count_changed = Signal(int, bool)
    open_requested = Signal(int)
    current_changed = Signal(object)
    """The highlighted lead's id, or None: the lead the pane shows."""
    menu_requested = Signal(QPoint)
    """A context menu for the selected leads, at this point on the screen."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.search = ""
        self._current: int | None = None
        self._current_row = 0
        """The current lead's row when it was last highlighted."""
        self.filters = FilterBar()
        self.filters.changed.connect(self.apply)
        self.model = LeadTableModel(workspace.database, self)
        self._shown_query = self.model.query
        self.model.count_changed.connect(self.count_changed)
        self.model.count_changed.connect(self._show_nothing_found)
        self.table = QTableView()
        self.table.setObjectName("lead-table")
        self.table.setAccessibleName(self.tr("Leads"))
        self.table.setHorizontalHeader(LeadHeader(self.table))
        self.table.setModel(self.model)
        # Said over the empty table, so a search or filter that keeps no
        # lead is not mistaken for a broken window.
        self.nothing = QLabel(self.table.viewport())
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setWordWrap(True)
        self.nothing.setAccessibleName(self.tr("No leads shown"))
        self.nothing.hide()
        QVBoxLayout(self.table.viewport()).addWidget(self.nothing)
        self.table.setItemDelegateForColumn(
            COLUMN_INDEX["temperature"], TemperatureDelegate(self.table)
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        # The indicator first: enabling sorting sorts by it, and Qt's default
        # (first column, descending) would read a first page for nothing.
        self.table.horizontalHeader().setSortIndicator(
            COLUMN_INDEX["name"], Qt.SortOrder.AscendingOrder
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMN_INDEX["name"], Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._double_clicked)
        # Enter on a row opens it, as a double click does (the way from the
        # search field: Down, then Enter).
        open_row = QAction(self.tr("Open the lead in its own window"), self.table)
        open_row.setShortcuts(key_sequences("Return", "Enter"))
        open_row.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_row.triggered.connect(self._open_current)
        self.table.addAction(open_row)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(int(self.fontMetrics().height() * 1.7))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        width = self.fontMetrics().averageCharWidth()
        for number, column in enumerate(self.model.columns):
            header.resizeSection(number, column.width * width + 16)
            header.setSectionHidden(number, column.key not in SHOWN_AT_FIRST)
        for position, key in enumerate(SHOWN_AT_FIRST):
            header.moveSection(header.visualIndex(COLUMN_INDEX[key]), position)
        self._fitted = False
        self._opened = False
        # A custom field that an import brings shows at once, sized to what
        # it holds: what was imported can be seen.
        self.model.columnsInserted.connect(self._show_new_columns)
        self.detail = LeadDetail(workspace)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._selection_moved)
        selection.selectionChanged.connect(self._selection_moved)
        self.model.count_changed.connect(self._rows_changed)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("leads-splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, 1)
        workspace.changed.connect(self._changed)

    # Query.

    def query(self) -> LeadQuery:
        base = replace(self.model.query, search=self.search)
        return self.filters.apply(base)

    def set_search(self, text: str) -> None:
        self.search = text
        self.apply()

    def apply(self) -> None:
        self.model.set_query(self.query())
        self._fit_first_rows()
        self._opened = True

    def _fit_first_rows(self) -> None:
        """At the first start the columns take the width of the first rows,
        once there are rows: fitted to an empty table (a first start on a
        new database), names and emails would be cut once leads come."""
        header = self.header
        if not (self._fitted or header.restored) and self.model.rowCount():
            header.fit_to_contents()
            self._fitted = True

    @property
    def columns_laid_out(self) -> bool:
        """Whether the column widths are worth keeping: fitted to rows, or
        restored from a layout that was."""
        return self._fitted or self.header.restored

    def reload_options(self) -> None:
        sources, tags, owners = self.workspace.read(
            lambda s: (distinct_values(s, "source"), tag_names(s), distinct_values(s, "owner"))
        )
        self.filters.set_options(sources, tags, owners)

    def _changed(self, _ids: frozenset[int] | None) -> None:
        self.model.refresh()
        self.reload_options()

    # The highlighted lead.

    def _rows_changed(self, _count: int, _exact: bool) -> None:
        """Keeps the highlight on the current lead, or on the row that
        takes its place, after the rows changed under it."""
        self._fit_first_rows()
        query = self.model.query
        shown = self._shown_query
        self._shown_query = query
        new_rows = replace(query, sort=shown.sort, descending=shown.descending) != shown
        lead_id = self._current
        if lead_id is not None:
            if new_rows:
                # Only among the rows just read: reading ten pages to look
                # further cost up to 300 ms a keystroke.
                row = self.model.cached_row_of(lead_id)
            else:  # the same leads, edited or in another order
                row = self.model.find_row(lead_id, limit=FIND_AFTER_CHANGE, near=self._current_row)
            rows = self.model.rowCount()
            if row is None and rows:
                row = 0 if query != shown else min(self._current_row, rows - 1)
            if row is None:
                self.table.selectionModel().clear()
            else:
                self.select_row(row)
        # The same row may now hold another lead: no signal says so.
        self._settle()

    def _selection_moved(self, *_: object) -> None:
        # Within one click Qt moves the selection and the current row one
        # after the other: a moment with neither the old lead nor the new
        # one highlighted is settled once both have moved.
        if self.current_id() is None and self.table.selectionModel().hasSelection():
            QTimer.singleShot(0, self._settle)
        else:
            self._settle()

    def _settle(self) -> None:
        lead_id = self.current_id()
        if lead_id is not None:
            self._current_row = self.table.selectionModel().currentIndex().row()
        if lead_id != self._current or (self.detail.lead is None) != (lead_id is None):
            self._current = lead_id
            self.detail.show_lead(lead_id)
            self.current_changed.emit(lead_id)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def select_lead(self, lead_id: int) -> bool:
        """Highlights ``lead_id``; False when the table does not show it
        (the search or filters leave it out)."""
        row = self.model.find_row(lead_id)
        if row is not None:
            self.select_row(row)
        return row is not None

    def enter_results(self) -> None:
        """From the search field into the rows: the current lead stays if
        it is among them, else the first row is highlighted."""
        if not self.model.rowCount():
            return
        if self._current is None or self.model.cached_row_of(self._current) is None:
            self.select_row(0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_id(self) -> int | None:
        """The highlighted lead: the current row's, when it is selected."""
        selection = self.table.selectionModel()
        index = selection.currentIndex()
        if index.isValid() and selection.isRowSelected(index.row(), QModelIndex()):
            return self.model.lead_id(index.row())
        return None

    def current_name(self) -> str:
        index = self.table.selectionModel().currentIndex()
        summary = self.model.summary(index.row()) if self.current_id() is not None else None
        return summary.display_name if summary is not None else ""

    def selected_count(self) -> int:
        selection = self.table.selectionModel().selection()
        return sum(selection.at(part).height() for part in range(selection.size()))

    def selected_ids(self) -> list[int]:
        count = self.selected_count()
        if count == self.model.rowCount() and count > 500:
            return self.workspace.read(lambda s: lead_ids(s, self.model.query))
        rows = self.table.selectionModel().selectedRows()
        ids = [self.model.lead_id(index.row()) for index in rows]
        return [i for i in ids if i is not None]

    def _double_clicked(self, index: QModelIndex) -> None:
        lead_id = self.model.lead_id(index.row())
        if lead_id is not None:
            self.open_requested.emit(lead_id)

    def _open_current(self) -> None:
        lead_id = self.current_id()
        if lead_id is not None:
            self.open_requested.emit(lead_id)

    def _context_menu(self, position: QPoint) -> None:
        if self.table.indexAt(position).isValid():
            self.menu_requested.emit(self.table.viewport().mapToGlobal(position))

    def _show_nothing_found(self, count: int, _exact: bool) -> None:
        query = self.model.query
        if count or not (query.trash or query.is_filtered()):
            self.nothing.hide()
            return
        if query.trash and not query.is_filtered():
            text = self.tr("The trash is empty.")
        elif query.search.strip():
            text = self.tr("No lead matches “%1” with these filters.").replace(
                "%1", query.search.strip()
            )
        else:
            text = self.tr("No lead matches these filters.")
        self.nothing.setText(text)
        self.nothing.show()

    # Columns.

    @property
    def header(self) -> LeadHeader:
        header = self.table.horizontalHeader()
        assert isinstance(header, LeadHeader)
        return header

    def column_actions(self, parent: QWidget) -> list[QAction]:
        """A checkable entry per column, the lead fields first, then the
        custom fields by name (View ▸ Columns, the header's menu)."""
        header = self.header
        fields: list[QAction] = []
        custom: list[QAction] = []
        for number, column in enumerate(self.model.columns):
            action = QAction(self.model.headerData(number, Qt.Orientation.Horizontal), parent)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.setEnabled(column.key != "name")
            action.toggled.connect(lambda on, n=number: self._show_column(n, on))
            (custom if column.is_custom else fields).append(action)
        if custom:
            separator = QAction(parent)
            separator.setSeparator(True)
            heading = QAction(self.tr("Imported fields"), parent)
            heading.setEnabled(False)
            fields += [separator, heading, *custom]
        return fields

    def _show_column(self, section: int, shown: bool) -> None:
        header = self.header
        header.setSectionHidden(section, not shown)
        if shown:
            header.fit_section(section)

    def _show_new_columns(self, _parent: QModelIndex, first: int, last: int) -> None:
        if not self._opened:
            return  # opening: the saved layout or the first start decides
        keys = [self.model.column_key(section) for section in range(first, last + 1)]
        # Once the refresh that brought them is over: sizing a column reads
        # its rows, which must not happen while the model inserts it.
        QTimer.singleShot(0, lambda: self._show_columns(keys))

    def _show_columns(self, keys: list[str]) -> None:
        for key in keys:
            section = self.model.section_of(key)
            if section is not None:
                self._show_column(section, True)

    def _header_menu(self, position: QPoint) -> None:
        header = self.header
        menu = QMenu(self)
        menu.addActions(self.column_actions(menu))
        section = header.logicalIndexAt(position)
        column = self.model.columns[section] if section >= 0 else None
        if column is not None and (column.filter or column.is_custom):
            menu.addSeparator()
            menu.addAction(
                self.tr("Filter by %1…").replace("%1", self.model.column_title(section)),
                lambda: self.ask_field_filter(section),
            )
        menu.addSeparator()
        menu.addAction(self.tr("Fit columns to their content"), header.fit_to_contents)
        menu.exec(header.mapToGlobal(position))

    # Filtering by a field's value.

    def field_filter(self, column: Column, value: str) -> FieldValue:
        if column.is_custom:
            return FieldValue(column.custom, value, custom=True)
        return FieldValue(column.filter, value)

    def ask_field_filter(self, section: int) -> None:
        """Asks for the value to keep, offering those in use."""
        column = self.model.columns[section]
        field = column.custom or column.filter
        choices = self.workspace.read(lambda s: field_values(s, field, custom=column.is_custom))
        title = self.model.column_title(section)
        dialog = ValueDialog(
            self.tr("Filter by %1").replace("%1", title),
            self.tr("Show the leads whose %1 is:").replace("%1", title),
            choices,
            self,
        )
        if run_modal(dialog):
            self.filters.add_field(self.field_filter(column, dialog.text()), title)
