"""How much memory a workbook's sheets would take once calamine reads them,
found while the archive is streamed, before calamine opens it.

calamine holds a sheet as a dense grid of about 32 bytes a cell, from the
first cell to the farthest one, and gives every cell that refers to a
shared string its own copy of the text. A few kilobytes can therefore ask
for gigabytes: one cell at XFD1048576 makes a grid of 17 billion cells, and
100,000 cells pointing at one 30,000-character shared string make 3 GB.
:class:`SheetSize` measures both from the XML without parsing it.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections import Counter

MAX_CELLS = 10_000_000
"""Largest sheet area (rows × columns up to the farthest cell): about
320 MB of grid; a million rows of ten columns."""
MAX_SHARED_TEXT_BYTES = 128 * 1024 * 1024
"""Most shared-string text the cells of one sheet may copy."""
TAIL = 64
"""Bytes of one chunk kept before the next, so a marker cut in two is seen."""
MAX_TAG = 64 * 1024
"""Longest start tag of a cell or row carried from one chunk to the next
(real ones take well under a hundred bytes)."""

# A cell or row reference (r="AB12", r="12"): where calamine puts what it
# reads. Looking for the attribute alone is fast; the few that would make a
# sheet large are then checked to stand in the start tag of a c or row
# element (any namespace prefix), since text can hold the same letters (a
# cell reading color="626262") but never an unescaped "<".
_REF = rb"""r\s*=\s*["']"""
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)(?:\s|\Z)")
_ATTRIBUTES = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?(?:c|row)(?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s+"""
)
_WHOLE_TAG = re.compile(rb"""<[^\s<>/]+(?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
# A cell showing a shared string, in the legal ways to write one: the
# value after a formula (empty or not), with spaces or leading zeros, under
# any namespace prefix. These are the fast path; what a pattern misses is
# stopped by the reading process's limits (see leaddesk.transfer.sandbox).
_SHARED_CELL = re.compile(
    rb"""t\s*=\s*["']s["'][^>]*>(?:\s|<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>[^<]*</(?:[\w.-]+:)?f\s*>))*"""
    rb"""<(?:[\w.-]+:)?v(?:\s[^>]*)?>\s*([0-9]{1,20})\s*</"""
)
_STRING_START = re.compile(rb"<(?:[\w.-]+:)?si[\s>]")


class SharedStrings:
    """The size of each shared string (an upper bound: the bytes from its
    start to the next one's), read chunk by chunk."""

    def __init__(self) -> None:
        self.starts = array("q")
        self.end = 0

    def read(self, window: bytes, tail: int, offset: int) -> None:
        """``window`` holds ``tail`` bytes already read, then new bytes
        starting at ``offset`` in the file."""
        for match in _STRING_START.finditer(window):
            if match.end() > tail:
                self.starts.append(offset - tail + match.start())
        self.end = offset + len(window) - tail

    def size(self, index: int) -> int:
        if index >= len(self.starts):
            return 0
        following = self.starts[index + 1] if index + 1 < len(self.starts) else self.end
        return following - self.starts[index]


class SheetSize:
    """How far a sheet's cells reach and how much shared text they copy.

    Reading every reference of a large sheet would cost more than the
    import's own parsing, so rows are only read where they could make the
    sheet too large for the columns seen so far (a narrow sheet needs a
    seven-digit row to matter), and columns only beyond the farthest seen."""

    def __init__(self, shared: SharedStrings | None) -> None:
        self.shared = shared
        self.columns = 1
        self.rows = 0
        self.unread = 0
        """Rows below this were not read; the sheet may reach that far."""
        self.shared_text = 0

    @property
    def cells(self) -> int:
        return self.columns * max(self.rows, self.unread)

    @property
    def corner(self) -> str:
        return f"{column_letters(self.columns)}{max(self.rows, self.unread)}"

    def carry(self, window: bytes) -> bytes:
        """What of ``window`` the next one starts with: its last
        :data:`TAIL` bytes, or all from the start of a cell or row tag it
        ends inside, so a reference far into a long tag is seen with its
        tag. Raises ValueError for a tag longer than :data:`MAX_TAG`."""
        start = window.rfind(b"<")
        if start < 0 or not _CELL_TAG.match(window, start) or _WHOLE_TAG.match(window, start):
            return window[-TAIL:]
        if len(window) - start > MAX_TAG:
            raise ValueError("a cell tag longer than any spreadsheet writes")
        return window[min(start, max(0, len(window) - TAIL)) :]

    def read(self, window: bytes) -> None:
        beyond = b"[%c-Z]|" % (65 + self.columns) if self.columns < 26 else b""
        digits = len(str(MAX_CELLS // self.columns))
        # One pass for both: references beyond the columns seen so far, and
        # rows far enough down to matter for them (a wide window is read
        # again below, as its columns change which rows matter).
        either = _pattern(
            _REF + b"(?:(" + beyond + b"[A-Z]{2,3})[0-9]|[A-Z]{0,3}([0-9]{%d,8})[\"'])" % digits
        )
        found_either = _in_tags(window, either)
        wider = {c for c, _ in found_either if c}
        if wider:
            self.columns = max(self.columns, *(_column_number(c) for c in wider))
            digits = len(str(MAX_CELLS // self.columns))
            pattern = _pattern(_REF + b"(?:)[A-Z]{0,3}([0-9]{%d,8})[\"']" % digits)
            found = [r for (r,) in _in_tags(window, pattern)]
        else:
            found = [r for _, r in found_either if r]
        self.unread = max(self.unread, 10 ** (digits - 1) - 1)
        if found:
            self.rows = max(self.rows, *map(int, found))
        if self.shared is not None and self.shared.starts:
            counts = Counter(_SHARED_CELL.findall(window))
            size = self.shared.size
            self.shared_text += sum(size(int(index)) * n for index, n in counts.items())


def _in_tags(window: bytes, pattern: re.Pattern[bytes]) -> list[tuple[bytes, ...]]:
    """The groups of the matches of ``pattern`` that are attributes of a
    cell or row start tag. Each "<" is looked for once, however many
    matches share it: text full of look-alikes costs one pass."""
    found = []
    tag = -1
    searched = 0
    for match in pattern.finditer(window):
        start = match.start()
        before = window.rfind(b"<", searched, start)
        if before >= 0:
            tag = before
        searched = start
        if tag >= 0 and _ATTRIBUTES.fullmatch(window, tag, start):
            found.append(match.groups())
    return found


@functools.cache
def _pattern(pattern: bytes) -> re.Pattern[bytes]:
    return re.compile(pattern)


def _column_number(letters: bytes) -> int:
    """b"A" → 1, b"AA" → 27."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
