"""Which card the kanban highlights. One column at a time has a selection:
selecting a card, by click or with the arrow keys, clears the other
columns, so the board never shows two highlighted cards, and the current
lead (what Ctrl+L calls, see current_lead) is the one the user sees.

After the cards are read again the same row may hold another lead, or the
lead may have moved to another column: the highlight follows the lead
where a column shows it near its top, and goes otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer, Signal

from leaddesk.domain.stages import Stage

from leaddesk.ui.kanban_column import StageColumn

SELECT_AFTER_MOVE = 500
"""How far down a column a card is looked for to highlight it."""


class CardSelection(QObject):
    changed = Signal(object)
    """The highlighted card's lead id, or None."""

    def __init__(
        self,
        columns: dict[Stage, StageColumn],
        stage_of: Callable[[int], Stage | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        self._stage_of = stage_of
        self._current: int | None = None
        self._clearing = False
        for column in columns.values():
            selection = column.view.selectionModel()
            selection.selectionChanged.connect(lambda *_, c=column: self._moved(c))
            selection.currentChanged.connect(lambda *_, c=column: self._moved(c))

    def _moved(self, column: StageColumn) -> None:
        if self._clearing:
            return
        if column.view.selectionModel().hasSelection():
            self._clearing = True
            try:
                for other in self.columns.values():
                    if other is not column:
                        other.view.selectionModel().clear()
            finally:
                self._clearing = False
        self._follow()

    def _selected_column(self) -> StageColumn | None:
        for column in self.columns.values():
            if column.view.selectionModel().hasSelection():
                return column
        return None

    def _follow(self) -> None:
        # Within one click Qt moves the selection and the current card one
        # after the other: settled once both have moved.
        if self.current_id() is None and self._selected_column() is not None:
            QTimer.singleShot(0, self._settle)
        else:
            self._settle()

    def _settle(self) -> None:
        lead_id = self.current_id()
        if lead_id != self._current:
            self._current = lead_id
            self.changed.emit(lead_id)

    # What the kanban offers as a LeadPicker.

    def current_id(self) -> int | None:
        """The highlighted card: the current one of the column that has a
        selection, when it is selected."""
        column = self._selected_column()
        if column is None:
            return None
        index = column.current_index()
        if index.isValid() and column.view.selectionModel().isSelected(index):
            return column.model.lead_id(index.row())
        return None

    def current_name(self) -> str:
        column = self._selected_column()
        if column is None or self.current_id() is None:
            return ""
        card = column.model.card(column.current_index().row())
        return card.display_name if card is not None else ""

    def selected_ids(self) -> list[int]:
        column = self._selected_column()
        return [] if column is None else column.selected_ids()

    def select_lead(self, lead_id: int) -> bool:
        """Highlights the lead's card in its stage's column; False when the
        column is collapsed or does not show it near its top."""
        stage = self._stage_of(lead_id)
        column = None if stage is None else self.columns[stage]
        if column is None or column.collapsed:
            return False
        row = column.model.find_row(lead_id, limit=SELECT_AFTER_MOVE)
        if row is None:
            return False
        index = column.model.index(row)
        column.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        column.view.scrollTo(index)
        self._settle()
        return True

    def keep_current(self) -> None:
        """After the cards were read again: the same card may show another
        lead now, and the current lead may be in another column."""
        lead_id = self._current
        if lead_id is not None and self.current_id() != lead_id and not self.select_lead(lead_id):
            self._clearing = True
            try:
                for column in self.columns.values():
                    column.view.selectionModel().clear()
            finally:
                self._clearing = False
        self._settle()

    def enter(self) -> None:
        """Into the cards from the search field: the current card stays,
        else the first card of the first open column is highlighted."""
        if self.current_id() is not None:
            column = self._selected_column()
        else:
            shown = [c for c in self.columns.values() if not c.collapsed and c.model.rowCount()]
            column = shown[0] if shown else None
            if column is not None:
                column.view.setCurrentIndex(column.model.index(0))
        if column is not None:
            column.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def select_cards(self, stage: Stage, ids: Sequence[int]) -> None:
        """Highlights moved cards in their new column."""
        column = self.columns[stage]
        if column.collapsed:
            return
        rows = [column.model.find_row(i, limit=SELECT_AFTER_MOVE) for i in ids[:100]]
        found = sorted(r for r in rows if r is not None)
        if not found:
            return
        view = column.view
        selection = view.selectionModel()
        selection.clearSelection()
        for row in found:
            selection.select(column.model.index(row), QItemSelectionModel.SelectionFlag.Select)
        selection.setCurrentIndex(
            column.model.index(found[0]), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        view.scrollTo(column.model.index(found[0]))
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def neighbour(self, column: StageColumn, step: int) -> None:
        """The card at the same height in the next open column ``step``
        stages away, alone highlighted."""
        stages = list(Stage)
        position = stages.index(column.stage) + step
        row = max(column.current_index().row(), 0)
        while 0 <= position < len(stages):
            other = self.columns[stages[position]]
            if not other.collapsed and other.model.rowCount():
                index = other.model.index(min(row, other.model.rowCount() - 1))
                other.view.setCurrentIndex(index)
                other.view.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            position += step
