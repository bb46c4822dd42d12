"""Limits that keep an untrusted file from exhausting memory or time, and
the checks that enforce them before a reader touches the file.

Spreadsheets (.xlsx, .ods) are zip archives of XML. A zip bomb declares a
small file that inflates to gigabytes; an XML "billion laughs" file defines
entities that expand exponentially. Both are refused here: the zip
directory's declared sizes and ratios are checked before anything is
inflated, then every XML member is streamed once through a bounded buffer
(so a directory that lies about sizes is caught too) and refused if it
declares a document type, which genuine spreadsheets never do. While a
sheet streams by, :mod:`leaddesk.transfer.sheetsize` measures the memory
calamine would need for it (its dense grid, the shared text it copies), so
a small file cannot make the reader ask for gigabytes.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import NoReturn

from leaddesk.transfer.errors import UnreadableFile
from leaddesk.transfer.sheetsize import (
    MAX_CELLS,
    MAX_SHARED_TEXT_BYTES,
    TAIL,
    SharedStrings,
    SheetSize,
)

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest file accepted at all."""
MAX_UNPACKED_BYTES = 320 * 1024 * 1024
"""Largest total of a spreadsheet archive's members once inflated: the
most XML (and so inline text) a sheet can bring; the grid and the copies
of shared text are bounded in :mod:`leaddesk.transfer.sheetsize`."""
MAX_RATIO = 200
"""Largest inflation ratio of an archive member of more than a megabyte
(real sheets compress 5 to 30 times; bombs a thousand times and more)."""
MAX_MEMBERS = 10_000
MAX_ROWS = 1_000_000
"""Most data rows in one file (a spreadsheet holds 1,048,576)."""
MAX_CELL_CHARS = 32_767
"""Longest cell, as in Excel."""
_CHUNK = 1024 * 1024
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_SHARED_STRINGS = "xl/sharedStrings.xml"


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
        # Shared strings first: a sheet's size depends on the strings it copies.
        members.sort(key=lambda m: m.filename != _SHARED_STRINGS)
        shared = SharedStrings()
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _stream_member(archive, member, path, kind, shared)


def _stream_member(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    path: Path,
    kind: str,
    shared: SharedStrings,
) -> None:
    """Inflates one member through a small buffer, checking that it is no
    larger than declared, declares no document type, and (for a sheet)
    would not take too much memory once read."""
    seen = 0
    tail = b""
    strings = member.filename == _SHARED_STRINGS
    sheet = SheetSize(shared) if _SHEET.match(member.filename) else None
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
                if sheet is not None:
                    sheet.read(window)
                    tail = sheet.carry(window)
                else:
                    if strings:
                        shared.read(window, len(tail), seen - len(chunk))
                    tail = chunk[-TAIL:]
    except RuntimeError:  # zipfile: "File … is encrypted, password required"
        raise_unreadable(f"{path.name} is protected with a password; save it without one.")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error):
        raise_unreadable(f"{path.name} is not a valid {kind} file (it is damaged or truncated).")
    if sheet is not None and sheet.cells > MAX_CELLS:
        raise_unreadable(
            f"{path.name} has a sheet of more than {MAX_CELLS:,} cells (its cells reach "
            f"{sheet.corner}); delete the far-away cells or split the file."
        )
    if sheet is not None and sheet.shared_text > MAX_SHARED_TEXT_BYTES:
        raise_unreadable(
            f"{path.name} repeats its text so often that reading it would take more than "
            f"{MAX_SHARED_TEXT_BYTES // 2**20} MB of memory; it was not read."
        )


def _bomb(path: Path) -> NoReturn:
    raise_unreadable(
        f"{path.name} would inflate to more than {MAX_UNPACKED_BYTES // 2**20} MB "
        "(a zip bomb or an oversized sheet); it was not read."
    )


def raise_unreadable(message: str) -> NoReturn:
    raise UnreadableFile(message)
