"""Reading CSV files as they come from spreadsheets and other tools.

The encoding is found by :mod:`leaddesk.transfer.encoding` (or given by
the user). Delimiters: comma, semicolon, tab or bar, whichever splits the
first rows most consistently. A preamble before the header (LinkedIn's
``Notes:``) and a footer after the rows (report totals, copyright lines,
a signature) are skipped and reported.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from leaddesk.transfer import encoding as encodings
from leaddesk.transfer.encoding import Encoding
from leaddesk.transfer.limits import MAX_ROWS, raise_unreadable
from leaddesk.transfer.table import (
    HEADER_SCAN,
    Row,
    Table,
    checked,
    locate_header,
    padded,
    rows_below,
    without_footer,
)

HEAD_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f", "\v"}


def read_csv(
    path: Path, recognised: Callable[[str], bool], forced_encoding: str | None = None
) -> Table:
    """The file's table; ``recognised`` tells a header cell naming a known
    field (to find the header below a preamble). ``forced_encoding`` is
    the user's choice of encoding, else it is found."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    detected, lines = detect_encoding(path, head, forced_encoding)
    encoding = detected.codec
    text = head.decode(encoding, errors="ignore")
    if _looks_binary(text):
        raise_unreadable(f"{path.name} is not a text file; it cannot be read as CSV.")
    delimiter = detect_delimiter(text, complete=len(head) < HEAD_BYTES)
    with path.open(encoding=encoding, newline="", errors="replace") as stream:
        first = list(itertools.islice(_records(stream, delimiter, path.name), HEADER_SCAN))
    header = locate_header(first, recognised)
    if header is None:
        raise_unreadable(f"{path.name} has no rows to import.")
    if not rows_below(first, header.index):
        raise_unreadable(f"{path.name} has a header row but no leads below it.")
    header_row = header.row
    if lines - header_row > MAX_ROWS:
        _refuse_when_too_long(path, encoding, delimiter, header_row)
    width = len(header.headers)
    table = Table(
        name=path.name,
        kind="csv",
        headers=[h.strip() for h in header.headers],
        header_row=header_row,
        rows=iter(()),
        total=max(0, lines - header_row),
        skipped_lines=header.preamble(first),
        encoding=detected,
        notes=[n for n in (detected.note, *header.note(path.name)) if n],
        headerless=header.headerless,
        samples=[padded(cells, width) for _, cells in header.data(first)],
    )
    rest = _records_after(path, encoding, delimiter, header_row)
    table.rows = checked(without_footer(_padded(rest, width), table.skipped_lines), path.name)
    return table


def _records_after(path: Path, encoding: str, delimiter: str, after: int) -> Iterator[Row]:
    """The records after number ``after``, read from a stream opened only
    once they are asked for: a table that is never read (a preview, a job
    the user cancels) keeps no file open."""
    with path.open(encoding=encoding, newline="", errors="replace") as stream:
        for number, cells in _records(stream, delimiter, path.name):
            if number > after:
                yield number, cells


def _refuse_when_too_long(path: Path, encoding: str, delimiter: str, header_row: int) -> None:
    """Refuses a file of more than :data:`MAX_ROWS` rows under its header
    before any is imported, rather than once they all were. Only a file
    with more lines than that is counted (a row may take several lines)."""
    with path.open(encoding=encoding, newline="", errors="replace") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            rows = sum(1 for n, cells in enumerate(reader, 1) if n > header_row and any(cells))
        except csv.Error:
            return  # the import says which row cannot be read
    if rows > MAX_ROWS:
        raise_unreadable(
            f"{path.name} has more than {MAX_ROWS:,} rows; split it into smaller files."
        )


def _padded(rows: Iterator[Row], width: int) -> Iterator[Row]:
    for number, cells in rows:
        yield number, padded(cells, width)


def _records(stream: io.TextIOBase, delimiter: str, name: str) -> Iterator[Row]:
    reader = csv.reader(stream, delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error:
        raise_unreadable(
            f"Row {number + 1} of {name} cannot be read (a cell is far too long or a quote "
            "is never closed)."
        )


def detect_encoding(path: Path, head: bytes, forced: str | None = None) -> tuple[Encoding, int]:
    """The file's encoding (``forced`` when the user chose one), and how
    many lines it has (for progress)."""
    if forced:
        return encodings.chosen(forced, head, path.name), encodings.scan(path).lines
    try:
        return encodings.detect(path, head)
    except ValueError:
        raise_unreadable(f"{path.name} is not a text file; it cannot be read as CSV.")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    control = sum(1 for ch in text[:8192] if ch in _CONTROL or ch == "\ufffd")
    return control > max(2, len(text[:8192]) // 100)


def detect_delimiter(text: str, *, complete: bool) -> str:
    """The delimiter that gives the most cells in rows of the same width
    (more than one column); a comma when nothing splits. Counting cells,
    not rows, keeps a stray bar or semicolon inside quoted multi-line
    notes from outvoting the real delimiter: split on the wrong one, each
    line of such a note is a short row of its own."""
    if not complete and "\n" in text:
        text = text[: text.rindex("\n")]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), 60))
        except csv.Error:
            continue
        widths = Counter(len(r) for r in rows if any(c.strip() for c in r))
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = (count * width if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best
