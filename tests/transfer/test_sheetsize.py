"""Measuring what a sheet would take in memory from its XML, in chunks."""

from __future__ import annotations

from leaddesk.transfer.sheetsize import SharedStrings, SheetSize, column_letters

SST = (
    b'<sst count="3" uniqueCount="3"><si><t>ab</t></si><si><t xml:space="preserve">'
    + b"x" * 1000
    + b"</t></si><si><r><t>rich</t></r></si></sst>"
)


def read_in_chunks(shared: SharedStrings, data: bytes, size: int) -> None:
    tail = b""
    offset = 0
    for start in range(0, len(data), size):
        chunk = data[start : start + size]
        shared.read(tail + chunk, len(tail), offset)
        offset += len(chunk)
        tail = chunk[-64:]


def test_shared_string_sizes_whatever_the_chunks() -> None:
    whole = SharedStrings()
    read_in_chunks(whole, SST, len(SST))
    sizes = [whole.size(i) for i in range(3)]
    assert 1000 < sizes[1] < 1050 and sizes[0] < 30 and sizes[2] < 40
    for size in (7, 50, 333):
        cut = SharedStrings()
        read_in_chunks(cut, SST, size)
        assert [cut.size(i) for i in range(3)] == sizes
    assert whole.size(99) == 0


def test_sheet_reach_and_copied_text() -> None:
    shared = SharedStrings()
    read_in_chunks(shared, SST, len(SST))
    sheet = SheetSize(shared)
    sheet.read(
        b'<row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1" s="2" t="s"><v>1</v></c>'
        b'<c t="s" r="D1"><v>0</v></c><c r="E1"><v>1</v></c></row>'
    )
    assert sheet.columns == 5
    assert 2000 < sheet.shared_text < 2100  # two copies of the long string, one short
    assert sheet.cells <= 10_000_000
    sheet.read(b'<row r="2"><c r = \'AB1048576\' t="n"><v>1</v></c></row>')
    assert (sheet.columns, sheet.rows) == (28, 1_048_576)
    assert sheet.cells > 10_000_000 and sheet.corner == "AB1048576"
    assert [column_letters(n) for n in (1, 26, 27, 16_384)] == ["A", "Z", "AA", "XFD"]
