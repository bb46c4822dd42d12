"""Reading CSV files as they come from spreadsheets and other tools.

Encodings: UTF-8 with or without a byte-order mark, UTF-16 (with a mark,
or recognised by its zero bytes), else Windows-1252, else Latin-1 (which
reads any byte, so nothing is lost). Delimiters: comma, semicolon, tab or
bar, whichever splits the first rows most consistently. A preamble before
the header (LinkedIn's ``Notes:``) and a footer after the rows (report
totals, copyright lines) are skipped and reported.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from leaddesk.transfer.limits import raise_unreadable
from leaddesk.transfer.table import (
    HEADER_SCAN,
    Row,
    Table,
    checked,
    find_header,
    padded,
    rows_below,
    without_footer,
)

HEAD_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f", "\v"}


def read_csv(path: Path, recognised: Callable[[str], bool]) -> Table:
    """The file's table; ``recognised`` tells a header cell naming a known
    field (to find the header below a preamble)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    encoding, lines = detect_encoding(path, head)
    text = head.decode(encoding, errors="ignore")
    if _looks_binary(text):
        raise_unreadable(f"{path.name} is not a text file; it cannot be read as CSV.")
    delimiter = detect_delimiter(text, complete=len(head) < HEAD_BYTES)
    with path.open(encoding=encoding, newline="", errors="strict") as stream:
        first = list(itertools.islice(_records(stream, delimiter, path.name), HEADER_SCAN))
    found = find_header(first, recognised)
    if found is None:
        raise_unreadable(f"{path.name} has no rows to import.")
    index, headers = found
    if not rows_below(first, index):
        raise_unreadable(f"{path.name} has a header row but no leads below it.")
    header_row = first[index][0]
    table = Table(
        name=path.name,
        kind="csv",
        headers=[h.strip() for h in headers],
        header_row=header_row,
        rows=iter(()),
        total=max(0, lines - header_row),
        skipped_lines=[n for n, cells in first[:index] if any(c.strip() for c in cells)],
    )
    rest = _records_after(path, encoding, delimiter, header_row)
    table.rows = checked(
        without_footer(_padded(rest, len(headers)), table.skipped_lines), path.name
    )
    return table


def _records_after(path: Path, encoding: str, delimiter: str, after: int) -> Iterator[Row]:
    """The records after number ``after``, read from a stream opened only
    once they are asked for: a table that is never read (a preview, a job
    the user cancels) keeps no file open."""
    with path.open(encoding=encoding, newline="", errors="strict") as stream:
        for number, cells in _records(stream, delimiter, path.name):
            if number > after:
                yield number, cells


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
    except UnicodeDecodeError:
        raise_unreadable(f"{name} mixes text encodings and cannot be read safely.")


def detect_encoding(path: Path, head: bytes) -> tuple[str, int]:
    """The file's encoding, and how many lines it has (for progress)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, _count_lines(path)
    sample = head[:4096]
    zeros = sample.count(0)
    if zeros:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > half * 0.3 and even < half * 0.05:
            return "utf-16-le", _count_lines(path)
        if even > half * 0.3 and odd < half * 0.05:
            return "utf-16-be", _count_lines(path)
        raise_unreadable(f"{path.name} is not a text file; it cannot be read as CSV.")
    for candidate in ("utf-8", "cp1252"):
        lines = _decodes(path, candidate)
        if lines is not None:
            return candidate, lines
    return "latin-1", _count_lines(path)


def _decodes(path: Path, encoding: str) -> int | None:
    """Line count when the whole file decodes, else None (streamed)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1024 * 1024):
                decoder.decode(chunk)
                lines += chunk.count(b"\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return lines + 1


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            lines += chunk.count(b"\n")
    return lines + 1


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
