"""Works around python-calamine (0.9 and earlier) refusing an OpenDocument
spreadsheet that lacks its ``mimetype`` or ``META-INF/manifest.xml``
member ("'mimetype' file not found in archive"): files written by some
converters and by hand leave them out, and LibreOffice opens them all the
same, since content.xml is the sheet.

Guard: only an .ods archive missing one of the two members is touched.
Fallback: a copy of the file with the missing members added (the
archive's own members are not rewritten) is given to calamine, in a
temporary folder removed once the sheet is read; a complete file is read
where it is. Proved by tests/transfer/test_workbooks.py::
test_ods_without_its_mimetype_is_read. Delete this module when calamine
reads such files (the test then passes with ``readable_copy`` returning
the path as it is).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


@contextmanager
def readable_copy(path: Path, kind: str) -> Iterator[Path]:
    """``path``, or a copy calamine can open, for the ``with`` block."""
    missing = _missing(path) if kind == "ods" else []
    if not missing:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="leaddesk-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        with zipfile.ZipFile(copy, "a") as archive:
            for name in missing:
                text = MIMETYPE if name == "mimetype" else _MANIFEST
                archive.writestr(name, text, zipfile.ZIP_STORED)
        yield copy


def _missing(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return []  # calamine says it is damaged
    return [n for n in ("mimetype", "META-INF/manifest.xml") if n not in names]
