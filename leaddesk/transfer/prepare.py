"""The per-row work of an import that needs no database: converting cells
to a lead, validating its contacts and computing every stored column.

It is most of an import's time and runs on all cores: rows go in chunks to
worker processes (spawned, so a window's threads are never forked) while
the main process reads the file and writes to the database. Results come
back in file order.
"""

from __future__ import annotations

import atexit
import gc
import os
import weakref
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from multiprocessing import get_context
from typing import Any

from leaddesk.domain.contact import check_email, check_phone
from leaddesk.domain.lead import Lead
from leaddesk.lifetime import WorkerPool, worker_pool
from leaddesk.store.derive import lead_columns
from leaddesk.store.rows import LeadValues, RowPlan, contact_rows
from leaddesk.transfer.columns import LeadReference
from leaddesk.transfer.convert import Limits, Problem, RowConverter
from leaddesk.transfer.duplicates import Keys, keys_of
from leaddesk.transfer.mapping import Mapping
from leaddesk.transfer.table import Row

CHUNK = 2_000
PARALLEL_FROM = 6_000
"""Rows from which worker processes pay for their start-up."""


@dataclass(frozen=True, slots=True)
class Context:
    """What converting a row depends on (sent to each worker)."""

    mapping: Mapping
    region: str
    now: datetime
    limits: Limits
    """The longest text each field takes (see column_limits())."""
    plan: RowPlan
    """How new leads' rows are converted for the database (see row_plan())."""
    file_kind: str = ""
    """"csv", "xlsx"…: how LeadDesk's own export is read back (see RowConverter)."""


@dataclass(slots=True)
class Prepared:
    """A converted row, ready to check for duplicates and insert."""

    row: int
    lead: Lead | None
    problems: list[Problem] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    """The lead's row of the leads table (see LeadValues)."""
    contacts: list[tuple[str, str, str, str]] = field(default_factory=list)
    keys: Keys | None = None
    """None for a rejected row."""
    needs_review: bool = False
    custom: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    cells: list[str] | None = None
    """The row as read, kept by the process that writes for a row prepared
    in a worker (which does not send the lead back: see :func:`lead_of`)."""
    reference: LeadReference | None = None
    """The lead the row's Lead ID names (see :mod:`leaddesk.transfer.updating`)."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional, without the field names a dataclass pickles by default.
        return Prepared, (
            self.row, self.lead, self.problems, self.values, self.contacts, self.keys,
            self.needs_review, self.custom, self.tags, None, self.reference,
        )  # fmt: skip


def prepare_rows(context: Context, rows: list[Row], *, leads: bool = True) -> list[Prepared]:
    """Prepares rows; without ``leads``, only what writing them needs is
    kept (their leads are a third of what a worker sends back, and only a
    row that merges with another needs its lead: see :func:`lead_of`)."""
    converter = row_converter(context)
    prepared = []
    for number, cells in rows:
        converted = converter.convert(number, cells)
        lead = converted.lead
        item = Prepared(number, lead, converted.problems, reference=converted.reference)
        if lead is not None:
            complete(item, context)
            if not leads:
                item.lead = None
        prepared.append(item)
    return prepared


def row_converter(context: Context) -> RowConverter:
    return RowConverter(context.mapping, context.region, context.limits, kind=context.file_kind)


def lead_of(item: Prepared, converter: RowConverter) -> Lead:
    """The lead of a row that was not rejected. A row prepared in a worker
    is converted again from its cells: the same code on the same cells
    gives the same lead."""
    if item.lead is None:
        assert item.cells is not None and item.keys is not None
        item.lead = converter.convert(item.row, item.cells).lead
        assert item.lead is not None
    return item.lead


def _prepare_for_writing(context: Context, rows: list[Row]) -> list[Prepared]:
    return prepare_rows(context, rows, leads=False)


@lru_cache(maxsize=2)
def _lead_values(plan: RowPlan) -> LeadValues:
    return LeadValues(plan)


def complete(item: Prepared, context: Context) -> None:
    """Fills the row, contacts and keys of ``item.lead``."""
    lead = item.lead
    assert lead is not None
    region = context.region
    email = check_email(lead.email) if lead.email.strip() else None
    phone = None
    if lead.phone.strip():
        phone = check_phone(lead.phone, lead.region_for(lead.phone, region))
    columns = lead_columns(lead, region, context.now, email=email, phone=phone)
    item.values = _lead_values(context.plan)(lead, columns, context.now)
    item.needs_review = columns["needs_review"]
    item.custom, item.tags = lead.custom, lead.tags
    item.contacts = contact_rows(lead, region)
    emails: list[str] = []
    typed_emails: list[str] = []
    phones: list[str] = []
    typed_phones: list[str] = []
    if email is not None:
        (emails if email.valid else typed_emails).append(email.key)
    if phone is not None:
        if phone.valid:
            phones.append(phone.e164)
        else:
            typed_phones.append(lead.phone.strip())
    for kind, value, key, _ in item.contacts:
        if kind == "email":
            (emails if check_email(value).valid else typed_emails).append(key)
        else:
            (phones if key.startswith("+") else typed_phones).append(key)
    item.keys = keys_of(
        emails, typed_emails, phones, typed_phones, lead.first_name, lead.last_name, lead.company
    )


def default_workers() -> int:
    return min(2, os.cpu_count() or 1)


class Workers:
    """Worker processes for :func:`prepared_chunks`, started at once.

    A process takes a third of a second to start and import what it needs;
    started before a large file is read, it is ready when the first rows
    are. Close it when done (an unused pool is closed when collected)."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count or default_workers()
        self.pool = worker_pool(self.count, context=get_context("spawn"), initializer=_start_worker)
        # The executor starts a process per task waiting for one.
        for _ in range(self.count):
            self.pool.submit(_ready)
        self._finalizer = weakref.finalize(self, _shut_down, self.pool)

    def close(self, *, at_once: bool = False) -> None:
        """Lets the workers end; ``at_once``: kills them, their chunks
        unfinished (the import failed or was interrupted)."""
        if at_once and self._finalizer.alive:
            self.pool.stop()
        self._finalizer()


def _shut_down(pool: WorkerPool) -> None:
    pool.shutdown(wait=False, cancel_futures=True)


def _ready() -> None:
    """A task that only makes a worker start (and import this module)."""


def prepared_chunks(
    context: Context,
    rows: Iterable[Row],
    *,
    expected: int | None,
    workers: int | None = None,
    started: Workers | None = None,
) -> Generator[list[Prepared]]:
    """Chunks of prepared rows in file order; in worker processes when the
    file is large enough to gain from them (in ``started`` ones if given:
    the caller closes them)."""
    if workers is None:
        workers = started.count if started is not None else default_workers()
    if workers < 2 or (expected or 0) < PARALLEL_FROM:
        for chunk in _chunked(rows):
            yield prepare_rows(context, chunk)
        return
    own = started is None or started.count != workers
    pool = Workers(workers) if own else started
    assert pool is not None
    pending: list[tuple[Future[list[Prepared]], list[Row]]] = []
    try:
        for chunk in _chunked(rows):
            pending.append((pool.pool.submit(_prepare_for_writing, context, chunk), chunk))
            if len(pending) > workers * 2:
                yield _with_cells(*pending.pop(0))
        while pending:
            yield _with_cells(*pending.pop(0))
    except BaseException:
        if own:
            pool.close(at_once=True)
        raise
    finally:
        for future, _ in pending:
            future.cancel()
        if own:
            pool.close()


def _with_cells(future: Future[list[Prepared]], chunk: list[Row]) -> list[Prepared]:
    prepared = future.result()
    for item, (_, cells) in zip(prepared, chunk, strict=True):
        item.cells = cells
    return prepared


def _start_worker() -> None:
    """Workers yield the CPU to the process that started them: on two
    cores, two busy workers at full priority starve a window's event loop
    (and the writer) for up to a second at a time.

    They also never look for reference cycles: converting rows makes none
    (everything goes by reference counting), and the collector's passes
    over the growing caches took a fifth of a worker's time."""
    gc.disable()
    # A worker holds nothing that needs tearing down (no files, no database),
    # but its caches hold millions of objects: freeing them one by one as the
    # interpreter finalises took half a second of a core after each import.
    atexit.register(os._exit, 0)
    # No nice() on Windows: the import is only less polite there.
    with suppress(AttributeError, OSError):
        os.nice(5)


def _chunked(rows: Iterable[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
