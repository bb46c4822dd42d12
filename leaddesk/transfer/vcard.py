"""Reading vCard files (.vcf), versions 2.1, 3.0 and 4.0, as a table.

Each card becomes a row of named columns whose fields the reader knows
(it does not leave them to header matching: a property LeadDesk has no
field for, such as SOURCE, the URL a card came from, is kept as a custom
field named after it, not read as the lead's source). Several values of
one kind (emails, phones) are joined with `` ::: `` as Google's CSV does.
A card's row number is the line where it begins.

The file's encoding is found like a CSV file's (UTF-16 included); a
quoted-printable value without a CHARSET is read as UTF-8 when it is
UTF-8, else in the code page guessed from all such values of the file.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path

from leaddesk.transfer import encoding as encodings
from leaddesk.transfer.fields import Field
from leaddesk.transfer.limits import MAX_ROWS, raise_unreadable
from leaddesk.transfer.table import Row, Table, checked

MULTI = " ::: "
F = Field
FIELDS: dict[str, Field] = {
    "Full name": F.FULL_NAME, "First name": F.FIRST_NAME, "Last name": F.LAST_NAME,
    "Company": F.COMPANY, "Department": F.CUSTOM, "Title": F.TITLE, "Email": F.EMAIL,
    "Phone": F.PHONE, "Address": F.ADDRESS, "City": F.CITY, "State": F.CUSTOM,
    "Postal code": F.POSTAL_CODE, "Country": F.COUNTRY, "Website": F.WEBSITE,
    "Notes": F.NOTES, "Tags": F.TAGS,
}  # fmt: skip
"""The columns of a card and the field each one is."""
COLUMNS = tuple(FIELDS)
_IGNORED = {"BEGIN", "END", "VERSION", "PRODID", "REV", "PHOTO", "LOGO", "SOUND", "KEY", "KIND"}
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass
class Card:
    line: int
    values: dict[str, list[str]] = field(default_factory=dict)
    preferred: dict[str, int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    """Postal labels (LABEL): the address as printed on an envelope."""

    def finish(self) -> Card:
        """A label is the card's address when it has no structured one;
        else it is kept as it is, under its property's name."""
        for label in self.labels:
            if "Address" not in self.values:
                self.add("Address", ", ".join(p.strip() for p in label.splitlines() if p.strip()))
            else:
                self.add("LABEL", label)
        self.labels = []
        return self

    def add(self, column: str, value: str, *, preferred: bool = False) -> None:
        value = value.strip()
        if not value:
            return
        values = self.values.setdefault(column, [])
        if value in values:
            return
        if preferred and column not in self.preferred:
            self.preferred[column] = 1
            values.insert(0, value)
        else:
            values.append(value)


def read_vcard(path: Path, forced_encoding: str | None = None) -> Table:
    raw = path.read_bytes()
    try:
        text, found = encodings.decode(raw, path.name, forced_encoding)
    except ValueError:
        raise_unreadable(f"{path.name} is not a text file; it cannot be read as vCards.")
    del raw
    lines = unfold(text)
    del text
    fallback = _quoted_printable_charset(lines, path.name)
    cards = parse_cards(lines, fallback)
    if not cards:
        raise_unreadable(f"{path.name} holds no vCards (no BEGIN:VCARD line).")
    if len(cards) > MAX_ROWS:
        raise_unreadable(
            f"{path.name} has more than {MAX_ROWS:,} cards; split it into smaller files."
        )
    extra = sorted({name for card in cards for name in card.values} - set(COLUMNS))
    headers = [*COLUMNS, *extra]
    rows: list[Row] = [
        (card.line, [MULTI.join(card.values.get(h, [])) for h in headers]) for card in cards
    ]
    notes = [n for n in (found.note, fallback.note) if n]
    return Table(
        name=path.name,
        kind="vcf",
        headers=headers,
        header_row=0,
        rows=checked(rows, path.name),
        total=len(rows),
        encoding=found,
        notes=notes,
        fields=[FIELDS.get(h, F.CUSTOM) for h in headers],
    )


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of the physical line each starts on:
    a line starting with a space or tab continues the previous one, and in
    quoted-printable values a line ending in ``=`` continues too. Pieces
    are joined once per logical line, so a value folded over a million
    lines takes as long as one of a million characters."""
    logical: list[tuple[int, str]] = []
    start = 0
    pieces: list[str] = []
    soft = False
    """Whether the logical line is quoted-printable (known from its head)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if pieces and line[:1] in (" ", "\t") and not _continues(pieces, soft):
            pieces.append(line[1:])
            continue
        if pieces and _continues(pieces, soft):
            pieces[-1] = pieces[-1][:-1]
            pieces.append(line)
            continue
        if pieces:
            logical.append((start, "".join(pieces)))
        start, pieces = number, [line]
        head = line.split(":", 1)[0].upper() if ":" in line else ""
        soft = "QUOTED-PRINTABLE" in head
    if pieces:
        logical.append((start, "".join(pieces)))
    return logical


def _continues(pieces: list[str], soft: bool) -> bool:
    """Whether a quoted-printable line ends in a soft line break."""
    return soft and pieces[-1].endswith("=")


def _quoted_printable_charset(lines: list[tuple[int, str]], name: str) -> encodings.Encoding:
    """The code page of the file's quoted-printable values that name no
    CHARSET and are not UTF-8, guessed from all of them at once (one name
    alone says too little); UTF-8 when there are none."""
    sample = bytearray()
    for _, line in lines:
        if "QUOTED-PRINTABLE" not in line[:200].upper():
            continue
        _, params, value = _split(line)
        if "QUOTED-PRINTABLE" in params.get("ENCODING", "") and not params.get("CHARSET"):
            data = _quoted_bytes(value)
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                sample += data + b"\n"
                if len(sample) > encodings.SAMPLE:
                    break
    if not sample:
        return encodings.Encoding("utf-8")
    return encodings.guess(bytes(sample), name)


def _quoted_bytes(value: str) -> bytes:
    return quopri.decodestring(value.encode("latin-1", "replace"))


def parse_cards(
    lines: list[tuple[int, str]], fallback: encodings.Encoding | None = None
) -> list[Card]:
    codec = fallback.codec if fallback is not None else "utf-8"
    cards: list[Card] = []
    card: Card | None = None
    for number, line in lines:
        if not line.strip():
            continue
        name, params, value = _split(line)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            card = Card(number)
            continue
        if card is None:
            continue
        if name == "END":
            cards.append(card.finish())
            card = None
            continue
        if "QUOTED-PRINTABLE" in params.get("ENCODING", ""):
            value = _quoted_text(_quoted_bytes(value), params.get("CHARSET", ""), codec)
        _property(card, name, params, value)
    if card is not None and card.values:  # a file cut short: keep what was read
        cards.append(card.finish())
    return cards


def _quoted_text(data: bytes, charset: str, fallback: str) -> str:
    """A quoted-printable value's text: in its CHARSET, else UTF-8 when it
    is, else the file's guessed code page. Bytes none can read become
    U+FFFD, which marks the lead for review."""
    if charset and _known_charset(charset):
        return data.decode(charset, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(fallback, errors="replace")


def _known_charset(name: str) -> bool:
    try:
        "".encode(name)
    except LookupError:
        return False
    return True


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """ "item1.TEL;TYPE=work,voice;PREF=1:+1 555" → ("TEL", {...}, "+1 555")."""
    in_quotes = False
    for index, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ":" and not in_quotes:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        return "", {}, ""
    name, *raw_params = head.split(";")
    params: dict[str, str] = {}
    for raw in raw_params:
        key, _, val = raw.partition("=")
        if not val:  # vCard 2.1: bare types ("TEL;WORK;PREF:")
            key, val = "TYPE", key
        key = key.strip().upper()
        params[key] = ",".join(p for p in (params.get(key, ""), val.strip('"').upper()) if p)
    return name.rsplit(".", 1)[-1].strip().upper(), params, value


def _components(value: str, separator: str) -> list[str]:
    """Splits at unescaped separators, then unescapes each part."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [unescape(p) for p in parts]


def unescape(value: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _property(card: Card, name: str, params: dict[str, str], value: str) -> None:
    types = params.get("TYPE", "")
    preferred = "PREF" in types or params.get("PREF", "") == "1"
    if name == "FN":
        card.add("Full name", unescape(value))
    elif name == "N":
        parts = [*_components(value, ";"), "", "", "", "", ""]
        family, given, additional = parts[0], parts[1], parts[2]
        card.add("Last name", family.replace(",", " "))
        card.add("First name", " ".join(p for p in (given, additional) if p).replace(",", " "))
    elif name == "ORG":
        company, *units = _components(value, ";")
        card.add("Company", company)
        card.add("Department", " / ".join(u for u in units if u))
    elif name in ("TITLE", "ROLE"):
        card.add("Title", unescape(value))
    elif name == "EMAIL":
        card.add("Email", unescape(value).removeprefix("mailto:"), preferred=preferred)
    elif name == "TEL":
        card.add("Phone", _phone(unescape(value)), preferred=preferred)
    elif name == "ADR":
        parts = [*_components(value, ";"), "", "", "", "", "", "", ""]
        _box, extended, street, city, region, postal, country = parts[:7]
        card.add("Address", ", ".join(p for p in (street, extended) if p).replace("\n", ", "))
        card.add("City", city)
        card.add("State", region)
        card.add("Postal code", postal)
        card.add("Country", country)
    elif name == "LABEL":
        card.labels.append(unescape(value))
    elif name == "URL":
        card.add("Website", unescape(value))
    elif name == "NOTE":
        card.add("Notes", unescape(value))
    elif name == "CATEGORIES":
        for tag in _components(value, ","):
            card.add("Tags", tag)
    elif name and name not in _IGNORED:
        card.add(name, unescape(value))


def _phone(value: str) -> str:
    """A ``tel:`` URI as a person writes the number: "tel:+1-555-0100;ext=12"
    → "+1-555-0100 ext. 12"."""
    if value.lower().startswith("tel:"):
        number, _, extension = value[4:].partition(";ext=")
        number = number.split(";", 1)[0]
        return f"{number} ext. {extension}" if extension else number
    return value
