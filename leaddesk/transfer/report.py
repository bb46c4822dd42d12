"""What an import did, as plain data: the counts and problems the command
line prints (``import --json``) and a window shows, which row went into
which lead, and the possible duplicates with what was chosen for each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leaddesk.transfer.convert import Problem

CREATED, MERGED, SKIPPED, REJECTED = "created", "merged", "skipped", "rejected"


@dataclass(slots=True)
class Outcome:
    """What became of one row."""

    row: int
    action: str
    """"created", "merged", "skipped" or "rejected"."""
    lead: int | None = None
    """The lead it created, was merged into, or was skipped as a repeat of."""
    matched_by: str = ""
    """How it was recognised as a duplicate (a :class:`Reason` value)."""
    of_row: int | None = None
    """The earlier row of the file it repeats, if it repeats one."""
    also: tuple[int, ...] = ()
    """Further leads it repeats for sure, left as they are."""
    because: str = ""
    """Why it was skipped or rejected, in a user's words."""

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"row": self.row, "outcome": self.action, "lead": self.lead}
        if self.matched_by:
            found["matched_by"] = self.matched_by
        if self.of_row is not None:
            found["duplicate_of_row"] = self.of_row
        if self.also:
            found["also_matches"] = list(self.also)
        if self.because:
            found["because"] = self.because
        return found


@dataclass(slots=True)
class PossibleDuplicate:
    """A row that may repeat a lead (or an earlier row), and what was done."""

    row: int
    label: str
    """The row's name, company and email."""
    lead: int | None
    """The lead it may repeat (None while that lead is only a row)."""
    of_row: int | None
    """The earlier row of the file it may repeat."""
    lead_label: str
    why: str
    """A :class:`Reason` value: "similar_name" or "phone"."""
    choice: str
    """"keep" (both kept) or "merge"."""

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "name": self.label,
            "lead": self.lead,
            "duplicate_of_row": self.of_row,
            "lead_name": self.lead_label,
            "why": self.why,
            "choice": self.choice,
        }


@dataclass
class ImportReport:
    """``rows`` counts the data rows read (blank rows and footers aside);
    each is created, merged, skipped as a duplicate, or rejected."""

    file: str
    rows: int = 0
    created: int = 0
    merged: int = 0
    skipped_duplicates: int = 0
    needs_review: int = 0
    rejected: int = 0
    updated: int = 0
    """Of ``merged``: rows written over the lead their Lead ID names."""
    unchanged: int = 0
    """Of ``skipped_duplicates``: rows naming a lead by its ID that change
    nothing in it."""
    problems: list[Problem] = field(default_factory=list)
    batch: int | None = None
    dry_run: bool = False
    sheet: str = ""
    custom_columns: list[str] = field(default_factory=list)
    """Columns kept as custom fields (they name no lead field)."""
    skipped_lines: list[int] = field(default_factory=list)
    """Rows that are not leads: a preamble before the header, a footer."""
    outcomes: list[Outcome] = field(default_factory=list)
    """Every row, in file order, with the lead it went into."""
    possible: list[PossibleDuplicate] = field(default_factory=list)

    @property
    def leads_by_row(self) -> dict[int, int]:
        """Spreadsheet row → the lead it created, was merged into or
        repeats, so a window can open the lead behind a problem."""
        return {o.row: o.lead for o in self.outcomes if o.lead is not None}

    def as_json(self) -> dict[str, Any]:
        """The shape the README promises for ``leaddesk import --json``."""
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "merged": self.merged,
            "skipped_duplicates": self.skipped_duplicates,
            "needs_review": self.needs_review,
            "rejected": self.rejected,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": [p.as_json() for p in self.problems],
            "batch": self.batch,
            "dry_run": self.dry_run,
            "sheet": self.sheet or None,
            "custom_columns": self.custom_columns,
            "skipped_lines": self.skipped_lines,
            "possible_duplicates": [p.as_json() for p in self.possible],
            "outcomes": [o.as_json() for o in self.outcomes],
        }

    def counts(self) -> dict[str, int]:
        """The counts an import batch records."""
        return {
            "rows": self.rows,
            "created": self.created,
            "merged": self.merged,
            "skipped": self.skipped_duplicates,
            "needs_review": self.needs_review,
            "rejected": self.rejected,
        }

    def summary(self) -> str:
        """One line: "120 rows: 100 created, 5 merged, 3 duplicates skipped,
        2 rejected; 7 need review; 2 possible duplicates."."""
        parts = [f"{self.created:,} created", f"{self.merged - self.updated:,} merged"]
        if self.updated:
            parts.append(f"{self.updated:,} updated by lead ID")
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        if self.skipped_duplicates - self.unchanged:
            parts.append(f"{self.skipped_duplicates - self.unchanged:,} duplicates skipped")
        if self.rejected:
            parts.append(f"{self.rejected:,} rejected")
        text = f"{self.rows:,} {'row' if self.rows == 1 else 'rows'}: {', '.join(parts)}"
        if self.needs_review:
            verb = "needs" if self.needs_review == 1 else "need"
            text += f"; {self.needs_review:,} {verb} review"
        if self.possible:
            count = len(self.possible)
            text += f"; {count:,} possible {'duplicate' if count == 1 else 'duplicates'}"
        return text + "."
