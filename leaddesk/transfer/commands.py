"""The ``leaddesk import`` and ``leaddesk export`` commands' work, kept
out of :mod:`leaddesk.cli` so that module stays light to import.

Every error a user can cause becomes :class:`Failure` with one sentence;
the command line prints it and exits 1 with the database unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Protocol

from leaddesk.domain.clock import utcnow
from leaddesk.store.database import Database, DatabaseError
from leaddesk.store.imports import AlreadyReverted, BatchNotFound, list_batches, revert_batch
from leaddesk.store.queries import LeadQuery
from leaddesk.store.schema import ImportBatch
from leaddesk.transfer.duplicates import Choice, OnDuplicate, Reason
from leaddesk.transfer.errors import ImportCancelled, UnreadableFile, UnsupportedFormat
from leaddesk.transfer.export import export_leads
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from leaddesk.transfer.report import ImportReport


class Progress(Protocol):
    """A progress line: shown with rows done and expected, then ended."""

    def __call__(self, done: int, total: int) -> None: ...

    def end(self) -> None: ...


LONG = 10_000
"""Rows from which progress is shown on stderr."""
SHOWN_PROBLEMS = 10


class Failure(Exception):
    """One sentence for the user; exit status 1."""


def run_import(database: Database, args: argparse.Namespace, progress: Progress) -> int:
    try:
        job = ImportJob(Path(args.file), sheet=args.sheet, encoding=args.encoding)
        used = job.use_saved_mapping(database)
        for note in job.notes:
            print(f"leaddesk: note: {note}", file=sys.stderr)
        if used:
            print(
                f"leaddesk: note: {used} column(s) mapped as you chose before for a file with "
                "these columns.",
                file=sys.stderr,
            )
        choices = dict.fromkeys(args.merge_rows, Choice.MERGE)
        choices.update(dict.fromkeys(args.keep_rows, Choice.KEEP))
        options = ImportOptions(
            on_duplicate=OnDuplicate(args.on_duplicate),
            possible=Choice(args.possible_duplicates),
            choices=choices,
            dry_run=args.dry_run,
            region=args.region.upper() if args.region else None,
        )
        long = (job.expected_rows or 0) >= LONG
        report = job.run(database, options, progress=progress if long else None)
    except (UnreadableFile, DatabaseError) as error:
        raise Failure(str(error)) from None
    except OSError as error:
        raise Failure(f"{args.file} cannot be read ({error.strerror or error}).") from None
    progress.end()
    if args.json:
        _print_json(report.as_json())
        return 0
    what = "Would import" if args.dry_run else "Imported"
    print(f"{what} {report.file}: {report.summary()}")
    if report.custom_columns:
        print("Kept as custom fields: " + ", ".join(report.custom_columns) + ".")
    for problem in report.problems[:SHOWN_PROBLEMS]:
        where = f" ({problem.field} “{problem.value}”)" if problem.field else ""
        print(f"  row {problem.row}{where}: {problem.message}")
    hidden = len(report.problems) - SHOWN_PROBLEMS
    _print_possible(report)
    if report.batch is not None:
        if hidden > 0:
            print(f"  … and {hidden:,} more: leaddesk import --report {report.batch}")
        print(
            f"This was import {report.batch}; undo it with: leaddesk import --revert {report.batch}"
        )
    elif hidden > 0:
        print(f"  … and {hidden:,} more: run again with --json for the full list.")
    if args.dry_run:
        print("Dry run: nothing was saved.")
    return 0


def _print_possible(report: ImportReport) -> None:
    """The possible duplicates, and how to decide them otherwise."""
    if not report.possible:
        return
    print("Possible duplicates (the same person? decide with --merge-rows or --keep-rows):")
    for flagged in report.possible[:SHOWN_PROBLEMS]:
        other = f"row {flagged.of_row}" if flagged.of_row else f"lead {flagged.lead}"
        what = "merged into" if flagged.choice == Choice.MERGE else "kept apart from"
        why = Reason(flagged.why).text
        print(
            f"  row {flagged.row} “{flagged.label}”: {what} {other} “{flagged.lead_label}” ({why})"
        )
    hidden = len(report.possible) - SHOWN_PROBLEMS
    if hidden > 0:
        print(f"  … and {hidden:,} more (--json lists them all).")


def revert(database: Database, batch_id: int, *, as_json: bool) -> int:
    try:
        with database.session() as session:
            result = revert_batch(session, batch_id, now=utcnow())
    except BatchNotFound:
        raise Failure(
            f"There is no import number {batch_id}; see leaddesk import --list."
        ) from None
    except AlreadyReverted:
        raise Failure(f"Import {batch_id} was reverted already.") from None
    except DatabaseError as error:
        raise Failure(str(error)) from None
    if as_json:
        _print_json(
            {"batch": batch_id, "trashed": result.trashed, "restored": result.restored,
             "kept": result.kept}
        )  # fmt: skip
        return 0
    print(
        f"Reverted import {batch_id}: {result.trashed:,} new leads moved to the trash, "
        f"{result.restored:,} merged leads restored."
    )
    if result.kept:
        print(f"{len(result.kept):,} merged leads were edited since and were left as they are.")
    return 0


def list_imports(database: Database, *, as_json: bool) -> int:
    with database.read() as session:
        batches = list_batches(session)
    if as_json:
        _print_json(
            [
                {"batch": b.id, "file": b.file_name, "started_at": b.started_at.isoformat() + "Z",
                 "rows": b.rows, "created": b.created, "merged": b.merged,
                 "skipped_duplicates": b.skipped, "needs_review": b.needs_review,
                 "rejected": b.rejected,
                 "reverted_at": b.reverted_at.isoformat() + "Z" if b.reverted_at else None}
                for b in batches
            ]
        )  # fmt: skip
        return 0
    if not batches:
        print("No imports yet.")
    for b in batches:
        state = " (reverted)" if b.reverted_at else ""
        print(
            f"{b.id:>4}  {b.started_at:%Y-%m-%d %H:%M}  {Path(b.file_name).name}: "
            f"{b.created:,} created, {b.merged:,} merged, {b.rejected:,} rejected{state}"
        )
    return 0


def show_report(database: Database, batch_id: int) -> int:
    with database.read() as session:
        batch = session.get(ImportBatch, batch_id)
        text = batch.report if batch is not None else None
    if not text:
        raise Failure(f"There is no report for import number {batch_id}.")
    _print_json(json.loads(text))
    return 0


def run_export(
    database: Database, path: Path, query: LeadQuery, progress: Progress, csv_dialect: str = "comma"
) -> int:
    def report(done: int, total: int) -> None:
        if total >= LONG:
            progress(done, total)

    try:
        count = export_leads(database, path, query, progress=report, csv_dialect=csv_dialect)
    except (UnsupportedFormat, DatabaseError) as error:
        raise Failure(str(error)) from None
    except ImportCancelled:
        raise Failure("The export was cancelled; no file was written.") from None
    except OSError as error:
        raise Failure(f"{path} cannot be written ({error.strerror or error}).") from None
    progress.end()
    return count


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
