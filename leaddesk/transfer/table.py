"""The shape every reader produces: a header and numbered rows of text.

Readers differ (CSV, workbooks, vCards) but all hand the mapping step the
same thing, so header detection and footer skipping live here once. Row
numbers are those the user sees in a spreadsheet program (the first line of
the file is row 1), so a report can point at the row to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from leaddesk.transfer.limits import MAX_CELL_CHARS, MAX_ROWS, raise_unreadable

Row = tuple[int, list[str]]
"""A spreadsheet row number and its cells as text."""

HEADER_SCAN = 30
"""Rows looked at to find the header below a preamble."""
FOOTER_SCAN = 50
"""Trailing short rows held back in case they are a footer."""
_FOOTER_WORDS = (
    "total", "copyright", "©", "(c)", "confidential", "generated", "records", "rows",
    "report", "all rights reserved", "exported", "filtered by",
)  # fmt: skip


@dataclass
class Table:
    """A file's header and rows. ``rows`` can be iterated once; reopen the
    file for another pass."""

    name: str
    kind: str
    headers: list[str]
    header_row: int
    rows: Iterator[Row]
    total: int | None = None
    """Rows expected, for progress (an estimate for CSV)."""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)
    """Rows that are not leads: preamble before the header and footer lines
    (known once ``rows`` is exhausted)."""


def blank(cells: list[str]) -> bool:
    # A cell is blank when strip() would leave nothing: empty or all spaces.
    return not any(cell and not cell.isspace() for cell in cells)


def _several_filled(cells: list[str]) -> bool:
    """Whether more than one cell holds something."""
    seen = False
    for cell in cells:
        if cell and not cell.isspace():
            if seen:
                return True
            seen = True
    return False


def find_header(rows: list[Row], recognised: Callable[[str], bool]) -> tuple[int, list[str]] | None:
    """The index in ``rows`` of the header row: the first row with the most
    cells that name a known field, else the first row about as wide as the
    widest of the first rows (a preamble is narrower than the table)."""
    # A row of nothing but punctuation (" , ,") names no column.
    candidates = [
        (i, cells)
        for i, (_, cells) in enumerate(rows)
        if any(ch.isalnum() for cell in cells for ch in cell)
    ]
    if not candidates:
        return None
    known = [sum(1 for cell in cells if recognised(cell)) for _, cells in candidates]
    best = max(known)
    if best:
        index = known.index(best)
        return candidates[index]
    widths = [sum(1 for cell in cells if cell.strip()) for _, cells in candidates]
    wide = max(widths)
    for (index, cells), width in zip(candidates, widths, strict=True):
        if width >= max(2, wide // 2) or width == wide:
            return index, cells
    return candidates[0]


def rows_below(first: list[Row], index: int) -> bool:
    """Whether anything follows the header at ``index`` among the first
    rows read (all of them when fewer than :data:`HEADER_SCAN`): a file
    with a header and nothing under it has no leads to import."""
    return len(first) >= HEADER_SCAN or not all(blank(cells) for _, cells in first[index + 1 :])


def checked(rows: Iterable[Row], name: str) -> Iterator[Row]:
    """Rows without blank ones, refusing a file past the row or cell limits."""
    count = 0
    for number, cells in rows:
        if blank(cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise_unreadable(
                f"{name} has more than {MAX_ROWS:,} rows; split it into smaller files."
            )
        if cells and max(map(len, cells)) > MAX_CELL_CHARS:
            raise_unreadable(
                f"Row {number} of {name} has a cell longer than {MAX_CELL_CHARS:,} "
                "characters; this does not look like a list of leads."
            )
        yield number, cells


def without_footer(rows: Iterable[Row], skipped: list[int]) -> Iterator[Row]:
    """Drops the lines report exports end with ("Grand Totals (25 records)",
    "Copyright …", "Confidential"): from the first trailing row with a
    single filled cell that reads like a footer to the end. Their numbers go
    to ``skipped``. Rows here still include blank ones."""
    held: list[Row] = []
    for row in rows:
        if _several_filled(row[1]):
            yield from held
            held.clear()
            yield row
            continue
        held.append(row)
        if len(held) > FOOTER_SCAN:
            yield from held
            held.clear()
    footer = False
    for number, cells in held:
        text = " ".join(cells).strip()
        if text and (footer or _reads_like_footer(text)):
            footer = True
            skipped.append(number)
        elif not footer:
            yield number, cells


def _reads_like_footer(text: str) -> bool:
    lowered = text.casefold()
    return any(word in lowered for word in _FOOTER_WORDS)


def padded(cells: list[str], width: int) -> list[str]:
    """Cells cut or padded to the header's width; cells beyond it are kept
    when they hold something (the mapping keeps them as extra columns)."""
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    if len(cells) > width and blank(cells[width:]):
        return cells[:width]
    return cells
