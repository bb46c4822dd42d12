"""Reading vCard files (.vcf), versions 2.1, 3.0 and 4.0, as a table.

Each card becomes a row whose columns carry LeadDesk's own export headers,
so the same mapping applies; several values of one kind (emails, phones)
are joined with `` ::: `` as Google's CSV does, and properties LeadDesk has
no field for are kept as extra columns named after the property. A card's
row number is the line where it begins.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path

from leaddesk.transfer.limits import MAX_ROWS, raise_unreadable
from leaddesk.transfer.table import Row, Table, checked

MULTI = " ::: "
COLUMNS = (
    "Full name", "First name", "Last name", "Company", "Department", "Title", "Email",
    "Phone", "Address", "City", "State", "Postal code", "Country", "Website", "Notes", "Tags",
)  # fmt: skip
_IGNORED = {"BEGIN", "END", "VERSION", "PRODID", "REV", "PHOTO", "LOGO", "SOUND", "KEY", "KIND"}
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass
class Card:
    line: int
    values: dict[str, list[str]] = field(default_factory=dict)
    preferred: dict[str, int] = field(default_factory=dict)

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


def read_vcard(path: Path) -> Table:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise_unreadable(f"{path.name} is not a text file; it cannot be read as vCards.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    cards = parse_cards(text)
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
    return Table(
        name=path.name,
        kind="vcf",
        headers=headers,
        header_row=0,
        rows=checked(rows, path.name),
        total=len(rows),
    )


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of the physical line each starts on:
    a line starting with a space or tab continues the previous one, and in
    quoted-printable values a line ending in ``=`` continues too."""
    logical: list[tuple[int, str]] = []
    pending_soft = False
    for number, line in enumerate(text.splitlines(), start=1):
        if logical and (pending_soft or line[:1] in (" ", "\t")):
            start, previous = logical[-1]
            piece = line if pending_soft else line[1:]
            logical[-1] = (start, (previous[:-1] if pending_soft else previous) + piece)
        else:
            logical.append((number, line))
        head = logical[-1][1].split(":", 1)[0].upper()
        pending_soft = "QUOTED-PRINTABLE" in head and logical[-1][1].endswith("=")
    return logical


def parse_cards(text: str) -> list[Card]:
    cards: list[Card] = []
    card: Card | None = None
    for number, line in unfold(text):
        if not line.strip():
            continue
        name, params, value = _split(line)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            card = Card(number)
            continue
        if card is None:
            continue
        if name == "END":
            cards.append(card)
            card = None
            continue
        if "QUOTED-PRINTABLE" in params.get("ENCODING", ""):
            charset = params.get("CHARSET", "utf-8") or "utf-8"
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode(
                charset if _known_charset(charset) else "utf-8", errors="replace"
            )
        _property(card, name, params, value)
    if card is not None and card.values:  # a file cut short: keep what was read
        cards.append(card)
    return cards


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
