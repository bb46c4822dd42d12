"""An import from start to finish, in a form a window can drive.

    job = ImportJob(path, sheet=None)   # reads the header; UnreadableFile if it can't
    job.mapping.set(3, Field.PHONE)     # optional: the user corrects the mapping
    check_file(job, database)           # what the import will do (transfer.preview)
    report = job.run(database, ImportOptions(), progress=..., cancelled=...)

One import is one transaction and one recorded import batch: cancelled or
failed, the database is as it was. A dry run does everything and rolls back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterator
from collections.abc import Mapping as AnyMapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from leaddesk.collection import collection_paused
from leaddesk.domain.clock import utcnow
from leaddesk.store import settings
from leaddesk.store.bulk import bulk_load, indexes_deferred, reserve_ids, write_alone
from leaddesk.store.database import Database, DatabaseError, describe_db_error
from leaddesk.store.imports import finish_batch, start_batch
from leaddesk.store.queries import any_leads
from leaddesk.store.rows import row_plan
from leaddesk.transfer import prepare
from leaddesk.transfer.convert import column_limits
from leaddesk.transfer.duplicates import Choice, OnDuplicate
from leaddesk.transfer.errors import ImportCancelled
from leaddesk.transfer.mapping import Mapping, auto_map
from leaddesk.transfer.matching import Policy
from leaddesk.transfer.merging import Writer
from leaddesk.transfer.prepare import (
    Context,
    Prepared,
    Workers,
    prepare_rows,
    prepared_chunks,
)
from leaddesk.transfer.readers import read_table, start_table
from leaddesk.transfer.report import ImportReport
from leaddesk.transfer.table import Table

Progress = Callable[[int, int], None]
"""Called with rows done and rows expected (an estimate for CSV)."""
Cancelled = Callable[[], bool]

# Tables whose indexes are built once at the end of a first import. Not
# lead_contacts: merging into a lead reads its contacts by lead id.
_DEFERRED_INDEXES = ("leads", "stage_changes", "import_batch_leads", "import_rows")


START_WORKERS_FROM_BYTES = 512 * 1024
"""Files from this size on usually hold enough rows for worker processes
(see PARALLEL_FROM), which are then started before the file is read."""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say what is wrong


@dataclass(frozen=True)
class ImportOptions:
    on_duplicate: OnDuplicate = OnDuplicate.MERGE
    possible: Choice = Choice.KEEP
    """What to do with possible duplicates the user chose nothing for."""
    choices: AnyMapping[int, Choice] = field(default_factory=dict)
    """Spreadsheet row → what to do with that possible duplicate."""
    dry_run: bool = False
    region: str | None = None
    """Phone region for numbers without a country code; by default the
    database's setting, else the user's locale."""
    workers: int | None = None
    """Processes converting rows; by default both cores on large files."""

    @property
    def policy(self) -> Policy:
        return Policy(self.on_duplicate, self.possible, self.choices)


class ImportJob:
    """One file to import: its header and mapping, a preview, and the run."""

    def __init__(
        self, path: Path | str, *, sheet: str | None = None, encoding: str | None = None
    ) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.chosen_encoding = encoding
        """The encoding the user chose for a text file; None to find it."""
        self._workers: Workers | None = None
        # The reading process first, then the workers: they start while the
        # file is read (a large file is read in about as long as they take
        # to start), and the reading is not queued behind their start.
        reading = start_table(self.path, sheet, encoding)
        try:
            if prepare.default_workers() >= 2 and _size(self.path) >= START_WORKERS_FROM_BYTES:
                self._workers = Workers()
            table = reading.table()
        except BaseException:
            reading.end()
            self._close_workers()
            raise
        self.kind = table.kind
        self.headers = table.headers
        self.sheet_name = table.sheet
        self.sheets = table.sheets
        self.expected_rows = table.total
        self.header_row = table.header_row
        self.preamble = list(table.skipped_lines)
        """Rows above the header that are not leads."""
        self.encoding = table.encoding
        """How a text file was read (None for a workbook)."""
        self.headerless = table.headerless
        self.notes = list(table.notes)
        """Sentences to show before importing (an encoding that was a
        guess, a file without a header row)."""
        self.mapping: Mapping = auto_map(table.headers, table.samples, table.fields)
        self.preset_used = 0
        """Columns set from the user's saved choices (see use_saved_mapping)."""
        self._first: Table | None = table

    def use_saved_mapping(self, database: Database) -> int:
        """Applies the corrections the user saved for a file with these
        headers (in the window's import, or an earlier one); returns how
        many columns they set."""
        from leaddesk.transfer.presets import apply_preset, load_preset

        with database.read() as session:
            preset = load_preset(session, self.headers)
        apply_preset(self.mapping, preset)
        self.preset_used = len(preset)
        return self.preset_used

    def _table(self) -> Table:
        table, self._first = self._first, None
        return table or self.read_table()

    def read_table(self) -> Table:
        """The file's table afresh, read as this job reads it."""
        return read_table(self.path, self.sheet, self.chosen_encoding)

    def _close_workers(self, *, at_once: bool = False) -> None:
        workers, self._workers = self._workers, None
        if workers is not None:
            workers.close(at_once=at_once)

    @contextmanager
    def _workers_ended(self) -> Iterator[None]:
        """Kills the workers when the import fails or is interrupted, before
        its transaction is rolled back: their chunks are not wanted."""
        try:
            yield
        except BaseException:
            self._close_workers(at_once=True)
            raise

    def close(self) -> None:
        """Lets go of the file the header was read from, for a job that will
        not run (a window read the header, then the user chose another file)."""
        self._close_workers()
        table, self._first = self._first, None
        if table is not None:
            # A reader closes its file when its rows are closed, but only
            # once they have started.
            next(iter(table.rows), None)
            close = getattr(table.rows, "close", None)
            if close is not None:
                close()

    def context(self, region: str, dialect: str = "sqlite") -> Context:
        return Context(
            self.mapping,
            region,
            utcnow(),
            column_limits(),
            row_plan(dialect),
            file_kind=self.kind,
        )

    def preview(self, region: str, limit: int = 20) -> list[Prepared]:
        """The first rows as they would be converted, with their problems."""
        table = self.read_table()
        rows = list(itertools.islice(table.rows, limit))
        return prepare_rows(self.context(region), rows)

    def prepared(self, context: Context) -> tuple[Generator[list[Prepared]], Table]:
        """The file's rows, prepared in chunks (in the workers started for a
        large file, which stay for the import), and the table they come
        from (whose skipped lines are known once they are all read)."""
        table = self._table()
        chunks = prepared_chunks(context, table.rows, expected=table.total, started=self._workers)
        return chunks, table

    def run(
        self,
        database: Database,
        options: ImportOptions | None = None,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportReport:
        """Imports the file; raises ImportCancelled (nothing written),
        UnreadableFile or DatabaseError."""
        options = options or ImportOptions()
        table = self._table()
        report = ImportReport(
            file=self.path.name,
            dry_run=options.dry_run,
            sheet=table.sheet,
            custom_columns=self.mapping.custom_columns(),
        )
        transaction = database.read() if options.dry_run else database.session()
        try:
            with transaction as session, collection_paused(), self._workers_ended():
                self._run(session, table, options, report, progress, cancelled)
        except DBAPIError as error:
            raise DatabaseError(describe_db_error(error, database.display_name)) from None
        finally:
            self._close_workers()
        if options.dry_run:
            report.batch = None
        report.skipped_lines = sorted(table.skipped_lines)
        return report

    def _run(
        self,
        session: Session,
        table: Table,
        options: ImportOptions,
        report: ImportReport,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        write_alone(session)  # before looking for duplicates: see its docstring
        region = options.region or settings.phone_region(session)
        context = self.context(region, session.get_bind().dialect.name)
        now = context.now
        empty = not any_leads(session)
        report.batch = start_batch(session, str(self.path), now)
        with bulk_load(session), ExitStack() as stack:
            if empty:
                # Building indexes once at the end beats updating them per row.
                stack.enter_context(indexes_deferred(session, _DEFERRED_INDEXES))
            writer = Writer(
                session,
                report,
                options.policy,
                batch_id=report.batch,
                first_new_id=reserve_ids(session, "leads", 1),
                check_database=not empty,
                context=context,
            )
            # Emptied entry by entry however the import ends (see forget()).
            stack.callback(writer.forget)
            chunks = prepared_chunks(
                context,
                table.rows,
                expected=table.total,
                workers=options.workers,
                started=self._workers,
            )
            done = 0
            for chunk in chunks:
                if cancelled is not None and cancelled():
                    raise ImportCancelled()
                writer.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, max(done, table.total or 0))
        report.skipped_lines = sorted(table.skipped_lines)
        finish_batch(session, report.batch, report.counts(), report.as_json(), utcnow())
