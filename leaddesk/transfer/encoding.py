"""Finding the encoding of a text file (CSV, vCard) a user hands to import.

A byte-order mark or UTF-16's zero bytes say it outright; a file that
decodes as UTF-8 is UTF-8. Anything else is a legacy code page, which
charset-normalizer guesses from a sample of the bytes (the start of the
file and the first place that is not UTF-8: never the whole file, which
it would take seconds to read). Its guesses among the Latin code pages
often tie, so among candidates that score alike the more common page
wins, and a page that breaks words with symbols ("Spó³ka", "£ukasz")
loses to one that reads them as letters. When the pages left would read
the sample differently the guess is *uncertain*: the reader then says
which encoding it used, and the window and the command line let the user
choose another.

Nothing is decoded into replacement characters silently: bytes that the
encoding cannot read become U+FFFD, the note says so, and a lead holding
U+FFFD is marked *needs review* (see :func:`leaddesk.store.derive.review_problems`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CHOICES: tuple[tuple[str, str], ...] = (
    ("utf-8", "Unicode (UTF-8)"),
    ("utf-16", "Unicode (UTF-16)"),
    ("cp1252", "Western European (Windows-1252)"),
    ("iso8859-15", "Western European (ISO-8859-15)"),
    ("mac-roman", "Western European (Mac OS Roman)"),
    ("cp1250", "Central European (Windows-1250)"),
    ("iso8859-2", "Central European (ISO-8859-2)"),
    ("cp1251", "Cyrillic (Windows-1251)"),
    ("koi8-r", "Cyrillic (KOI8-R)"),
    ("cp866", "Cyrillic (DOS 866)"),
    ("cp1253", "Greek (Windows-1253)"),
    ("cp1254", "Turkish (Windows-1254)"),
    ("cp1257", "Baltic (Windows-1257)"),
    ("cp1255", "Hebrew (Windows-1255)"),
    ("cp1256", "Arabic (Windows-1256)"),
    ("cp874", "Thai (Windows-874)"),
    ("cp932", "Japanese (Shift JIS)"),
    ("euc_jp", "Japanese (EUC-JP)"),
    ("gb18030", "Chinese Simplified (GB18030)"),
    ("big5", "Chinese Traditional (Big5)"),
    ("euc_kr", "Korean (EUC-KR)"),
    ("cp850", "Western European (DOS 850)"),
)
"""Encodings offered for a user to choose, most common first."""
_LABELS = {codecs.lookup(codec).name: label for codec, label in CHOICES} | {
    "utf-8-sig": "Unicode (UTF-8)",
    "utf-16-le": "Unicode (UTF-16)",
    "utf-16-be": "Unicode (UTF-16)",
    "utf-32": "Unicode (UTF-32)",
    "shift_jis": "Japanese (Shift JIS)",
    "gbk": "Chinese Simplified (GBK)",
}
_PREFERRED = [
    codecs.lookup(codec).name
    for codec in [c for c, _ in CHOICES if not c.startswith("utf")]
    + ["shift_jis", "gbk", "cp949", "big5hkscs", "iso8859-1"]
]
"""Legacy code pages by how common they are: among guesses that score
alike, the earlier one is taken, and one of these before any other (on a
few lines charset-normalizer may find HP Roman-8 likelier than
Windows-1250, but nobody's contacts are in HP Roman-8)."""
SAMPLE = 64 * 1024
_CHUNK = 1024 * 1024
_MOST_ERRORS = 100
"""Bytes that are not UTF-8 counted before a file is taken for a legacy code page."""
_TIE = 0.02
"""Chaos (charset-normalizer's measure of mess, 0 to 1) this close is alike."""
_COHERENCE_TIE = 0.05
"""Coherence (how much the text reads like a language, 0 to 1) this close is
alike: on the few lines of a contact export it varies by more between
pages that read the same letters."""


@dataclass(frozen=True, slots=True)
class Encoding:
    """How a file's bytes become text."""

    codec: str
    """A Python codec name, for ``open()`` and ``bytes.decode()``."""
    note: str = ""
    """One sentence for the user when they should check the text (the
    encoding was a guess, or some bytes could not be read); else empty."""
    chosen: bool = False
    """The user chose it, rather than LeadDesk finding it."""

    @property
    def label(self) -> str:
        return label(self.codec)


def label(codec: str) -> str:
    """ "cp1251" → "Cyrillic (Windows-1251)"."""
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return codec
    return _LABELS.get(name, name)


def known(codec: str) -> bool:
    try:
        info = codecs.lookup(codec)
    except LookupError:
        return False
    # Only encodings that turn bytes into text (not base64, zlib…).
    return getattr(info, "_is_text_encoding", True)


@dataclass(frozen=True, slots=True)
class Scan:
    """What one pass over a file's bytes finds."""

    lines: int
    utf8_errors: int
    """Bytes that are not UTF-8 (counted up to a hundred)."""
    multibyte: int
    """UTF-8 characters of more than one byte read before that."""
    first_error: int
    """Offset of the first byte that is not UTF-8; -1 when none."""


def scan(path: Path) -> Scan:
    """Counts lines and checks UTF-8 in one streamed pass."""
    lines = errors = multibyte = 0
    first = -1
    offset = 0
    pending = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
            if errors < _MOST_ERRORS:
                data = memoryview(pending + chunk)
                start = offset - len(pending)
                position = 0
                while True:
                    try:
                        text, used = codecs.utf_8_decode(data[position:], "strict", False)
                    except UnicodeDecodeError as error:
                        valid = data[position : position + error.start]
                        multibyte += len(valid) - len(codecs.utf_8_decode(valid)[0])
                        if first < 0:
                            first = start + position + error.start
                        errors += 1
                        position += error.end
                        if errors < _MOST_ERRORS:
                            continue
                        used, text = 0, ""
                    multibyte += used - len(text)
                    pending = bytes(data[position + used :])
                    break
            offset += len(chunk)
    if pending and errors < _MOST_ERRORS:  # the file ends inside a character
        errors += 1
        first = first if first >= 0 else offset - len(pending)
    return Scan(lines + 1, errors, multibyte, first)


def detect(path: Path, head: bytes) -> tuple[Encoding, int]:
    """The encoding of the text file at ``path`` (whose first bytes are
    ``head``) and its line count. Raises ValueError for a file that is not
    text at all (zero bytes that are not UTF-16)."""
    for bom, codec in BOMS:
        if head.startswith(bom):
            return Encoding(codec), scan(path).lines
    utf16 = _utf16_without_bom(head)
    if utf16:
        return Encoding(utf16), scan(path).lines
    found = scan(path)
    if not found.utf8_errors:
        return Encoding("utf-8"), found.lines
    if found.multibyte >= 20 * found.utf8_errors:
        # UTF-8 with a few damaged bytes (two files pasted together): read
        # as UTF-8, not the whole file as a code page because of them.
        return Encoding("utf-8", _replaced_note(path.name, found.utf8_errors)), found.lines
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE // 2)
        if found.first_error > len(sample):
            handle.seek(max(0, found.first_error - 1024))
            sample += b"\n" + handle.read(SAMPLE // 2)
    return guess(sample, path.name), found.lines


def decode(data: bytes, name: str, forced: str | None = None) -> tuple[str, Encoding]:
    """A whole file's text (for files read at once, such as vCards)."""
    if forced:
        return data.decode(forced, errors="replace"), chosen(forced, data[:SAMPLE], name)
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), Encoding(codec)
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return data.decode(utf16, errors="replace"), Encoding(utf16)
    try:
        return data.decode("utf-8"), Encoding("utf-8")
    except UnicodeDecodeError as error:
        first = error.start
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    if len(data) - len(text) >= 20 * errors:
        return text, Encoding("utf-8", _replaced_note(name, errors))
    sample = data[: SAMPLE // 2]
    if first > len(sample):
        sample += b"\n" + data[max(0, first - 1024) : first - 1024 + SAMPLE // 2]
    encoding = guess(sample, name)
    return data.decode(encoding.codec, errors="replace"), encoding


def chosen(codec: str, sample: bytes, name: str) -> Encoding:
    """The encoding the user chose, with a note when it cannot read the
    sample (the user may want another)."""
    try:
        sample.decode(codec)
    except UnicodeDecodeError as error:
        if len(sample) - error.end > 4:  # not a character cut by the sample's end
            return Encoding(
                codec,
                f"Some bytes of {name} are not {label(codec)} text; they read as “\ufffd” "
                "and their rows are marked needs review.",
                chosen=True,
            )
    return Encoding(codec, chosen=True)


def guess(sample: bytes, name: str) -> Encoding:
    """A legacy code page for ``sample``, from charset-normalizer's
    candidates: the likeliest, and among those alike the most common page
    (also one it did not name, when that reads the sample the same)."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(sample))
    if not results:
        return Encoding("cp1252", _guessed_note(name, "cp1252"))
    best_chaos = min(r.chaos for r in results)
    alike = [r for r in results if r.chaos <= best_chaos + _TIE]
    usual = [r for r in alike if _python_name(r.encoding) in _PREFERRED]
    alike = usual or alike
    broken = {r.encoding: _broken_words(_decoded(sample, _python_name(r.encoding))) for r in alike}
    alike = [r for r in alike if broken[r.encoding] == min(broken.values())]
    best_coherence = max(r.coherence for r in alike)
    texts: dict[str, str] = {}
    for result in alike:
        if result.coherence >= best_coherence - _COHERENCE_TIE:
            codec = _python_name(result.encoding)
            texts.setdefault(codec, _decoded(sample, codec))
    readings = set(texts.values())
    for common in _PREFERRED:
        if common not in texts and _decoded(sample, common) in readings:
            texts[common] = _decoded(sample, common)
    pick = min(texts, key=_rank)
    if len(readings) > 1:
        return Encoding(pick, _guessed_note(name, pick))
    if "\ufffd" in texts[pick]:
        return Encoding(pick, _replaced_note(name, 0, codec=pick))
    return Encoding(pick)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_PUNCTUATION = frozenset(("Pd", "Ps", "Pe", "Pi", "Pf", "Zs"))
"""Dashes, brackets and quotes may touch a word: «Ромашка», „Müller“."""


def _broken_words(text: str) -> int:
    """How many non-ASCII characters that are neither letters nor
    punctuation stand against a letter: the ³ of "Spó³ka" and the £ of
    "£ukasz" are Polish letters read in a Baltic or Western page. Scores
    of coherence, made for long texts, miss them on a few names."""
    count = 0
    for match in _NON_ASCII.finditer(text):
        if (
            unicodedata.category(match[0])[0] in "LM"
            or unicodedata.category(match[0]) in _PUNCTUATION
        ):
            continue
        start = match.start()
        if text[start - 1 : start].isalpha() or text[start + 1 : start + 2].isalpha():
            count += 1
    return count


def _rank(codec: str) -> int:
    return _PREFERRED.index(codec) if codec in _PREFERRED else len(_PREFERRED)


def _python_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return "cp1252"


def _decoded(sample: bytes, codec: str) -> str:
    return sample.decode(codec, errors="replace")


def _utf16_without_bom(head: bytes) -> str:
    """ "utf-16-le" or "-be" for text with a zero byte beside each ASCII
    character; "" for text without zero bytes. Raises ValueError for
    other zero bytes (a binary file)."""
    sample = head[:4096]
    if not sample.count(0):
        return ""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    raise ValueError("not text")


def _guessed_note(name: str, codec: str) -> str:
    return (
        f"{name} was read as {label(codec)}, the likeliest of several encodings: check the "
        "accents, or choose the file's encoding."
    )


def _replaced_note(name: str, errors: int, *, codec: str = "utf-8") -> str:
    what = f"{errors} bytes" if 0 < errors < _MOST_ERRORS else "Some bytes"
    return (
        f"{what} of {name} are not {label(codec)} text; they read as “\ufffd” and their rows "
        "are marked needs review."
    )
