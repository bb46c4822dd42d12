"""The lead table's header: its layout saved and restored by column key,
and columns sized to their content at the first start.

Qt's own header state is a list of sections by position: a custom field
that appears (an import kept a new column) would shift every column after
it, and a saved width or hidden column would land on the wrong one. Here
the state names each column, so a column that comes or goes moves nothing
else. A state saved by Qt's header (before this one) is still read.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QHeaderView, QWidget

STATE_VERSION = 1
MAX_CHARACTERS = 34
"""Widest a column is sized to its content, in average characters."""
FIT_ROWS = 40
"""Rows looked at to size a column: about what a window shows first."""


class KeyedColumns(Protocol):
    """What the header needs of its model."""

    def column_key(self, section: int) -> str: ...
    def section_of(self, key: str) -> int | None: ...
    def column_sample(self, section: int) -> str: ...
    def columnCount(self) -> int: ...
    def rowCount(self) -> int: ...
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = ...) -> Any: ...
    def index(self, row: int, column: int) -> Any: ...


class LeadHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        # As the header a table view makes for itself: a click sorts.
        self.setSectionsClickable(True)
        self.restored = False
        """Whether a saved layout was applied (else the first start sizes
        the columns to their content)."""

    def _columns(self) -> KeyedColumns:
        model = self.model()
        assert model is not None and hasattr(model, "column_key")
        return model  # type: ignore[return-value]

    def saveState(self) -> QByteArray:
        columns = self._columns()
        layout = []
        for visual in range(self.count()):
            section = self.logicalIndex(visual)
            layout.append(
                {
                    "key": columns.column_key(section),
                    "width": self.sectionSize(section),
                    "hidden": self.isSectionHidden(section),
                }
            )
        state: dict[str, Any] = {"lead_header": STATE_VERSION, "columns": layout}
        if self.isSortIndicatorShown():
            state["sort"] = {
                "key": columns.column_key(self.sortIndicatorSection()),
                "descending": self.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
            }
        return QByteArray(json.dumps(state).encode())

    def restoreState(self, state: QByteArray | bytes | bytearray | memoryview) -> bool:
        data = bytes(state.data()) if isinstance(state, QByteArray) else bytes(state)
        try:
            saved = json.loads(data.decode())
        except (UnicodeDecodeError, ValueError):
            saved = None
        if not isinstance(saved, dict) or saved.get("lead_header") != STATE_VERSION:
            self.restored = super().restoreState(QByteArray(data))
            return self.restored
        columns = self._columns()
        visual = 0
        for entry in saved.get("columns", []):
            section = columns.section_of(str(entry.get("key", "")))
            if section is None:
                continue  # a custom field no lead has any more
            self.moveSection(self.visualIndex(section), visual)
            visual += 1
            width = entry.get("width")
            if isinstance(width, int) and width > 0:
                self.resizeSection(section, width)
            self.setSectionHidden(section, bool(entry.get("hidden")))
        sort = saved.get("sort")
        if isinstance(sort, dict):
            section = columns.section_of(str(sort.get("key", "")))
            if section is not None:
                order = (
                    Qt.SortOrder.DescendingOrder
                    if sort.get("descending")
                    else (Qt.SortOrder.AscendingOrder)
                )
                self.setSortIndicator(section, order)
        self.restored = True
        return True

    def fit_to_contents(self) -> None:
        """Sizes each shown column to its content (see :meth:`fit_section`)."""
        for section in range(self.count()):
            if not self.isSectionHidden(section):
                self.fit_section(section)

    def fit_section(self, section: int) -> None:
        """Sizes a column to its title and the rows read so far, and to a
        sample of the longest it usually holds (a phone number in
        international form), within :data:`MAX_CHARACTERS`."""
        columns = self._columns()
        view = self.parentWidget()
        metrics = view.fontMetrics() if view is not None else self.fontMetrics()
        padding = metrics.averageCharWidth() * 3
        widest = metrics.averageCharWidth() * MAX_CHARACTERS
        title = str(columns.headerData(section, Qt.Orientation.Horizontal) or "")
        texts = [columns.column_sample(section)]
        texts += [
            str(columns.index(row, section).data() or "")
            for row in range(min(columns.rowCount(), FIT_ROWS))
        ]
        needed = max(metrics.horizontalAdvance(text) for text in texts) + padding
        # The title leaves room for the sort arrow too.
        needed = max(needed, self.fontMetrics().horizontalAdvance(title) + padding * 2)
        self.resizeSection(section, min(needed, widest))
