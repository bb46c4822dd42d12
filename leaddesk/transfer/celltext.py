"""How LeadDesk's export writes text into a cell, so that no spreadsheet
evaluates it and reading the file back gives exactly the text written.

Three rules, each undone exactly when LeadDesk reads its own export (the
rules are written out for people in docs/import-export.md):

1. **Characters a cell cannot hold** — control characters other than tab,
   line feed and carriage return, and U+FFFE and U+FFFF — are written the
   way Excel writes them, ``_xHHHH_``; text that already holds such a
   sequence has its underscore written ``_x005F_``, as Excel does. In an
   .xlsx file a carriage return is written ``_x000D_`` too (XML readers
   turn a raw one into a line feed), and so is the first character of text
   made only of spaces (openpyxl 3.1 writes such text without
   ``xml:space="preserve"``, so readers drop it; ``_x0020_`` is read as
   the space it stands for, the escaped text is not blank any more, and
   openpyxl keeps the rest of the spaces).
2. **Formulas**: text beginning with ``=`` ``+`` ``-`` ``@``, tab or carriage
   return is never evaluated. In .xlsx it is a text cell (never a formula)
   with Excel's "quote prefix" style, so that editing the cell in Excel
   keeps it text; nothing is added to the text. In .csv it gets a leading
   apostrophe, and so does text that already begins with an apostrophe:
   reading takes exactly one leading apostrophe off, so ``'=x`` and
   ``''=twice`` come back as they were written.
3. **Lists** (tags, further emails and phones) are written in one cell,
   items separated by ``, `` (tags) or ``; ``; an item that is empty, holds
   a comma, semicolon, double quote or line break, or begins or ends with
   white space is put in double quotes, its own double quotes doubled.

Exports written before these rules (before lead IDs) are read as they were
written: see :func:`legacy_unprotect`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

FORMULA_START = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet evaluate a cell."""
_CSV_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XLSX_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NEEDS_QUOTES = re.compile(r'^$|^\s|\s$|[,;"\r\n]')


def _escaped(found: re.Match[str]) -> str:
    character = found.group()
    return "_x005F_" if character == "_" else f"_x{ord(character):04X}_"


def to_csv(text: str) -> str:
    """A text as LeadDesk writes it into a CSV cell."""
    plain = text.isprintable() and "_x" not in text  # the usual cell: nothing to escape
    escaped = text if plain else _CSV_ESCAPE.sub(_escaped, text)
    if escaped[:1] in FORMULA_START or escaped[:1] == "'":
        return "'" + escaped
    return escaped


def from_csv(text: str) -> str:
    """The text :func:`to_csv` wrote into a cell."""
    if text[:1] == "'":
        text = text[1:]
    if "_x" in text:
        text = _UNESCAPE.sub(lambda found: chr(int(found.group(1), 16)), text)
    return text


def to_xlsx(text: str) -> tuple[str, bool]:
    """A text as LeadDesk writes it into an .xlsx cell, and whether the
    cell needs the quote prefix (see rule 2). The reader (calamine, as Excel
    and LibreOffice) takes the escapes off by itself."""
    first = text[:1]
    if text.isprintable() and "_x" not in text and first != " ":
        return text, first in FORMULA_START  # the usual cell: nothing to escape
    quote = first in FORMULA_START
    text = _XLSX_ESCAPE.sub(_escaped, text)
    if text.isspace():
        text = f"_x{ord(text[0]):04X}_{text[1:]}"
    return text, quote


def join_items(items: Iterable[str], separator: str) -> str:
    """A list in one cell (rule 3)."""
    return separator.join(
        '"' + item.replace('"', '""') + '"' if _NEEDS_QUOTES.search(item) else item
        for item in items
    )


def split_items(text: str) -> list[str]:
    """The list :func:`join_items` wrote, also after a person edited it
    (items separated by commas or semicolons, spaces around them ignored).
    Quotes that do not enclose a whole item are part of its text."""
    items: list[str] = []
    position, end = 0, len(text)
    while position < end:
        while position < end and text[position] in " \t":
            position += 1
        if position < end and text[position] == '"':
            quoted = _quoted_item(text, position)
            if quoted is not None:
                item, position = quoted
                items.append(item)
                continue
        stop = _separator(text, position)
        item = text[position:stop].strip()
        if item:
            items.append(item)
        position = stop + 1
    return items


def _separator(text: str, start: int) -> int:
    found = [i for i in (text.find(",", start), text.find(";", start)) if i >= 0]
    return min(found, default=len(text))


def _quoted_item(text: str, start: int) -> tuple[str, int] | None:
    """The quoted item at ``start`` and where the next one begins; None when
    the quotes do not enclose the whole item."""
    position = start + 1
    while True:
        found = text.find('"', position)
        if found < 0:
            return None
        if text[found + 1 : found + 2] == '"':
            position = found + 2
            continue
        break
    after = found + 1
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] not in ",;":
        return None
    return text[start + 1 : found].replace('""', '"'), after + 1


def legacy_unprotect(text: str) -> str:
    """Undoes the apostrophe of a CSV export written before lead IDs, which
    added one only before text starting like a formula, or with an
    apostrophe and such a character."""
    if text[:1] == "'" and (
        text[1:2] in FORMULA_START or (text[1:2] == "'" and text[2:3] in FORMULA_START)
    ):
        return text[1:]
    return text


def cell_reader(version: int, kind: str) -> Callable[[str], str] | None:
    """What undoes the escapes in a cell of a file written by export
    ``version`` (see :func:`leaddesk.transfer.columns.export_version`) as
    ``kind`` ("csv", "xlsx"…); None when nothing needs undoing (a workbook's
    reader takes its escapes off itself, and other files have none)."""
    from leaddesk.transfer.columns import CURRENT, LEGACY

    if kind != "csv":
        return None
    return {CURRENT: from_csv, LEGACY: legacy_unprotect}.get(version)
