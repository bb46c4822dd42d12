"""The lead table: a model that reads the current query a page at a time,
and the delegate that paints the temperature badge.

The model holds a bounded cache of pages of :class:`LeadSummary` rows, never
every lead; sorting, filtering and searching are the store's SQL. The row
count comes capped at once (so a million leads open instantly) and exact a
moment later from a background count.

Its columns are every field of a lead (the ones shown at first start, then
the rest) and one per custom field in the database, named as the import
named it; a custom field that appears or goes inserts or removes its
column, so the others keep their widths and places.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from PySide6.QtCore import (
    QAbstractTableModel,
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
from leaddesk.domain.stages import DEFAULT_SAL_DAYS, sal_overdue
from leaddesk.store import settings
from leaddesk.store.database import Database
from leaddesk.store.queries import (
    LeadQuery,
    LeadSummary,
    count_leads,
    custom_field_names,
    custom_values,
    page_leads,
    tag_map,
)

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.lead_columns import COLUMN_INDEX as COLUMN_INDEX
from leaddesk.ui.lead_columns import COLUMNS, Column, custom_column
from leaddesk.ui.lead_columns import cells as cells_of
from leaddesk.ui.lead_columns import relative_day as relative_day
from leaddesk.ui.palette import icon, temperature_colors, warning_color

LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TEMPERATURE_ROLE = Qt.ItemDataRole.UserRole + 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3

PAGE = 100
CACHED_PAGES = 40
COUNT_CAP = 1_000

_Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Page:
    """A page of rows, with their tags and custom fields; each row's cell
    texts are made when first shown (a view shows a few dozen of a page's
    rows)."""

    rows: list[LeadSummary]
    today: date
    names: list[str] = field(default_factory=list)
    """The custom fields' names, in column order."""
    tags: dict[int, list[str]] = field(default_factory=dict)
    custom: dict[int, dict[str, str]] = field(default_factory=dict)
    cells: list[tuple[str, ...] | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cells = [None] * len(self.rows)

    @classmethod
    def read(
        cls, session: Session, rows: list[LeadSummary], today: date, names: list[str]
    ) -> _Page:
        """The page of ``rows``: their tags and custom fields, one query
        each (none for a custom field when the database has none)."""
        ids = [row.id for row in rows]
        custom = custom_values(session, ids) if names and ids else {}
        return cls(rows, today, names, tag_map(session, ids), custom)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, offset: int) -> tuple[LeadSummary, tuple[str, ...]]:
        summary = self.rows[offset]
        cells = self.cells[offset]
        if cells is None:
            cells = self.cells[offset] = cells_of(
                summary,
                self.today,
                self.tags.get(summary.id, []),
                self.custom.get(summary.id, {}),
                self.names,
            )
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
        self._counted: LeadQuery | None = None
        """The query ``_rows`` counts."""
        self._recount = False
        """An exact count of the current query is still to come."""
        self._generation = 0
        self._count_task: Task | None = None
        self._today = date.today()
        self._now = utcnow()
        self._sal_days = DEFAULT_SAL_DAYS
        self.columns: list[Column] = list(COLUMNS)
        """Every column: the lead fields', then one per custom field."""
        with database.read() as session:
            self._set_custom_fields(custom_field_names(session))

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
            self._set_custom_fields(custom_field_names(session))
            first = page_leads(session, self._query, limit=PAGE)
            count = len(first)
            if count == PAGE:
                count = count_leads(session, self._query, cap=COUNT_CAP)
            self._sal_days = settings.sal_days(session)
            page = _Page.read(session, first, self._today, self.custom_names)
        exact = count <= COUNT_CAP
        if not exact and self._counted == self._query and self._rows > count:
            # The same query read again after an edit: the count it had is
            # closer than the cap. Cutting the rows to the cap until the
            # exact count is back would reset the table, drop the
            # highlight of a lead further down and put it on another.
            count, exact = self._rows, self._exact
        self._counted = self._query
        if count == self._rows:
            self._pages.clear()
            self._pages[0] = page
            self._exact = exact
            if count:
                last = self.index(count - 1, len(self.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
        else:
            self.beginResetModel()
            self._pages.clear()
            self._pages[0] = page
            self._rows = count
            self._exact = exact
            self.endResetModel()
        self.count_changed.emit(self._rows, exact)
        self._recount = count > COUNT_CAP
        if self._recount:
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
                if self._recount:
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
            self._recount = False
            self.count_changed.emit(total, True)

        self._count_task = run_in_background(count, on_done=done, parent=self)

    def row_count_is_exact(self) -> bool:
        return self._exact

    # Columns.

    @property
    def custom_names(self) -> list[str]:
        return [column.custom for column in self.columns if column.is_custom]

    def _set_custom_fields(self, names: list[str]) -> None:
        """One column per custom field, in name order after the lead
        fields': a field no lead has any more loses its column, a new one
        gets one, and the others stay as they are (widths, places)."""
        if names == self.custom_names:
            return
        self._pages.clear()  # their rows hold the former fields' values
        wanted = set(names)
        for section in reversed(range(len(COLUMNS), len(self.columns))):
            if self.columns[section].custom not in wanted:
                self.beginRemoveColumns(QModelIndex(), section, section)
                del self.columns[section]
                self.endRemoveColumns()
        for name in names:
            if name in self.custom_names:
                continue
            section = len(COLUMNS) + sorted([*self.custom_names, name]).index(name)
            self.beginInsertColumns(QModelIndex(), section, section)
            self.columns.insert(section, custom_column(name))
            self.endInsertColumns()

    def column_key(self, section: int) -> str:
        return self.columns[section].key

    def section_of(self, key: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.key == key), None)

    def column_sample(self, section: int) -> str:
        return self.columns[section].sample

    def column_title(self, section: int) -> str:
        """The column's title as its header shows it."""
        return str(self.headerData(section, Qt.Orientation.Horizontal))

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
            page = _Page.read(session, rows, self._today, self.custom_names)
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

    def find_row(self, lead_id: int, limit: int = 5_000, near: int | None = None) -> int | None:
        """The row of a lead among the first ``limit`` rows, or around row
        ``near`` (where it was before an edit) however far down that is."""
        cached = self.cached_row_of(lead_id)
        if cached is not None:
            return cached
        if near is not None and self._rows:
            middle = min(max(near, 0), self._rows - 1) // PAGE
            for number in (middle, middle - 1, middle + 1):
                if 0 <= number * PAGE < self._rows:
                    for offset, row in enumerate(self._page(number).rows):
                        if row.id == lead_id:
                            return number * PAGE + offset
        for number in range(min(self._rows, limit) // PAGE + 1):
            for offset, row in enumerate(self._page(number).rows):
                if row.id == lead_id:
                    return number * PAGE + offset
        return None

    # QAbstractTableModel.

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.title if column.is_custom else self.tr(column.title)
            if role == Qt.ItemDataRole.ToolTipRole and column.is_custom:
                return self.tr("“%1”, a column of an imported file").replace("%1", column.title)
            if role == Qt.ItemDataRole.TextAlignmentRole and column.key == "score":
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
        column = self.columns[index.column()].key
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
        if not 0 <= column < len(self.columns):
            return
        sort = self.columns[column].sort
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        field = self.columns[column].custom
        wanted = replace(self._query, sort=sort, sort_field=field, descending=descending)
        if wanted != self._query:
            self.set_query(wanted)


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
