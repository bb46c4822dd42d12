"""Limits that keep an untrusted file from exhausting memory or time, and
the checks that enforce them before a reader touches the file.

Spreadsheets (.xlsx, .ods) are zip archives of XML. A zip bomb declares a
small file that inflates to gigabytes; an XML "billion laughs" file defines
entities that expand exponentially. Both are refused here: the zip
directory's declared sizes and ratios are checked before anything is
inflated, then every XML member is streamed once through a bounded buffer
(so a directory that lies about sizes is caught too) and refused if it
declares a document type, which genuine spreadsheets never do.
"""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path
from typing import NoReturn

from leaddesk.transfer.errors import UnreadableFile

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest file accepted at all."""
MAX_UNPACKED_BYTES = 320 * 1024 * 1024
"""Largest total of a spreadsheet archive's members once inflated; the
sheet reader holds about this much in memory at most."""
MAX_RATIO = 200
"""Largest inflation ratio of an archive member of more than a megabyte
(real sheets compress 5 to 30 times; bombs a thousand times and more)."""
MAX_MEMBERS = 10_000
MAX_ROWS = 1_000_000
"""Most data rows in one file (a spreadsheet holds 1,048,576)."""
MAX_CELL_CHARS = 32_767
"""Longest cell, as in Excel."""
MAX_CELLS = 10_000_000
"""Largest sheet area (rows × columns up to the farthest cell). calamine
holds a sheet as a dense grid of about 32 bytes a cell, so one cell at
XFD1048576 in a 5 KB file would ask for 550 GB; 10 million cells (a
million rows of ten columns) is about 320 MB."""
_CHUNK = 1024 * 1024
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# A cell or row reference (r="AB12", r="12"), where calamine places what
# it reads.
_REF = rb"""r\s*=\s*["']"""
_TAIL = 64


def check_file(path: Path) -> int:
    """The file's size; refuses a missing path, a folder or a huge file."""
    if not path.exists():
        raise_unreadable(f"{path} does not exist.")
    if path.is_dir():
        raise_unreadable(f"{path} is a folder, not a file to import.")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as error:
        raise_unreadable(f"{path} cannot be read ({error.strerror or error}).")
    if size == 0:
        raise_unreadable(f"{path.name} is empty.")
    if size > MAX_FILE_BYTES:
        raise_unreadable(
            f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB; split it into smaller files."
        )
    return size


def check_archive(path: Path, kind: str) -> None:
    """Refuses a spreadsheet archive that is damaged, a zip bomb, or holds
    XML with entity declarations. ``kind`` names the format for messages."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise_unreadable(f"{path.name} is not a valid {kind} file (it is damaged or truncated).")
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise_unreadable(f"{path.name} has too many parts to be a {kind} file.")
        declared = 0
        for member in members:
            declared += member.file_size
            big = member.file_size > _CHUNK
            if big and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                _bomb(path)
        if declared > MAX_UNPACKED_BYTES:
            _bomb(path)
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _stream_member(archive, member, path, kind)


def _stream_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path, kind: str
) -> None:
    """Inflates one member through a small buffer, checking that it is no
    larger than declared and declares no document type."""
    seen = 0
    tail = b""
    sheet = bool(_SHEET.match(member.filename))
    extent = _Extent()
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                seen += len(chunk)
                if seen > member.file_size or seen > MAX_UNPACKED_BYTES:
                    _bomb(path)
                window = tail + chunk
                if any(marker in window for marker in _FORBIDDEN):
                    raise_unreadable(
                        f"{path.name} contains XML entity declarations, which spreadsheets "
                        "never need; it was not read for safety."
                    )
                if sheet:
                    extent.read(window)
                tail = chunk[-_TAIL:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise_unreadable(f"{path.name} is not a valid {kind} file (it is damaged or truncated).")
    if extent.cells > MAX_CELLS:
        raise_unreadable(
            f"{path.name} has a sheet of more than {MAX_CELLS:,} cells (up to column "
            f"{_column_letters(extent.columns)}, row {extent.rows:,}); delete the far-away "
            "cells or split the file."
        )


class _Extent:
    """How far a sheet's references reach: the farthest column, and the
    farthest row as far as it matters. Reading every reference of a large
    sheet would cost more than the import's own parsing, so rows are only
    read where they could make the sheet too large for the columns seen so
    far (a narrow sheet needs a seven-digit row to matter)."""

    def __init__(self) -> None:
        self.columns = 1
        self.rows = 0
        self.unread = 0
        """Rows below this were not read; the sheet may reach that far."""

    @property
    def cells(self) -> int:
        return self.columns * max(self.rows, self.unread)

    def read(self, window: bytes) -> None:
        # Only columns beyond the farthest seen so far (one letter past it,
        # or any of two or three letters) are read.
        beyond = b"[%c-Z]|" % (65 + self.columns) if self.columns < 26 else b""
        found = _pattern(_REF + b"(" + beyond + b"[A-Z]{2,3})[0-9]").findall(window)
        if found:
            self.columns = max(self.columns, *(_column_number(c) for c in set(found)))
        digits = len(str(MAX_CELLS // self.columns))
        self.unread = max(self.unread, 10 ** (digits - 1) - 1)
        found = _pattern(_REF + b"[A-Z]{0,3}([0-9]{%d,8})[\"']" % digits).findall(window)
        if found:
            self.rows = max(self.rows, *map(int, found))


@functools.cache
def _pattern(pattern: bytes) -> re.Pattern[bytes]:
    return re.compile(pattern)


def _column_number(letters: bytes) -> int:
    """b"A" → 1, b"AA" → 27."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _bomb(path: Path) -> NoReturn:
    raise_unreadable(
        f"{path.name} would inflate to more than {MAX_UNPACKED_BYTES // 2**20} MB "
        "(a zip bomb or an oversized sheet); it was not read."
    )


def raise_unreadable(message: str) -> NoReturn:
    raise UnreadableFile(message)
