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


def read_with_carry(sheet: SheetSize, data: bytes, size: int) -> None:
    """As the archive check streams a sheet: each window starts with what
    the sheet says to carry from the one before."""
    carried = b""
    for start in range(0, len(data), size):
        window = carried + data[start : start + size]
        sheet.read(window)
        carried = sheet.carry(window)


def test_text_that_looks_like_a_reference_is_not_one() -> None:
    sheet = SheetSize(None)
    sheet.read(
        b'<row r="1"><c r="BA1" t="inlineStr"><is><t>&lt;font color="626262"&gt; and '
        b'colour r="ZZ99999"</t></is></c></row>'
    )
    assert sheet.columns == 53
    assert sheet.cells <= 10_000_000


def test_references_with_a_prefix_or_cut_by_a_chunk_are_read() -> None:
    prefixed = SheetSize(None)
    prefixed.read(b'<x:row r="1"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>')
    assert prefixed.corner == "XFD1048576"
    # A long attribute (and a quoted ">") before the reference, the tag cut
    # where a chunk ends.
    data = b'<row r="1"><c s="1" a="' + b">" * 200 + b'" r="XFD1048576"><v>1</v></c></row>'
    for size in (10, 64, 150, 215, 230):
        cut = SheetSize(None)
        read_with_carry(cut, data, size)
        assert cut.columns == 16_384 and cut.cells > 10_000_000, size
