"""One kanban column: a header with the stage, its count and budget total,
over a list view of painted cards. The column takes the drops; the list view
starts the drags and handles the keys that move between and across stages."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.stages import Stage
from leaddesk.store.database import Database
from leaddesk.store.kanban import StageBudget

from leaddesk.ui.kanban_card import CardDelegate, card_height, readable_card_width
from leaddesk.ui.kanban_model import CardDrag, StageCardsModel

LAYOUT_BATCH = 200


def compact_amount(value: float) -> str:
    """12500 → "12.5k", 3400000 → "3.4M": a header has little room."""
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= limit:
            scaled = value / limit
            text = f"{scaled:.1f}" if scaled < 100 else f"{scaled:.0f}"
            return text.removesuffix(".0") + suffix
    return f"{value:.0f}"


class CardList(QListView):
    """The list of cards; arrows move the selection (Left/Right to the
    neighbouring column), Ctrl+Left/Right moves the selected cards a stage."""

    step_requested = Signal(int)
    """Move the selected cards by this many stages."""
    neighbour_requested = Signal(int)
    """Move the selection to the column this many stages away."""
    open_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            direction = -1 if key == Qt.Key.Key_Left else 1
            (self.step_requested if ctrl else self.neighbour_requested).emit(direction)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            model = self.model()
            if index.isValid() and isinstance(model, StageCardsModel):
                lead_id = model.lead_id(index.row())
                if lead_id is not None:
                    self.open_requested.emit(lead_id)
            event.accept()
            return
        super().keyPressEvent(event)


class CollapsedTitle(QWidget):
    """The title of a collapsed column, written upwards."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setMinimumWidth(self.fontMetrics().height() + 8)

    def set_text(self, text: str) -> None:
        self.text = text
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.translate(0, self.height())
        painter.rotate(-90)
        painter.setPen(self.palette().color(self.foregroundRole()))
        room = QRect(8, 0, self.height() - 16, self.width())
        painter.drawText(
            room, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.text
        )


class StageColumn(QFrame):
    """A stage's column; a drop of cards from another column asks to move them here."""

    cards_dropped = Signal(object, object, object)
    """(lead ids, the stage they come from, this stage)."""

    def __init__(
        self,
        database: Database,
        stage: Stage,
        *,
        collapsible: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"kanban-{stage.value}")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("%1 column").replace("%1", self.tr(stage.long_label)))
        self.model = StageCardsModel(database, stage, self)
        self.count = 0
        self.budget = StageBudget()

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setAccessibleName(self.tr("Stage and count"))
        self.budget_label = QLabel()
        self.budget_label.setAccessibleName(self.tr("Budget total"))
        self.budget_label.setStyleSheet("color: palette(placeholder-text);")
        self.collapse = QToolButton()
        self.collapse.setAutoRaise(True)
        self.collapse.setCheckable(True)
        self.collapse.setVisible(collapsible)
        self.collapse.setAccessibleName(self.tr("Collapse column"))
        self.collapse.toggled.connect(self.set_collapsed)
        self.vertical_title = CollapsedTitle()
        self.vertical_title.setVisible(False)

        self.view = CardList()
        self.view.setObjectName(f"kanban-cards-{stage.value}")
        self.view.setAccessibleName(self.tr("%1 cards").replace("%1", self.tr(stage.long_label)))
        self.view.setModel(self.model)
        self.view.setItemDelegate(CardDelegate(self.view))
        self.view.setUniformItemSizes(True)  # no per-row size query: 100k rows scroll freely
        # Laying out a column asks the model about every row (QListView's
        # hidden-row check); in batches the first cards show at once and
        # the rest follows between events instead of freezing the window.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(LAYOUT_BATCH)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.verticalScrollBar().setSingleStep(card_height(self.fontMetrics()) // 3)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.viewport().setAutoFillBackground(False)

        # Same header height with or without the collapse button, so the
        # first cards of all columns line up.
        button = self.fontMetrics().height() + 4
        self.collapse.setFixedSize(button, button)
        self.title.setMinimumHeight(button)
        heading = QHBoxLayout()
        heading.setContentsMargins(8, 6, 4, 0)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.collapse)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(heading)
        self.budget_label.setContentsMargins(8, 0, 8, 2)
        layout.addWidget(self.budget_label)
        layout.addWidget(self.vertical_title, 1)
        layout.addWidget(self.view, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.set_collapsed(False)

    # Header.

    def show_totals(self, count: int, budget: StageBudget | None) -> None:
        self.count = count
        if budget is not None:
            self.budget = budget
        name = self.tr(self.stage.label)
        self.title.setText(f"<b>{name}</b>&nbsp;&nbsp;{count:,}")
        self.vertical_title.set_text(f"{name}  {count:,}")
        if self.budget.leads:
            self.budget_label.setText(
                self.tr("Budget %1 · %2 lead(s)", "", self.budget.leads)
                .replace("%1", compact_amount(self.budget.total))
                .replace("%2", f"{self.budget.leads:,}")
            )
            self.budget_label.setToolTip(
                self.tr(
                    "The budgets of the leads with a confirmed Budget whose detail reads as "
                    "one amount, added as written."
                )
            )
        else:
            self.budget_label.setText(self.tr("No budgets given"))
            self.budget_label.setToolTip("")
        if not self.collapsed:
            self.setMinimumWidth(self.readable_width())  # the header's text may have grown

    def readable_width(self) -> int:
        """The narrowest the column is open: its header reads whole and a
        card shows a long name whole (kanban_card.READABLE_NAME); a board
        with less room folds a column or scrolls, it never cuts them."""
        margins = self._layout.contentsMargins()
        frame = 2 * self.frameWidth() + margins.left() + margins.right()
        bar = self.view.verticalScrollBar().sizeHint().width()
        cards = readable_card_width(self.view.font()) + bar
        heading = self.title.sizeHint().width() + self.collapse.width() + 12
        budget = self.budget_label.sizeHint().width()
        return frame + max(cards, heading, budget)

    def set_collapsed(self, collapsed: bool) -> None:
        self.collapse.blockSignals(True)
        self.collapse.setChecked(collapsed)
        self.collapse.blockSignals(False)
        self.collapse.setArrowType(Qt.ArrowType.RightArrow if collapsed else Qt.ArrowType.LeftArrow)
        self.collapse.setToolTip(
            self.tr("Expand column") if collapsed else self.tr("Collapse column")
        )
        self.collapse.setAccessibleName(self.collapse.toolTip())
        self.view.setVisible(not collapsed)
        self.budget_label.setVisible(not collapsed)
        self.title.setVisible(not collapsed)
        self.vertical_title.setVisible(collapsed)
        narrow = self.fontMetrics().height() * 2 + 8
        if collapsed:
            self.setMinimumWidth(narrow)
            self.setMaximumWidth(narrow)
            self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        else:
            self.setMinimumWidth(self.readable_width())
            self.setMaximumWidth(16_777_215)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def collapsed(self) -> bool:
        return self.collapse.isChecked()

    # Selection.

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        ids = [self.model.lead_id(row) for row in rows]
        return [i for i in ids if i is not None]

    def current_index(self) -> QModelIndex:
        return self.view.currentIndex()

    # Drops.

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> CardDrag | None:
        drag = CardDrag.from_mime(event.mimeData())
        if drag is None or drag.stage is self.stage or not drag.ids:
            return None
        return drag

    def _highlight(self, on: bool) -> None:
        self.setStyleSheet("StageColumn { border: 2px solid palette(highlight); }" if on else "")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event) is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self._highlight(True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event) is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._highlight(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._highlight(False)
        drag = self._accepts(event)
        if drag is None:
            event.ignore()
            return
        # The source model refuses to remove rows: the stage change (after
        # any question) refreshes both columns from the database.
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.cards_dropped.emit(list(drag.ids), drag.stage, self.stage)
