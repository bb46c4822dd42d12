"""Choosing the reader for a file: by what the file holds first (a
renamed .xlsx is still read as a workbook, a PDF named .csv is refused
with a clear sentence), then by its extension. Every file is read in a
reading process with bounded memory and time (:mod:`leaddesk.transfer.sandbox`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from leaddesk.transfer.csvfile import read_csv
from leaddesk.transfer.limits import check_file, raise_unreadable
from leaddesk.transfer.mapping import recognised
from leaddesk.transfer.sandbox import Reading, start_reading
from leaddesk.transfer.table import Table
from leaddesk.transfer.vcard import read_vcard
from leaddesk.transfer.workbook import read_workbook

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".vcf", ".vcard")
_FOREIGN = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "an image"),
    (b"GIF8", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
    (b"\x1f\x8b", "a compressed archive"),
    (b"Rar!", "a compressed archive"),
    (b"7z\xbc\xaf", "a compressed archive"),
    (b"SQLite format 3", "a database"),
)


def read_table(path: Path, sheet: str | None = None, encoding: str | None = None) -> Table:
    """The file's table of rows; raises UnreadableFile with one sentence
    when the file cannot be imported. ``encoding`` is the user's choice for
    a text file (CSV, vCard), else it is found; workbooks say their own.
    The file is read in a reading process of its own."""
    return start_table(path, sheet, encoding).table()


def start_table(path: Path, sheet: str | None = None, encoding: str | None = None) -> Reading:
    """:func:`read_table`, started: its reading process runs while the
    caller does something else; ``.table()`` waits for the table."""
    check_file(path)
    return start_reading(read_here, path, sheet, encoding)


def read_here(path: Path, sheet: str | None = None, encoding: str | None = None) -> Table:
    """:func:`read_table` in this process: for the reading process, which
    has the limits that make it safe."""
    check_file(path)
    kind = sniff(path)
    if kind in ("xlsx", "xls", "ods"):
        return read_workbook(path, kind, recognised, sheet)
    if kind == "vcf":
        return read_vcard(path, encoding)
    return read_csv(path, recognised, encoding)


def sniff(path: Path) -> str:
    """ "xlsx", "xls", "ods", "vcf" or "csv"."""
    with path.open("rb") as handle:
        head = handle.read(512)
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _archive_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    for magic, what in _FOREIGN:
        if head.startswith(magic):
            raise_unreadable(f"{path.name} is {what}, not a spreadsheet or vCard file.")
    if suffix in (".xlsx", ".xlsm", ".ods", ".xls"):
        raise_unreadable(f"{path.name} is not a valid spreadsheet (it is damaged or truncated).")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if suffix in (".vcf", ".vcard") or text.startswith(b"BEGIN:VCARD"):
        return "vcf"
    return "csv"


def _archive_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        raise_unreadable(f"{path.name} is not a valid spreadsheet (it is damaged or truncated).")
    if b"opendocument.spreadsheet" in mimetype or "content.xml" in names:
        return "ods"
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    raise_unreadable(f"{path.name} is a zip archive, not a spreadsheet.")
