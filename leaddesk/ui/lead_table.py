"""The lead table: a model that reads the current query a page at a time,
and the delegate that paints the temperature badge.

The model holds a bounded cache of pages of :class:`LeadSummary` rows, never
every lead; sorting, filtering and searching are the store's SQL. The row
count comes capped at once (so a million leads open instantly) and exact a
moment later from a background count.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from leaddesk.domain.bant import Temperature
from leaddesk.domain.clock import to_local, utcnow
from leaddesk.domain.contact import format_international
from leaddesk.domain.sources import source_label
from leaddesk.domain.stages import DEFAULT_SAL_DAYS, sal_overdue
from leaddesk.store import settings
from leaddesk.store.database import Database
from leaddesk.store.queries import LeadQuery, LeadSummary, SortKey, count_leads, page_leads

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.palette import icon, temperature_colors, warning_color

LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TEMPERATURE_ROLE = Qt.ItemDataRole.UserRole + 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3

PAGE = 100
CACHED_PAGES = 40
COUNT_CAP = 1_000

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort: SortKey | None
    width: int  # in average character widths


COLUMNS: tuple[Column, ...] = (
    Column("name", str(QT_TRANSLATE_NOOP("LeadTableModel", "Name")), SortKey.NAME, 22),
    Column("company", str(QT_TRANSLATE_NOOP("LeadTableModel", "Company")), SortKey.COMPANY, 24),
    Column("title", str(QT_TRANSLATE_NOOP("LeadTableModel", "Title")), SortKey.TITLE, 18),
    Column("stage", str(QT_TRANSLATE_NOOP("LeadTableModel", "Stage")), SortKey.STAGE, 11),
    Column(
        "temperature",
        str(QT_TRANSLATE_NOOP("LeadTableModel", "Temperature")),
        SortKey.TEMPERATURE,
        11,
    ),
    Column("score", str(QT_TRANSLATE_NOOP("LeadTableModel", "Score")), SortKey.SCORE, 6),
    Column("source", str(QT_TRANSLATE_NOOP("LeadTableModel", "Source")), SortKey.SOURCE, 14),
    Column("email", str(QT_TRANSLATE_NOOP("LeadTableModel", "Email")), SortKey.EMAIL, 28),
    Column("phone", str(QT_TRANSLATE_NOOP("LeadTableModel", "Phone")), SortKey.PHONE, 17),
    Column(
        "follow_up",
        str(QT_TRANSLATE_NOOP("LeadTableModel", "Next follow-up")),
        SortKey.FOLLOW_UP,
        13,
    ),
    Column(
        "last_activity",
        str(QT_TRANSLATE_NOOP("LeadTableModel", "Last activity")),
        SortKey.LAST_ACTIVITY,
        13,
    ),
    Column("created", str(QT_TRANSLATE_NOOP("LeadTableModel", "Created")), SortKey.CREATED, 12),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}


def relative_day(day: date, today: date) -> str:
    """ "Today", "Tomorrow", "Yesterday", else the date."""
    delta = (day - today).days
    words = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}
    if delta in words:
        return QCoreApplication.translate("LeadTableModel", words[delta])
    return day.strftime("%d %b %Y")


# Parsing a number again to format it costs about 0.2 ms, most of a row's
# cells; the same numbers come back page after page.
_international = lru_cache(maxsize=4096)(format_international)


def _cells(row: LeadSummary, today: date) -> tuple[str, ...]:
    last = to_local(row.last_activity_at).date() if row.last_activity_at else None
    phone = _international(row.phone_e164) if row.phone_e164 else row.phone
    return (
        row.display_name,
        row.company,
        row.title,
        row.stage.label,
        row.temperature.label,
        str(row.score),
        source_label(row.source),
        row.email,
        phone,
        relative_day(row.next_follow_up, today) if row.next_follow_up else "",
        relative_day(last, today) if last else "",
        to_local(row.created_at).strftime("%d %b %Y"),
    )


@dataclass
class _Page:
    """A page of rows; each row's cell texts are made when first shown (a
    view shows a few dozen of a page's rows)."""

    rows: list[LeadSummary]
    today: date
    cells: list[tuple[str, ...] | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cells = [None] * len(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, offset: int) -> tuple[LeadSummary, tuple[str, ...]]:
        summary = self.rows[offset]
        cells = self.cells[offset]
        if cells is None:
            cells = self.cells[offset] = _cells(summary, self.today)
        return summary, cells


class LeadTableModel(QAbstractTableModel):
    count_changed = Signal(int, bool)
    """The number of leads the query keeps, and whether it is exact."""

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._query = LeadQuery()
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._rows = 0
        self._exact = True
        self._generation = 0
        self._count_task: Task | None = None
        self._today = date.today()
        self._now = utcnow()
        self._sal_days = DEFAULT_SAL_DAYS

    # Query and refresh.

    @property
    def query(self) -> LeadQuery:
        return self._query

    def set_query(self, query: LeadQuery) -> None:
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Counts again and drops the cache; views keep their scroll position
        when the number of rows stays the same.

        The first page is read here, as any view asks for it next; when it
        is not full it is the count too, else a count capped at
        :data:`COUNT_CAP` follows (milliseconds through the search index).
        """
        self._generation += 1
        self._today = date.today()
        self._now = utcnow()
        with self.database.read() as session:
            first = page_leads(session, self._query, limit=PAGE)
            count = len(first)
            if count == PAGE:
                count = count_leads(session, self._query, cap=COUNT_CAP)
            self._sal_days = settings.sal_days(session)
        exact = count <= COUNT_CAP
        if count == self._rows and exact == self._exact:
            self._pages.clear()
            self._pages[0] = _Page(first, self._today)
            if count:
                self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._pages.clear()
            self._pages[0] = _Page(first, self._today)
            self._rows = count
            self._exact = exact
            self.endResetModel()
        self.count_changed.emit(self._rows, exact)
        if not exact:
            self._count_exactly()

    def _count_exactly(self) -> None:
        # One exact count at a time: a count of a million leads takes
        # seconds, and one per keystroke would pile up on both cores and
        # slow every page read after them. A count that finishes for an
        # older query starts the one for the current query.
        if self._count_task is not None and self._count_task.running:
            return
        generation = self._generation
        query = self._query

        def count(progress: Progress) -> int:
            with self.database.read() as session:
                return count_leads(session, query)

        def done(total: object) -> None:
            if generation != self._generation:
                if not self._exact:
                    self._count_exactly()
                return
            if not isinstance(total, int):
                return
            if total > self._rows:
                self.beginInsertRows(QModelIndex(), self._rows, total - 1)
                self._rows = total
                self.endInsertRows()
            elif total < self._rows:
                self.beginRemoveRows(QModelIndex(), total, self._rows - 1)
                self._rows = total
                self.endRemoveRows()
            self._exact = True
            self.count_changed.emit(total, True)

        self._count_task = run_in_background(count, on_done=done, parent=self)

    def row_count_is_exact(self) -> bool:
        return self._exact

    # Reading rows a page at a time.

    def _page(self, number: int) -> _Page:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        previous = self._pages.get(number - 1)
        # The offset too: ``after`` seeks only in the orders that can.
        after = previous.rows[-1] if previous and len(previous) == PAGE else None
        with self.database.read() as session:
            rows = page_leads(session, self._query, offset=number * PAGE, limit=PAGE, after=after)
        page = _Page(rows, self._today)
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def summary(self, row: int) -> LeadSummary | None:
        if not 0 <= row < self._rows:
            return None
        page = self._page(row // PAGE)
        offset = row % PAGE
        return page.rows[offset] if offset < len(page) else None

    def lead_id(self, row: int) -> int | None:
        summary = self.summary(row)
        return summary.id if summary else None

    def cached_row_of(self, lead_id: int) -> int | None:
        """The row showing a lead, if its page is in the cache."""
        for number, page in self._pages.items():
            for offset, row in enumerate(page.rows):
                if row.id == lead_id:
                    return number * PAGE + offset
        return None

    def find_row(self, lead_id: int, limit: int = 5_000) -> int | None:
        """The row of a lead among the first ``limit`` rows."""
        cached = self.cached_row_of(lead_id)
        if cached is not None:
            return cached
        for number in range(min(self._rows, limit) // PAGE + 1):
            for offset, row in enumerate(self._page(number).rows):
                if row.id == lead_id:
                    return number * PAGE + offset
        return None

    # QAbstractTableModel.

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr(COLUMNS[section].title)
            if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section].key == "score":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        page = self._page(index.row() // PAGE)
        offset = index.row() % PAGE
        if offset >= len(page):
            return None  # the database shrank since counting; a refresh follows
        summary, cells = page.row(offset)
        column = COLUMNS[index.column()].key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(summary, column)
            return cells[index.column()]
        if role == LEAD_ID_ROLE:
            return summary.id
        if role == TEMPERATURE_ROLE:
            return summary.temperature.value
        if role == SUMMARY_ROLE:
            return summary
        if role == Qt.ItemDataRole.DecorationRole and column == "name" and summary.needs_review:
            return icon("dialog-warning")
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == "follow_up"
            and self._overdue(summary)
        ):
            return warning_color()
        if role == Qt.ItemDataRole.ForegroundRole and column == "stage" and self._sal_late(summary):
            return warning_color()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "score":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(summary, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == "stage" and self._sal_late(summary):
                return self.tr("%1, SAL overdue").replace("%1", cells[index.column()])
            return cells[index.column()]
        return None

    def _tooltip(self, summary: LeadSummary, column: str) -> str | None:
        if column == "name" and summary.needs_review:
            return self.tr("Needs review: a contact detail is not valid.")
        if column == "name" and summary.do_not_contact:
            return self.tr("Do not contact.")
        if column == "follow_up" and self._overdue(summary):
            return self.tr("Follow-up overdue")
        if column == "stage" and self._sal_late(summary):
            return self.tr(
                "SAL overdue: sales has not accepted or rejected this lead in %n day(s)",
                "",
                self._sal_days,
            )
        return None

    def _font(self, summary: LeadSummary, column: str) -> QFont | None:
        if column == "name" and summary.do_not_contact:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if column == "stage" and self._sal_late(summary):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _sal_late(self, summary: LeadSummary) -> bool:
        return sal_overdue(summary.stage, summary.stage_entered_at, self._now, self._sal_days)

    def _overdue(self, summary: LeadSummary) -> bool:
        return summary.next_follow_up is not None and summary.next_follow_up < self._today

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        sort = COLUMNS[column].sort
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort, descending) != (self._query.sort, self._query.descending):
            self.set_query(replace(self._query, sort=sort, descending=descending))


class TemperatureDelegate(QStyledItemDelegate):
    """Paints the temperature as a coloured badge."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        value = index.data(TEMPERATURE_ROLE)
        if not value:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        if style is not None:
            # Selection and focus backgrounds as for any other cell.
            plain = QStyleOptionViewItem(option)
            self.initStyleOption(plain, index)
            plain.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
        background, foreground = temperature_colors(Temperature(value))
        text = str(index.data(Qt.ItemDataRole.DisplayRole))
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance(text) + metrics.height()
        height = metrics.height() + 2
        rect = QRectF(
            option.rect.left() + 4,
            option.rect.center().y() - height / 2 + 0.5,
            min(width, option.rect.width() - 8),
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(foreground)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + option.fontMetrics.height(), size.height())


def format_moment(moment: datetime | None) -> str:
    return to_local(moment).strftime("%d %b %Y %H:%M") if moment else ""
