"""Cells merged over several rows: a company name written once beside each
of its contacts (B105:B107) belongs to every row it covers.

calamine reports the merged ranges of .xlsx and .xls sheets; for .ods it
reports none (python-calamine 0.9), so they are read here from the
sheet's ``table:number-rows-spanned`` attributes. Only spans down rows
are filled in: a cell merged across columns is one value, not one per
column.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_CONTENT = "content.xml"
_SPANNED = b"number-rows-spanned"
_MOST_REPEATS = 1_048_576
"""Rows or columns a single element may repeat (a sheet's limit)."""


class Merges:
    """Fills each row's cells from the merged cells above it."""

    def __init__(self, spans: list[tuple[int, int, int]]) -> None:
        """``spans`` are (first row, last row, column): row numbers as the
        user sees them, the column as an index into calamine's cells."""
        self._spans = sorted(s for s in spans if s[1] > s[0] and s[2] >= 0)
        self._next = 0
        self._active: list[tuple[int, int, str]] = []
        """(last row, column, value) of the spans the rows are inside."""

    def fill(self, number: int, cells: list[str]) -> None:
        """Fills the empty cells of row ``number`` (rows come in order)."""
        spans = self._spans
        if not self._active and (self._next >= len(spans) or spans[self._next][0] > number):
            return
        self._active = [a for a in self._active if a[0] >= number]
        for _last, column, value in self._active:
            if column < len(cells) and not cells[column].strip():
                cells[column] = value
        while self._next < len(spans) and spans[self._next][0] <= number:
            first, last, column = spans[self._next]
            self._next += 1
            if first == number and column < len(cells) and cells[column].strip():
                self._active.append((last, column, cells[column]))


def merged_ranges(data: Any, source: Path, kind: str, sheet: str) -> Merges | None:
    """The merged cells of a calamine sheet, None when it has none."""
    start = data.start
    offset = start[1] if start else 0
    if kind == "ods":
        try:
            spans = _ods_spans(source, sheet)
        except (SyntaxError, ValueError, KeyError, OSError, zipfile.BadZipFile):
            spans = []  # calamine read the sheet: it is only read without its merges
    else:
        ranges = data.merged_cell_ranges or []
        spans = [(top + 1, bottom + 1, left) for (top, left), (bottom, _right) in ranges]
    spans = [(first, last, column - offset) for first, last, column in spans]
    return Merges(spans) if spans else None


def _ods_spans(source: Path, sheet: str) -> list[tuple[int, int, int]]:
    """(first row, last row, column) of the cells of ``sheet`` that span
    several rows, from content.xml (already checked safe to parse)."""
    from defusedxml.ElementTree import iterparse

    with zipfile.ZipFile(source) as archive:
        if not _mentions_spans(archive):
            return []
        spans: list[tuple[int, int, int]] = []
        row = 0
        inside = False
        open_elements: list[Any] = []
        with archive.open(_CONTENT) as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                if event == "start":
                    open_elements.append(element)
                    if element.tag == f"{{{_TABLE}}}table":
                        inside = element.get(f"{{{_TABLE}}}name") == sheet
                        row = 0
                    continue
                open_elements.pop()
                if element.tag != f"{{{_TABLE}}}table-row":
                    continue
                if inside:
                    _row_spans(element, row, spans)
                row += _count(element.get(f"{{{_TABLE}}}number-rows-repeated"))
                # Rows read are let go, so a long sheet takes no more memory.
                if open_elements:
                    open_elements[-1].remove(element)
        return spans


def _row_spans(element: Any, row: int, spans: list[tuple[int, int, int]]) -> None:
    column = 0
    for cell in element:
        if cell.tag not in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
            continue
        down = _count(cell.get(f"{{{_TABLE}}}number-rows-spanned"))
        if down > 1 and cell.tag.endswith("}table-cell"):
            spans.append((row + 1, row + down, column))
        column += _count(cell.get(f"{{{_TABLE}}}number-columns-repeated"))


def _mentions_spans(archive: zipfile.ZipFile) -> bool:
    """Whether content.xml has any cell spanning rows (read in chunks, so a
    sheet without merges costs one quick pass)."""
    tail = b""
    with archive.open(_CONTENT) as stream:
        while chunk := stream.read(1024 * 1024):
            if _SPANNED in tail + chunk:
                return True
            tail = chunk[-len(_SPANNED) :]
    return False


def _count(text: str | None) -> int:
    try:
        return min(max(int(text or 1), 1), _MOST_REPEATS)
    except ValueError:
        return 1
