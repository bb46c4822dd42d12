"""The Kanban tab: one column per lifecycle stage, cards ordered as the user
chooses, drag and drop (or Ctrl+Left/Right) to move leads between stages.

The kanban shows the leads the Leads tab's search and filters keep; it reads
only while it is on screen and refreshes when the query or the data changes.
Stage moves ask what the detail pane asks (stage_dialogs) and go through the
workspace, so they are recorded in the stage history and undone with Ctrl+Z.

One column at a time has a selection: selecting a card (by click or by the
arrow keys) clears the others, so one card is highlighted, and it is the
lead Ctrl+L calls (see current_lead). After the cards change, the
highlight stays on that lead wherever its column shows it, or goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.stages import Stage
from leaddesk.store import settings
from leaddesk.store.kanban import CardOrder, StageBudget, stage_budgets, stage_counts
from leaddesk.store.leads import LeadNotFound
from leaddesk.store.queries import LeadQuery, SortKey
from leaddesk.store.reading import get_leads

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.kanban_column import StageColumn
from leaddesk.ui.kanban_selection import CardSelection
from leaddesk.ui.stage_dialogs import ask_before_move
from leaddesk.ui.workspace import Workspace

ORDERS = (
    (CardOrder.SCORE, "Score"),
    (CardOrder.FOLLOW_UP, "Next follow-up"),
    (CardOrder.LAST_ACTIVITY, "Last activity"),
    (CardOrder.NAME, "Name"),
)
QUESTION_SAMPLE = 2_000
"""Leads whose BANT answers are read to decide what a move must ask."""


def _kanban_query(query: LeadQuery) -> LeadQuery:
    """The part of the Leads tab's query the kanban follows: not its sort."""
    return replace(query, sort=SortKey.NAME, descending=False)


class KanbanView(QWidget):
    cards: CardSelection
    open_requested = Signal(int)
    current_changed = Signal(object)
    """The highlighted card's lead id, or None."""
    menu_requested = Signal(QPoint)
    """A context menu for the selected cards, at this point on the screen."""

    def __init__(
        self,
        workspace: Workspace,
        query: Callable[[], LeadQuery] = LeadQuery,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kanban")
        self.workspace = workspace
        self._query_source = query
        self.query = _kanban_query(query())
        self.order = CardOrder.SCORE
        self._stale = True
        self._generation = 0
        self._budget_task: Task | None = None

        self.order_box = QComboBox()
        self.order_box.setAccessibleName(self.tr("Order cards by"))
        for order, label in ORDERS:
            self.order_box.addItem(self.tr(label), order.value)
        self.order_box.currentIndexChanged.connect(self._order_chosen)
        order_label = QLabel(self.tr("&Order cards by"))
        order_label.setBuddy(self.order_box)
        self.filter_note = QLabel()
        self.filter_note.setAccessibleName(self.tr("Filter in use"))
        self.filter_note.setStyleSheet("color: palette(placeholder-text);")
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(order_label)
        bar.addWidget(self.order_box)
        bar.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        bar.addWidget(self.filter_note, 1)

        self.columns: dict[Stage, StageColumn] = {}
        board = QWidget()
        row = QHBoxLayout(board)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self._row = row
        for stage in Stage:
            column = StageColumn(workspace.database, stage, collapsible=stage is Stage.DISQUALIFIED)
            column.cards_dropped.connect(self._dropped)
            view = column.view
            view.step_requested.connect(lambda step, c=column: self.step(c, step))
            view.neighbour_requested.connect(lambda step, c=column: self.cards.neighbour(c, step))
            view.open_requested.connect(self.open_requested)
            view.doubleClicked.connect(lambda index, c=column: self._double_clicked(c, index))
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda position, c=column: self._context_menu(c, position)
            )
            self.columns[stage] = column
            row.addWidget(column, 0 if column.collapsed else 1)
        self._folding = self.columns[Stage.DISQUALIFIED]
        self._folded_by_hand: bool | None = None
        """The user's own fold of the disqualified column, once they chose."""
        self._folding.collapse.toggled.connect(self._folded_by_user)
        self.cards = CardSelection(self.columns, self._stage_of, self)
        self.cards.changed.connect(self.current_changed)
        self.board_area = QScrollArea()
        self.board_area.setWidget(board)
        self.board_area.setWidgetResizable(True)
        self.board_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.board_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.board_area, 1)
        self.board_area.viewport().installEventFilter(self)
        self.setTabOrder(self.order_box, self.columns[Stage.NEW].view)
        previous = self.columns[Stage.NEW].view
        for stage in list(Stage)[1:]:
            self.setTabOrder(previous, self.columns[stage].collapse)
            self.setTabOrder(self.columns[stage].collapse, self.columns[stage].view)
            previous = self.columns[stage].view
        workspace.changed.connect(self._data_changed)

    # Room for the columns.

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.board_area.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _folded_by_user(self, folded: bool) -> None:
        self._folded_by_hand = folded

    def _fit_columns(self) -> None:
        """Every column at a width that reads (StageColumn.readable_width):
        when the board has not the room for all of them, the disqualified
        column folds, and opens again when the room is back, unless the
        user folded or opened it themselves; narrower still, the board
        scrolls sideways."""
        if self._folded_by_hand is not None:
            return
        spacing = self._row.spacing()
        needed = sum(c.readable_width() for c in self.columns.values())
        needed += spacing * (len(self.columns) - 1)
        fold = self.board_area.viewport().width() < needed
        if fold != self._folding.collapsed:
            self._folding.set_collapsed(fold)

    # What is shown, and when it is read.

    def follow_query(self) -> None:
        """Takes the Leads tab's current search and filters."""
        query = _kanban_query(self._query_source())
        if query != self.query:
            self.query = query
            self._invalidate()

    def _data_changed(self, _ids: frozenset[int] | None) -> None:
        self._invalidate()

    def _invalidate(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.follow_query()
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Counts each stage and shows the first cards; budget totals follow
        from the background."""
        self._stale = False
        self._generation += 1
        query = self.query
        counts, sal_days = self.workspace.read(
            lambda s: (stage_counts(s, query), settings.sal_days(s))
        )
        for stage, column in self.columns.items():
            bar = column.view.verticalScrollBar()
            position = bar.value()
            column.model.reset(query, self.order, counts[stage], sal_days)
            bar.setValue(position)
            column.show_totals(counts[stage], None)
        self.cards.keep_current()
        self._show_filter_note()
        self._count_budgets()

    def _count_budgets(self) -> None:
        generation = self._generation
        query = self.query
        database = self.workspace.database

        def work(_progress: Progress) -> dict[Stage, StageBudget]:
            with database.read() as session:
                return stage_budgets(session, query)

        def done(budgets: object) -> None:
            if generation != self._generation or not isinstance(budgets, dict):
                return
            for stage, column in self.columns.items():
                column.show_totals(column.count, budgets.get(stage, StageBudget()))

        def failed(_error: BaseException, _details: str) -> None:
            pass  # the totals stay as they were; the counts and cards are what matter

        self._budget_task = run_in_background(work, on_done=done, on_error=failed, parent=self)

    def _show_filter_note(self) -> None:
        query = self.query
        if query.trash:
            text = self.tr("Showing the trash, as chosen on the Leads tab.")
        elif query.search.strip() and query.is_filtered():
            text = self.tr("Showing the leads that match “%1” and the Leads tab's filters.")
        elif query.search.strip():
            text = self.tr("Showing the leads that match “%1”.")
        elif query.is_filtered():
            text = self.tr("Showing the leads the Leads tab's filters keep.")
        else:
            text = ""
        self.filter_note.setText(text.replace("%1", query.search.strip()))

    def _order_chosen(self, _index: int) -> None:
        self.order = CardOrder(self.order_box.currentData())
        self._invalidate()

    def set_order(self, order: CardOrder) -> None:
        self.order_box.setCurrentIndex(self.order_box.findData(order.value))

    # Moving cards.

    def _dropped(self, ids: list[int], source: Stage, target: Stage) -> None:
        # After the drag has ended: questions must not open inside the drop.
        QTimer.singleShot(0, lambda: self.move_cards(ids, source, target))

    def move_cards(self, ids: Sequence[int], source: Stage, target: Stage) -> bool:
        """Moves leads to ``target`` after asking what the rules require;
        False when the user declined or the move failed."""
        if not ids or source is target:
            return False
        sample = list(ids[:QUESTION_SAMPLE])
        bants = self.workspace.read(lambda s: [lead.bant for lead in get_leads(s, sample).values()])
        decision = ask_before_move(self, bants, source, target)
        if not decision.go or not self.workspace.move_stage(ids, target, decision.reason):
            return False
        self.cards.select_cards(target, ids)
        return True

    def step(self, column: StageColumn, step: int) -> None:
        """Moves the column's selected cards ``step`` stages along."""
        stages = list(Stage)
        position = stages.index(column.stage) + step
        if not 0 <= position < len(stages):
            return
        self.move_cards(column.selected_ids(), column.stage, stages[position])

    def _context_menu(self, column: StageColumn, position: QPoint) -> None:
        index = column.view.indexAt(position)
        if not index.isValid():
            return
        if not column.view.selectionModel().isSelected(index):
            column.view.setCurrentIndex(index)
        self.menu_requested.emit(column.view.viewport().mapToGlobal(position))

    # The highlighted card (LeadPicker).

    def _stage_of(self, lead_id: int) -> Stage | None:
        try:
            return self.workspace.lead(lead_id).stage
        except LeadNotFound:
            return None

    def current_id(self) -> int | None:
        return self.cards.current_id()

    def current_name(self) -> str:
        return self.cards.current_name()

    def selected_ids(self) -> list[int]:
        return self.cards.selected_ids()

    def select_lead(self, lead_id: int) -> bool:
        return self.cards.select_lead(lead_id)

    def _double_clicked(self, column: StageColumn, index: QModelIndex) -> None:
        lead_id = column.model.lead_id(index.row())
        if lead_id is not None:
            self.open_requested.emit(lead_id)
