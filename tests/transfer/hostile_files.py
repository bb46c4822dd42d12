"""Hostile files for the tests, written by the tests: spreadsheets whose
few kilobytes ask a reader for gigabytes, spelled in the legal ways a
pattern check does not know, and damaged archives."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import NoReturn

from leaddesk.transfer.table import Table

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_OPEN = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/"
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="{_PACKAGE}content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OPEN}sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OPEN}worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_OPEN}sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}relationships">'
    f'<Relationship Id="rId1" Type="{_REL}officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}relationships">'
    f'<Relationship Id="rId1" Type="{_REL}worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(path: Path, sheet: str, shared: str) -> Path:
    """An .xlsx of one sheet from its raw XML (the parts inside ``<worksheet>``
    and ``<sst>``, or whole documents when they start with ``<?xml``)."""
    if not sheet.startswith("<?xml"):
        sheet = f'{_XML}<worksheet xmlns="{MAIN}"><sheetData>{sheet}</sheetData></worksheet>'
    if not shared.startswith("<?xml"):
        shared = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{shared}</sst>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


SPELLINGS = {
    "plain": '<c r="B{n}" t="s"><v>1</v></c>',
    "ten-digit index": '<c r="B{n}" t="s"><v>0000000001</v></c>',
    "empty formula first": '<c r="B{n}" t="s"><f></f><v>1</v></c>',
    "spaces in the value": '<c r="B{n}" t="s"><v> 1 </v></c>',
}
"""Ways of writing a cell that shows shared string 1."""


def shared_string_bomb(path: Path, spelling: str, rows: int = 60_000, length: int = 30_000) -> Path:
    """A sheet of ``rows`` cells that all show one ``length``-character
    shared string: a few hundred kilobytes that a reader copying the text
    into every cell turns into rows × length characters."""
    cell = SPELLINGS[spelling]
    header = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="inlineStr"><is><t>Notes</t></is></c></row>'
    )
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>p{n}@example.com</t></is></c>'
        + cell.format(n=n)
        + "</row>"
        for n in range(2, rows + 2)
    )
    strings = f"<si><t>Email</t></si><si><t>{'x' * length}</t></si>"
    return workbook(path, header + body, strings)


def prefixed_shared_string_bomb(path: Path, rows: int = 60_000, length: int = 30_000) -> Path:
    """The same bomb with the shared strings written with a namespace prefix."""
    path = shared_string_bomb(path, "plain", rows, length)
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><x:sst xmlns:x="{MAIN}">'
        f"<x:si><x:t>Email</x:t></x:si><x:si><x:t>{'x' * length}</x:t></x:si></x:sst>"
    )
    return _replaced(path, "xl/sharedStrings.xml", strings.encode())


def _replaced(path: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def broken_deflate(path: Path) -> Path:
    """A small good workbook whose sheet's compressed bytes are damaged
    (the zip directory is intact, so the damage is found only inflating)."""
    workbook(path, '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c></row>' + "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>p{n}@example.com</t></is></c></row>'
        for n in range(2, 400)), "")  # fmt: skip
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 20, start + info.compress_size - 20, 7):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def encrypted_member(path: Path) -> Path:
    """A workbook whose sheet is flagged as encrypted in the zip's headers."""
    broken = workbook(
        path, '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c></row>', ""
    )
    data = bytearray(broken.read_bytes())
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    for info in infos:
        if info.filename == "xl/worksheets/sheet1.xml":
            data[info.header_offset + 6] |= 0x01  # local header flag: encrypted
    # ... and in the central directory, where zipfile looks.
    marker = b"PK\x01\x02"
    at = data.find(marker)
    while at != -1:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            data[at + 8] |= 0x01
        at = data.find(marker, at + 4)
    path.write_bytes(bytes(data))
    return path


# Readers that fail the ways a reader can, run in the reading process by
# the tests (they must be importable there: module-level functions).


def aborting(path: Path) -> NoReturn:
    """A reader that aborts the process, as calamine does when an
    allocation fails (after printing a Rust backtrace)."""
    import os
    import sys

    print("memory allocation of 11258827267113000 bytes failed", file=sys.stderr, flush=True)
    os.abort()


def ballooning(path: Path) -> NoReturn:
    """A reader that holds ever more memory."""
    held = []
    while True:
        held.append(bytearray(64 * 1024 * 1024))


def spinning(path: Path) -> NoReturn:
    """A reader that never ends."""
    while True:
        pass


def silent(path: Path) -> NoReturn:
    """A reader that waits for something that never comes."""
    import time

    time.sleep(600)
    raise AssertionError("not given up")


def unchecked_workbook(path: Path) -> Table:
    """The workbook reader without its pre-checks: what a bomb the
    pre-checks do not know meets."""
    from leaddesk.transfer import workbook
    from leaddesk.transfer.mapping import recognised

    setattr(workbook, "check_archive", lambda *_: None)  # noqa: B010
    return workbook.read_workbook(path, "xlsx", recognised)
