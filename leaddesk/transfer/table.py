"""The shape every reader produces: a header and numbered rows of text.

Readers differ (CSV, workbooks, vCards) but all hand the mapping step the
same thing, so header detection and footer skipping live here once. Row
numbers are those the user sees in a spreadsheet program (the first line of
the file is row 1), so a report can point at the row to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from leaddesk.transfer.encoding import Encoding
from leaddesk.transfer.fields import Field
from leaddesk.transfer.guess import looks_like_contact
from leaddesk.transfer.limits import MAX_CELL_CHARS, MAX_ROWS, raise_unreadable

Row = tuple[int, list[str]]
"""A spreadsheet row number and its cells as text."""

HEADER_SCAN = 30
"""Rows looked at to find the header below a preamble."""
FOOTER_SCAN = 50
"""Trailing rows held back in case they are a footer."""
WIDE = 0.8
"""Share of rows with several filled cells from which a row of one filled
cell does not look like the rows above."""
_FOOTER_WORDS = (
    "total", "copyright", "©", "(c)", "confidential", "generated", "records", "rows",
    "report", "all rights reserved", "exported", "filtered by", "update", "stand:",
    "summe", "gesamt", "vertraulich", "aktualisiert", "zuletzt", "exportiert", "totaal",
    "bijgewerkt", "totale", "aggiornat", "mise à jour", "actualiza", "atualizad", "итого",
    "всего", "обновлен", "合計", "合计", "总计", "小計", "更新",
)  # fmt: skip
"""Words of the lines report exports and owners end a table with."""
_FOOTER_WORD = re.compile(
    r"\b(?:grand )?(?:sub)?totals?\b|\bsumme\b|\bgesamt|\binsgesamt\b|\btotaal\b|"
    r"\btotale\b|\bитого\b|\bвсего\b|合計|合计|总计|\blast updated?\b|\bstand\b|"
    r"\baktualisiert\b|\bupdated\b|\bmise à jour\b|\bactualizado\b|\baggiornato\b|"
    r"\bbijgewerkt\b|\batualizado\b|\bобновлено\b|更新",
    re.IGNORECASE,
)
"""The same, as whole words, for a row of several cells ("Total" beside sums)."""
_DATE = re.compile(r"\b[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{2,4}\b")


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
    encoding: Encoding | None = None
    """How a text file's bytes were read (None for workbooks)."""
    notes: list[str] = field(default_factory=list)
    """Sentences the user should read before importing (an encoding that
    was a guess, a file without a header row)."""
    headerless: bool = False
    """The file has no header row: every row is a lead (``headers`` are
    empty and the columns are matched by their content)."""
    samples: list[list[str]] = field(default_factory=list)
    """The first rows under the header, for guessing columns from values."""
    fields: list[Field] | None = None
    """The field of each column when the reader knows it (a vCard's)."""


def blank(cells: list[str]) -> bool:
    # A cell is blank when strip() would leave nothing: empty or all spaces.
    return not any(cell and not cell.isspace() for cell in cells)


@dataclass(frozen=True, slots=True)
class Header:
    """Where a table's header is among its first rows."""

    index: int
    """Its index in the rows looked at; -1 for a file without one."""
    headers: list[str]
    row: int
    """Its spreadsheet row number; 0 for a file without one."""

    @property
    def headerless(self) -> bool:
        return self.index < 0

    def preamble(self, first: list[Row]) -> list[int]:
        """Row numbers of the filled rows above the header."""
        return [n for n, cells in first[: max(self.index, 0)] if not blank(cells)]

    def data(self, first: list[Row]) -> list[Row]:
        """Those of the first rows that come under the header."""
        return first[self.index + 1 :]

    def note(self, name: str) -> list[str]:
        if not self.headerless:
            return []
        return [
            f"{name} has no header row (its first row is a lead, with an email or phone "
            "number): its columns were matched by their content."
        ]


def locate_header(rows: list[Row], recognised: Callable[[str], bool]) -> Header | None:
    """The header among ``rows``: the first row with the most cells that
    name a known field; else, when the first row holds an email or phone
    number (which a header never does), no header at all; else the first
    row about as wide as the widest of the first rows (a preamble is
    narrower than the table). None when the rows hold nothing."""
    # A row of nothing but punctuation (" , ,") names no column.
    candidates = [
        (i, cells)
        for i, (_, cells) in enumerate(rows)
        if any(ch.isalnum() for cell in cells for ch in cell)
    ]
    if not candidates:
        return None
    headers = [(i, c) for i, c in candidates if not any(looks_like_contact(x) for x in c)]
    known = [sum(1 for cell in cells if recognised(cell)) for _, cells in headers]
    best: int = max(known, default=0)
    if best:
        index, cells = headers[known.index(best)]
        return Header(index, cells, rows[index][0])
    if not headers or headers[0][0] != candidates[0][0]:
        width = max(len(cells) for _, cells in rows)
        return Header(-1, [""] * width, 0)
    widths = [sum(1 for cell in cells if cell.strip()) for _, cells in headers]
    wide = max(widths)
    for (index, cells), width in zip(headers, widths, strict=True):
        if width >= max(2, wide // 2) or width == wide:
            return Header(index, cells, rows[index][0])
    index, cells = headers[0]
    return Header(index, cells, rows[index][0])


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
    """Drops the lines a table ends with that do not look like its rows, as
    a preamble is dropped above the header: report totals ("Grand Totals
    (25 records)", "Total" beside sums), "Copyright …", a signature ("last
    update 01.03.2024 Anna"), or any single filled cell under rows that
    fill several. Such rows are held back until a row like the others
    follows (then they were leads after all); those the table ends with
    are skipped, and their numbers go to ``skipped``. A row with an email
    or phone number is a lead. Rows here still include blank ones."""
    held: list[Row] = []
    filled_rows = several = 0
    for row in rows:
        cells = row[1]
        count, first = _filled(cells)
        if not count:
            held.append(row)
            continue
        wide = several >= WIDE * filled_rows > 0
        if count <= _MOST_FOOTER_CELLS and _footer_like(cells, count, first, wide=wide):
            held.append(row)
            if len(held) > FOOTER_SCAN:
                yield from held
                held.clear()
            continue
        yield from held
        held.clear()
        yield row
        filled_rows += 1
        several += count > 1
    for number, cells in held:
        if not blank(cells):
            skipped.append(number)


_MOST_FOOTER_CELLS = 4
"""A row filling more cells is a row of the table."""


def _filled(cells: list[str]) -> tuple[int, str]:
    """How many cells are filled (counted up to one past
    :data:`_MOST_FOOTER_CELLS`), and the first of them ("" for a row of
    the table's width, which no footer fills: most rows, counted without
    a loop in Python; cells of only spaces count as filled there)."""
    if len(cells) - cells.count("") > _MOST_FOOTER_CELLS:
        return _MOST_FOOTER_CELLS + 1, ""
    count = 0
    first = ""
    for cell in cells:
        if cell and not cell.isspace():
            count += 1
            if count == 1:
                first = cell
            elif count > _MOST_FOOTER_CELLS:
                break
    return count, first


def _footer_like(cells: list[str], count: int, first: str, *, wide: bool) -> bool:
    if count == 1:
        text = first.strip()
        if looks_like_contact(text):
            return False
        return wide or _reads_like_footer(text) or bool(_DATE.search(text))
    if not _FOOTER_WORD.search(first):
        return False
    return not any(looks_like_contact(cell) for cell in cells if cell and not cell.isspace())


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
