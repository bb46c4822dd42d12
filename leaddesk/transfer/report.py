"""What an import did, as plain data: the counts and problems the command
line prints (``import --json``) and a window shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leaddesk.transfer.convert import Problem


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
    leads_by_row: dict[int, int] = field(default_factory=dict)
    """Spreadsheet row → the lead it created or was merged into, so a
    window can open the lead behind a problem (not in the JSON report)."""

    def as_json(self) -> dict[str, Any]:
        """The shape DESIGN.md promises for ``leaddesk import --json``."""
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
        2 rejected; 7 need review."."""
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
        return text + "."
