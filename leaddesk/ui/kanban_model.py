"""The cards of one kanban column as a list model.

The row count comes from the store's per-stage count; rows are read a page
at a time when a view asks for them and kept in a bounded cache, so a column
of 100,000 leads holds at most a few hundred cards in memory. Drags carry
the lead ids and the stage they come from.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from leaddesk.domain.clock import utcnow
from leaddesk.domain.stages import DEFAULT_SAL_DAYS, Stage, sal_overdue
from leaddesk.store.database import Database
from leaddesk.store.kanban import CardOrder, stage_cards
from leaddesk.store.queries import LeadQuery, LeadSummary

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
"""The card's :class:`LeadSummary`."""
LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 2
FOLLOW_UP_OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3
"""True when the next follow-up date has passed."""
SAL_OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 4
"""True for an MQL that sales has not accepted within the service level."""

CARD_MIME_TYPE = "application/x-leaddesk-cards"
PAGE = 40
CACHED_PAGES = 20

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CardDrag:
    """What a dragged set of cards carries."""

    stage: Stage
    ids: tuple[int, ...]

    def to_mime(self) -> QMimeData:
        mime = QMimeData()
        payload = json.dumps({"stage": self.stage.value, "ids": list(self.ids)})
        mime.setData(CARD_MIME_TYPE, QByteArray(payload.encode()))
        return mime

    @classmethod
    def from_mime(cls, mime: QMimeData | None) -> CardDrag | None:
        """The cards in a drag, None when it carries none (a file, text…)."""
        if mime is None or not mime.hasFormat(CARD_MIME_TYPE):
            return None
        try:
            payload = json.loads(bytes(mime.data(CARD_MIME_TYPE).data()).decode())
            return cls(Stage(payload["stage"]), tuple(int(i) for i in payload["ids"]))
        except (ValueError, KeyError, TypeError):
            return None


class StageCardsModel(QAbstractListModel):
    """The cards of one stage for the current query and card order."""

    def __init__(self, database: Database, stage: Stage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.stage = stage
        self.query = LeadQuery()
        self.order = CardOrder.SCORE
        self.sal_days = DEFAULT_SAL_DAYS
        self._rows = 0
        self._pages: OrderedDict[int, list[LeadSummary]] = OrderedDict()
        self._today = date.today()
        self._now = utcnow()

    def reset(self, query: LeadQuery, order: CardOrder, count: int, sal_days: int) -> None:
        """Shows ``count`` cards of ``query`` in ``order``; when only the
        cards changed (same query, order and count) views keep their scroll
        position and selection."""
        same = (query, order, count) == (self.query, self.order, self._rows)
        self._today = date.today()
        self._now = utcnow()
        self.sal_days = sal_days
        if same:
            self._pages.clear()
            if count:
                self.dataChanged.emit(self.index(0), self.index(count - 1))
            return
        self.beginResetModel()
        self.query = query
        self.order = order
        self._rows = count
        self._pages.clear()
        self.endResetModel()

    def _page(self, number: int) -> list[LeadSummary]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        with self.database.read() as session:
            page = stage_cards(
                session, self.query, self.stage, self.order, offset=number * PAGE, limit=PAGE
            )
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def card(self, row: int) -> LeadSummary | None:
        if not 0 <= row < self._rows:
            return None
        page = self._page(row // PAGE)
        offset = row % PAGE
        # Shorter than counted: the database changed since; a refresh follows.
        return page[offset] if offset < len(page) else None

    def lead_id(self, row: int) -> int | None:
        card = self.card(row)
        return card.id if card else None

    def find_row(self, lead_id: int, limit: int = 500) -> int | None:
        """The row of a lead among the first ``limit`` cards."""
        for number in range(min(self._rows, limit) // PAGE + 1):
            for offset, card in enumerate(self._page(number)):
                if card.id == lead_id:
                    return number * PAGE + offset
        return None

    def follow_up_overdue(self, card: LeadSummary) -> bool:
        return card.next_follow_up is not None and card.next_follow_up < self._today

    def sal_overdue(self, card: LeadSummary) -> bool:
        return sal_overdue(card.stage, card.stage_entered_at, self._now, self.sal_days)

    @property
    def today(self) -> date:
        """The day follow-ups are compared with, fixed at the last refresh."""
        return self._today

    # QAbstractListModel.

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        card = self.card(index.row())
        if card is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(card)
        if role == CARD_ROLE:
            return card
        if role == LEAD_ID_ROLE:
            return card.id
        if role == FOLLOW_UP_OVERDUE_ROLE:
            return self.follow_up_overdue(card)
        if role == SAL_OVERDUE_ROLE:
            return self.sal_overdue(card)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(card)
        return None

    def _describe(self, card: LeadSummary) -> str:
        """The card in words, for screen readers and keyboard search."""
        parts = [card.display_name]
        if card.company and card.company != card.display_name:
            parts.append(card.company)
        parts.append(card.temperature.label)
        parts.append(self.tr("score %1").replace("%1", str(card.score)))
        return ", ".join(parts)

    def _tooltip(self, card: LeadSummary) -> str:
        lines = [card.display_name]
        if card.company and card.company != card.display_name:
            lines.append(card.company)  # the card may have cut it
        if card.do_not_contact:
            lines.append(self.tr("Do not contact."))
        if card.next_follow_up is not None:
            day = card.next_follow_up.strftime("%d %b %Y")
            if self.follow_up_overdue(card):
                lines.append(self.tr("Follow-up overdue since %1.").replace("%1", day))
            else:
                lines.append(self.tr("Next follow-up: %1.").replace("%1", day))
        if self.sal_overdue(card):
            lines.append(
                self.tr(
                    "SAL overdue: sales has not accepted or rejected it within %n day(s).",
                    "",
                    self.sal_days,
                )
            )
        return "\n".join(lines)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids = [self.lead_id(row) for row in rows]
        return CardDrag(self.stage, tuple(i for i in ids if i is not None)).to_mime()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction
