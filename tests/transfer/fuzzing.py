"""Mutation fuzzing of every reader: seed files of each kind, written
here, damaged the ways files are damaged (bytes flipped, cut short, NULs,
huge fields, repeated parts, and inside a workbook's XML as well as
around it), then imported. Every mutant must end as a report or as one
sentence, in bounded time, with the database holding exactly what the
report says. ``LEADDESK_FUZZ_RUNS`` sets how many mutants are tried
(``make fuzz`` tries many more than ``make test``)."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.transfer.test_workbooks import ods, xlsx

PEOPLE = [
    ["Name", "Company", "Email", "Phone", "Notes", "Tags"],
    ["Ana Ruiz", "Cobalt Labs", "ana@cobalt.es", "+34 612 345 678", 'said "call me"', "vip, es"],
    ["Bo Chen", "Acme Ltd", "bo@acme.com", "(415) 555-0123", "two\nlines", "us"],
    ["Jürgen Müller", "Müller & Söhne GmbH", "jm@mueller.de", "0049 40 289-3308", "", ""],
    ["Zoë Iksiński", "", "zoe@example.pl", "123456789", "=1+1", "pl|x"],
    ["", "Beta GmbH.", "", "", "company only", ""],
    ["Sam", "", "", "", "", ""],
] + [[f"Person {n}", f"Firm {n % 7}", f"p{n}@example.com", f"+1 415 555 {n:04d}", "", ""]
     for n in range(24)]  # fmt: skip


def _csv(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(PEOPLE)
    path.write_bytes(buffer.getvalue().encode(encoding, "replace"))
    return path


def _xls(path: Path) -> Path:
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook()
    sheet = book.add_sheet("Leads")
    for r, row in enumerate(PEOPLE):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def _vcard(path: Path) -> Path:
    cards = []
    for name, company, email, phone, notes, _ in PEOPLE[1:]:
        note = (notes or "Met at the fair, wants a quote in spring") * 3
        folded = "\r\n ".join(note[i : i + 60] for i in range(0, len(note), 60))
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"FN:{name or company or 'x'}\r\nORG:{company}\r\nEMAIL;TYPE=work:{email}\r\n"
            f"TEL;TYPE=cell:{phone}\r\nNOTE:{folded}\r\nEND:VCARD\r\n"
        )
    cards.append(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:Iksi=C5=84ski;Zo=C3=AB\r\n"
        "TEL;WORK:+48 22 123 45 67\r\nEND:VCARD\r\n"
    )
    path.write_bytes("".join(cards).encode("utf-8"))
    return path


SEEDS: dict[str, Callable[[Path], Path]] = {
    "csv": lambda folder: _csv(folder / "seed.csv"),
    "csv-semicolon-cp1252": lambda folder: _csv(folder / "seed2.csv", ";", "cp1252"),
    "xlsx": lambda folder: xlsx(folder / "seed.xlsx", {"Leads": PEOPLE}),
    "ods": lambda folder: ods(folder / "seed.ods", PEOPLE),
    "xls": lambda folder: _xls(folder / "seed.xls"),
    "vcf": lambda folder: _vcard(folder / "seed.vcf"),
}


def _flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.randint(1, 12)
    for _ in range(count):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out), f"{count} bytes changed"


def _truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(1, len(data))
    return data[:at], f"cut at {at}"


def _nuls(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    size = rng.choice((1, 16, 4096))
    return data[:at] + b"\0" * size + data[at:], f"{size} NULs at {at}"


def _huge_field(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    size = rng.choice((40_000, 2_000_000))
    return data[:at] + b"x" * size + data[at:], f"{size} x at {at}"


def _repeat(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 400))
    times = rng.choice((50, 5_000))
    return data[:end] + data[start:end] * times + data[end:], f"{start}:{end} ×{times}"


def _cut_out(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 2_000))
    return data[:start] + data[end:], f"{start}:{end} removed"


def _invalid_utf8(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    return data[:at] + b"\xc3\x28\xa0\xa1\xff\xfe" + data[at:], f"invalid UTF-8 at {at}"


BYTE_MUTATIONS = (_flip, _truncate, _nuls, _huge_field, _repeat, _cut_out, _invalid_utf8)

_XML_TRICKS = (
    (b"<row ", b'<row r="1048576" '),
    (b"<c ", b'<c r="XFD1" '),
    (b"table:table-row>", b'table:table-row table:number-rows-repeated="1000000">'),
    (b"<table:table-cell ", b'<table:table-cell table:number-columns-repeated="16384" '),
    (b"<v>", b"<v>0000000000"),
    (b"<si>", b"<si><t>" + b"y" * 30_000 + b"</t></si><si>"),
)


def _inside(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A member of a workbook's archive changed, the archive rewritten
    whole (so the damage is in the XML a reader parses, not the zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return _flip(data, rng)
    xml = sorted(name for name in parts if name.endswith(".xml"))
    name = rng.choice(xml)
    content = parts[name]
    if rng.random() < 0.5:
        old, new = rng.choice(_XML_TRICKS)
        content, what = content.replace(old, new, rng.choice((1, 50))), f"{name}: {new[:30]!r}"
    else:
        mutate = rng.choice(BYTE_MUTATIONS)
        content, what = mutate(content, rng)
        what = f"{name}: {what}"
    parts[name] = content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, member in parts.items():
            archive.writestr(part, member)
    return out.getvalue(), what


def mutant(seed: bytes, kind: str, rng: random.Random) -> tuple[bytes, str]:
    """A damaged copy of ``seed`` and what was done to it."""
    if kind in ("xlsx", "ods") and rng.random() < 0.6:
        return _inside(seed, rng)
    mutate = rng.choice(BYTE_MUTATIONS)
    return mutate(seed, rng)
