"""The Leads tab: filter bar, the lead table and the detail pane side by
side, and the bulk actions on the selected leads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store.queries import LeadQuery, distinct_values, lead_ids, tag_names

from leaddesk.ui.dialogs import DateDialog, ValueDialog
from leaddesk.ui.filter_bar import FilterBar
from leaddesk.ui.lead_detail import LeadDetail
from leaddesk.ui.lead_table import COLUMN_INDEX, COLUMNS, LeadTableModel, TemperatureDelegate
from leaddesk.ui.lifetime import run_modal
from leaddesk.ui.stage_dialogs import ask_before_move
from leaddesk.ui.workspace import Workspace

BULK_LIMIT = 100_000
"""Most leads one bulk action changes at once."""


class LeadsView(QWidget):
    count_changed = Signal(int, bool)
    open_requested = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.search = ""
        self.filters = FilterBar()
        self.filters.changed.connect(self.apply)
        self.model = LeadTableModel(workspace.database, self)
        self.model.count_changed.connect(self.count_changed)
        self.model.count_changed.connect(self._show_nothing_found)
        self.table = QTableView()
        self.table.setObjectName("lead-table")
        self.table.setAccessibleName(self.tr("Leads"))
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
        for number, column in enumerate(COLUMNS):
            header.resizeSection(number, column.width * width + 16)
        for hidden in ("title", "source", "last_activity", "created"):
            header.hideSection(COLUMN_INDEX[hidden])
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._current_changed)
        self.detail = LeadDetail(workspace)
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
        current = self.current_id()
        self.model.set_query(self.query())
        # Only among the rows just read: reading ten pages to look further
        # cost up to 300 ms a keystroke.
        row = None if current is None else self.model.cached_row_of(current)
        if row is not None:
            self.select_row(row)
        elif current is not None and self.detail.lead and self.detail.lead.id == current:
            self.detail.show_lead(current)

    def reload_options(self) -> None:
        sources, tags, owners = self.workspace.read(
            lambda s: (distinct_values(s, "source"), tag_names(s), distinct_values(s, "owner"))
        )
        self.filters.set_options(sources, tags, owners)

    def _changed(self, _ids: frozenset[int] | None) -> None:
        current = self.current_id()
        self.model.refresh()
        self._reselect(current)
        self.reload_options()

    def _reselect(self, lead_id: int | None) -> None:
        if lead_id is None:
            return
        row = self.model.find_row(lead_id, limit=1_000)
        if row is not None:
            self.select_row(row)
        elif self.detail.lead and self.detail.lead.id == lead_id:
            self.detail.show_lead(lead_id)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def select_lead(self, lead_id: int) -> None:
        row = self.model.find_row(lead_id)
        if row is not None:
            self.select_row(row)
        else:
            self.detail.show_lead(lead_id)

    # Selection.

    def current_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if index.isValid():
            return self.model.lead_id(index.row())
        return self.detail.lead.id if self.detail.lead else None

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        if len(rows) > BULK_LIMIT:
            QMessageBox.information(
                self,
                self.tr("Too many leads"),
                self.tr("Select at most %1 leads for one change.").replace("%1", f"{BULK_LIMIT:,}"),
            )
            return []
        if len(rows) == self.model.rowCount() and len(rows) > 500:
            return self.workspace.read(lambda s: lead_ids(s, self.model.query))
        ids = [self.model.lead_id(index.row()) for index in rows]
        return [i for i in ids if i is not None]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        lead_id = self.model.lead_id(current.row()) if current.isValid() else None
        if lead_id is not None and (self.detail.lead is None or self.detail.lead.id != lead_id):
            self.detail.show_lead(lead_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        lead_id = self.model.lead_id(index.row())
        if lead_id is not None:
            self.open_requested.emit(lead_id)

    # Bulk actions.

    def set_stage(self, stage: Stage) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        bants = self.workspace.read(lambda s: [store.get_lead(s, i).bant for i in ids[:2000]])
        decision = ask_before_move(self, bants, None, stage)
        if decision.go:
            self.workspace.move_stage(ids, stage, decision.reason)

    def add_tag(self) -> None:
        self._tag(add=True)

    def remove_tag(self) -> None:
        self._tag(add=False)

    def _tag(self, *, add: bool) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        title = self.tr("Add tag") if add else self.tr("Remove tag")
        dialog = ValueDialog(
            title,
            self.tr("Tag for %n lead(s):", "", len(ids)),
            self.workspace.read(tag_names),
            self,
        )
        if run_modal(dialog) and dialog.text():
            self.workspace.tag(ids, dialog.text(), add=add)

    def set_owner(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        owners = self.workspace.read(lambda s: distinct_values(s, "owner"))
        dialog = ValueDialog(
            self.tr("Set owner"), self.tr("Owner of %n lead(s):", "", len(ids)), owners, self
        )
        if run_modal(dialog):
            what = self.tr("set owner to %1 for %n lead(s)", "", len(ids)).replace(
                "%1", dialog.text() or "—"
            )
            self.workspace.set_values(ids, what, owner=dialog.text())

    def set_follow_up(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = DateDialog(self.tr("Next follow-up"), self)
        if run_modal(dialog):
            day: date = dialog.value()
            what = self.tr("set follow-up to %1 for %n lead(s)", "", len(ids)).replace(
                "%1", day.strftime("%d %b")
            )
            self.workspace.set_values(ids, what, next_follow_up=day)

    def delete(self) -> None:
        if self.model.query.trash:  # already there; Restore is the way out
            return
        ids = self.selected_ids()
        if ids:
            self.workspace.trash(ids)

    def restore(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.workspace.trash(ids, restore=True)

    def bulk_menu(self, menu: QMenu) -> None:
        stages = menu.addMenu(self.tr("Set stage"))
        for stage in Stage:
            action = stages.addAction(self.tr(stage.long_label))
            action.triggered.connect(lambda _=False, s=stage: self.set_stage(s))
        menu.addAction(self.tr("Add tag…"), self.add_tag)
        menu.addAction(self.tr("Remove tag…"), self.remove_tag)
        menu.addAction(self.tr("Set owner…"), self.set_owner)
        menu.addAction(self.tr("Set follow-up…"), self.set_follow_up)
        menu.addSeparator()
        if self.model.query.trash:
            menu.addAction(self.tr("Restore from trash"), self.restore)
        else:
            menu.addAction(self.tr("Delete"), self.delete)

    def _context_menu(self, position: QPoint) -> None:
        if not self.table.indexAt(position).isValid():
            return
        menu = QMenu(self)
        self.bulk_menu(menu)
        menu.exec(self.table.viewport().mapToGlobal(position))

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

    def column_actions(self, parent: QWidget) -> list[QAction]:
        header = self.table.horizontalHeader()
        actions = []
        for number, column in enumerate(COLUMNS):
            action = QAction(self.model.headerData(number, Qt.Orientation.Horizontal), parent)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.setEnabled(column.key != "name")
            action.toggled.connect(lambda on, n=number: header.setSectionHidden(n, not on))
            actions.append(action)
        return actions

    def _header_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addActions(self.column_actions(menu))
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))
