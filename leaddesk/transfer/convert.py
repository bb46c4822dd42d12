"""Turning one row of cells into a lead, with the problems found on the way.

Nothing is lost: a value that cannot go into its field (an unknown stage,
a date nobody can read, text too long for the column) is kept as a custom
field under its column's name and reported; an invalid email or phone is
kept as typed and the store marks the lead *needs review*. Only a row with
no name, company, email or phone is rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from leaddesk.domain.contact import check_email, check_phone
from leaddesk.domain.lead import Lead
from leaddesk.domain.text import fold
from leaddesk.transfer.celltext import cell_reader, from_csv, split_items
from leaddesk.transfer.columns import (
    CURRENT,
    FOREIGN,
    LIST_COLUMNS,
    LeadReference,
    parse_lead_id,
)
from leaddesk.transfer.fields import Field
from leaddesk.transfer.mapping import Mapping, column_letter
from leaddesk.transfer.phones import checked_region, region_for
from leaddesk.transfer.qualify import Qualification
from leaddesk.transfer.values import (
    split_name,
    split_values,
)

F = Field
REJECTED = "No name, company, email or phone: the row was not imported."
_TEXT_FIELDS = (
    F.COMPANY, F.TITLE, F.ADDRESS, F.CITY, F.POSTAL_CODE, F.COUNTRY, F.OWNER, F.COMPETITOR,
    F.CONSENT_HOW, F.DISQUALIFIED_REASON,
)  # fmt: skip
_TEXT_ATTRIBUTES = tuple((target, target.value) for target in _TEXT_FIELDS)
_SEPARATORS = frozenset(";\n:,|")
"""Characters without which a cell holds a single value (see split_values)."""


@dataclass(frozen=True)
class Limits:
    """The longest text each field's column takes (by field), and a tag."""

    fields: dict[Field, int]
    tag: int


@lru_cache(maxsize=1)
def column_limits() -> Limits:
    """The limits of the database's columns. Read in the process that
    starts an import, and handed to its workers, which need not import
    the schema (nor SQLAlchemy) for them."""
    from leaddesk.store.schema import LeadRow, Tag

    lengths = {
        column.name: length
        for column in LeadRow.__table__.columns
        if (length := getattr(column.type, "length", None))
    }
    return Limits(
        {f: lengths[f.value] for f in Field if f.value in lengths},
        getattr(Tag.__table__.c.name.type, "length", 100),
    )


@dataclass(frozen=True, slots=True)
class Problem:
    """Something to tell the user about one cell (or a whole row, when
    ``field`` is empty); ``row`` is the spreadsheet row number."""

    row: int
    field: str
    value: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "value": self.value, "message": self.message}


@dataclass(slots=True)
class Converted:
    """A row as a lead (None when rejected) and its problems."""

    row: int
    lead: Lead | None
    problems: list[Problem] = field(default_factory=list)
    reference: LeadReference | None = None
    """The lead the row's Lead ID names, if it has one."""


class RowConverter:
    """Converts rows of one file under one mapping.

    The rows of LeadDesk's own export are read exactly as it wrote them
    (see :mod:`leaddesk.transfer.celltext`): no cell is trimmed, only its
    list columns are split, and in a CSV the escapes come off. Any other
    file is read with a spreadsheet's tolerance: cells trimmed, several
    values in a cell found by their separators."""

    def __init__(self, mapping: Mapping, region: str, limits: Limits, *, kind: str = "") -> None:
        self.region = region
        self.limits = limits.fields
        self.tag_limit = limits.tag
        self.version = mapping.export_version
        self.exact = self.version != FOREIGN
        self.decode = cell_reader(self.version, kind)
        self.default_source = mapping.default_source
        self.value_choices = mapping.values
        self.width = len(mapping.columns)
        names: dict[str, int] = {}
        self.plan: list[tuple[int, Field, str]] = []
        for column in mapping.columns:
            if column.field in (F.COMPUTED, F.IGNORE):
                continue
            name = column.name
            if self.decode is from_csv and column.field is F.CUSTOM:
                name = from_csv(name)  # the export escapes a custom field's name too
            if not self.exact or column.field is F.CUSTOM:
                # Custom fields of an export are named once each already.
                names[name] = names.get(name, 0) + 1
                if names[name] > 1:
                    name = f"{name} ({names[name]})"
            self.plan.append((column.index, column.field, name))
        self.phone_column = any(target is F.PHONE for _, target, _ in self.plan)

    def convert(self, row: int, cells: list[str]) -> Converted:
        if self.exact:
            return self._convert_exactly(row, cells)
        values: dict[Field, list[tuple[str, str]]] = {}
        custom: dict[str, str] = {}
        for index, target, name in self.plan:
            text = cells[index].strip() if index < len(cells) else ""
            if not text:
                continue
            if target is F.CUSTOM:
                custom[name] = text
            else:
                values.setdefault(target, []).append((name, text))
        for index in range(self.width, len(cells)):
            if cells[index].strip():
                custom[f"Column {column_letter(index)}"] = cells[index].strip()
        return _Row(self, row, values, custom).build()

    def _convert_exactly(self, row: int, cells: list[str]) -> Converted:
        values: dict[Field, list[tuple[str, str]]] = {}
        custom: dict[str, str] = {}
        decode = self.decode
        for index, target, name in self.plan:
            text = cells[index] if index < len(cells) else ""
            if decode is not None and text:
                text = decode(text)
            if not text:
                continue
            if target is F.CUSTOM:
                custom[name] = text
            else:
                values.setdefault(target, []).append((name, text))
        for index in range(self.width, len(cells)):
            if cells[index]:
                custom[f"Column {column_letter(index)}"] = cells[index]
        return _Row(self, row, values, custom).build()


class _Row:
    """The work of converting one row (kept apart so RowConverter stays a
    plan that can be reused for every row)."""

    def __init__(
        self,
        converter: RowConverter,
        row: int,
        values: dict[Field, list[tuple[str, str]]],
        custom: dict[str, str],
    ) -> None:
        self.region = converter.region
        self.limits = converter.limits
        self.tag_limit = converter.tag_limit
        self.default_source = converter.default_source
        self.phone_column = converter.phone_column
        self.value_choices = converter.value_choices
        self.version = converter.version
        self.exact = converter.exact
        self.row = row
        self.values = values
        self.custom = custom
        self.problems: list[Problem] = []

    def items(self, name: str, text: str, kind: str = "") -> list[str]:
        """The values in a cell: in LeadDesk's own export, one value, or the
        list a list column holds; in other files, whatever separators say
        (see split_values)."""
        if not self.exact:
            return split_values(text, kind=kind) if kind == "tags" else _split(text, kind)
        if name not in LIST_COLUMNS:
            return [text]
        if self.version == CURRENT:
            return split_items(text)
        return split_values(text, kind=kind)

    def keep(self, target: Field, name: str, text: str, message: str) -> None:
        """Keeps a value that cannot go into its field, and says so."""
        self.custom.setdefault(name, text)
        self.note(target, text, message)

    def note(self, target: Field, text: str, message: str) -> None:
        self.problems.append(Problem(self.row, target.value, text, message))

    def single(self, target: Field) -> tuple[str, str]:
        """The first filled column's value and name; other, different values
        are kept as custom fields."""
        items = self.values.get(target)
        if not items:
            return "", ""
        name, first = items[0]
        for other_name, text in items[1:]:
            if text != first:
                self.custom.setdefault(other_name, text)
        return first, name

    def text(self, target: Field, limit_of: Field | None = None) -> str:
        if target not in self.values:
            return ""
        value, name = self.single(target)
        limit = self.limits.get(limit_of or target)
        if limit and len(value) > limit:
            self.keep(
                target, name, value, f"Longer than {limit} characters; kept as a custom field."
            )
            return ""
        return value

    def parsed(self, target: Field, parse: Callable[[str], Any], what: str) -> Any:
        value, name = self.single(target)
        if not value:
            return None
        result = parse(value)
        if result is None:
            self.keep(target, name, value, f"Not {what}; kept as a custom field.")
        return result

    def build(self) -> Converted:
        lead = Lead()
        self.names(lead)
        for target, attribute in _TEXT_ATTRIBUTES:
            setattr(lead, attribute, self.text(target))
        self.contacts(lead)
        websites = [w for n, text in self.values.get(F.WEBSITE, ()) for w in self.items(n, text)]
        if websites:
            lead.website = websites[0]
            if len(lead.website) > self.limits[F.WEBSITE]:
                self.keep(F.WEBSITE, "Website", lead.website, "Too long for a web address.")
                lead.website = ""
            for extra in websites[1:]:
                self.custom.setdefault(f"Website {websites.index(extra) + 1}", extra)
        Qualification(self).read(lead)
        self.tags_and_notes(lead)
        reference = self.reference()
        lead.custom = self.custom
        if not lead.has_identity():
            return Converted(self.row, None, [Problem(self.row, "", "", REJECTED)])
        return Converted(self.row, lead, self.problems, reference)

    def reference(self) -> LeadReference | None:
        if F.LEAD_ID not in self.values:
            return None
        text, name = self.single(F.LEAD_ID)
        if not text:
            return None
        found = parse_lead_id(text)
        if found is None:
            self.keep(F.LEAD_ID, name, text, "Not a LeadDesk lead ID; kept as a custom field.")
        return found

    def names(self, lead: Lead) -> None:
        lead.first_name = self.text(F.FIRST_NAME)
        middle = self.text(F.MIDDLE_NAME, F.FIRST_NAME)
        lead.last_name = self.text(F.LAST_NAME)
        if middle:
            lead.first_name = f"{lead.first_name} {middle}".strip()
        full, name = self.single(F.FULL_NAME)
        if full and not (lead.first_name or lead.last_name):
            lead.first_name, lead.last_name = split_name(full)
        elif full and fold(full) != fold(lead.name):
            self.custom.setdefault(name, full)

    def contacts(self, lead: Lead) -> None:
        # Values that repeat are kept once, unless the export wrote them.
        emails: dict[str, str] = {}
        for name, text in self.values.get(F.EMAIL, ()):
            for value in self.items(name, text, "email"):
                if len(value) > self.limits[F.EMAIL]:
                    self.keep(F.EMAIL, name, value, "Too long for an email address.")
                    continue
                email = check_email(value)
                emails.setdefault(str(len(emails)) if self.exact else email.key, value)
                if not email.valid:
                    self.problems.append(Problem(self.row, "email", value, email.problem))
        phones: dict[str, str] = {}
        regions: dict[str, str] = {}
        entries, forms, not_valid = self.phone_entries()
        for name, text in entries:
            for value in self.items(name, text):
                if len(value) > self.limits[F.PHONE]:
                    self.keep(F.PHONE, name, value, "Too long for a phone number.")
                    continue
                region = self.region
                if forms or not_valid:
                    region = region_for(value, region, forms, not_valid)
                if region != self.region:
                    regions[value.strip()] = region
                phone = check_phone(value, region)
                # One number however it is written when it is valid; an
                # invalid one is only known by its text.
                key = str(len(phones)) if self.exact else phone.e164 or " ".join(value.split())
                phones.setdefault(key, value)
                if not phone.valid:
                    self.problems.append(Problem(self.row, "phone", value, phone.problem))
        lead.email, lead.emails = self.primary(self.values.get(F.EMAIL, ()), list(emails.values()))
        lead.phone, lead.phones = self.primary(entries, list(phones.values()))
        lead.phone_regions = regions

    def phone_entries(self) -> tuple[list[tuple[str, str]], list[str], list[str]]:
        """The phone columns' cells, the numbers' E.164 forms the file gives
        to read them with, and the regions it says numbers were not valid
        in (see leaddesk.transfer.phones). A file with E.164 columns and no
        other phone column has its numbers there."""
        given = self.values.get(F.PHONE_E164, [])
        if not self.phone_column:
            return [(n, text) for n, text in given if not checked_region(text)], [], []
        cells = [cell for n, text in given for cell in self.items(n, text)]
        forms = [cell for cell in cells if cell[:1] == "+"]
        not_valid = list(dict.fromkeys(filter(None, map(checked_region, cells))))
        return self.values.get(F.PHONE, []), forms, not_valid

    def primary(
        self, entries: Sequence[tuple[str, str]], listed: list[str]
    ) -> tuple[str, list[str]]:
        """The first value and the others. In LeadDesk's own export the
        first is the one in the single-value column, even when that is
        empty and the list column is not (as the lead was)."""
        if self.exact and listed and all(name in LIST_COLUMNS for name, _ in entries):
            return "", listed
        return (listed[0], listed[1:]) if listed else ("", [])

    def tags_and_notes(self, lead: Lead) -> None:
        if F.TAGS not in self.values and F.NOTES not in self.values:
            return
        tags: dict[str, str] = {}
        for name, text in self.values.get(F.TAGS, []):
            for tag in self.items(name, text, "tags"):
                if not self.exact:
                    # Google marks system groups "* myContacts"; Mailchimp
                    # quotes each tag ("Newsletter","VIP").
                    tag = tag.removeprefix("* ").strip().strip('"').strip()
                if len(tag) > self.tag_limit:
                    self.keep(
                        F.TAGS, name, tag, f"Longer than {self.tag_limit} characters for a tag."
                    )
                elif tag:
                    tags.setdefault(fold(tag), tag)
        lead.tags = list(tags.values())
        notes = [text for _, text in self.values.get(F.NOTES, [])]
        lead.notes = "\n\n".join(dict.fromkeys(notes))


def _split(text: str, kind: str = "") -> list[str]:
    """:func:`split_values`, without its regular expression for the usual
    cell that holds one value."""
    if _SEPARATORS.isdisjoint(text) and (kind != "email" or len(text.split(None, 1)) == 1):
        return [text]
    return split_values(text, kind=kind)
