"""Reading an untrusted file in a process of its own, where a reader's
failure cannot hurt.

A spreadsheet is a program's input, written by anybody: a 13.8 KB ``.xls``
made calamine ask for 11 petabytes and abort the whole program with a Rust
backtrace, and a shared-string bomb spelled a way the pre-checks of
:mod:`leaddesk.transfer.limits` do not know ran to 4.8 GB. Pattern checks
will always miss a fifth spelling, so they are the fast path, not the wall.
The wall is this module: every file is read (checked, decoded, its header
found, its rows produced) by :func:`read_guarded` in a reading process

- whose address space is at most :data:`MEMORY_BOUND` bytes and whose CPU
  time is at most :data:`CPU_SECONDS` (``resource.setrlimit``): a reader
  that balloons gets a ``MemoryError`` or an allocation failure, one that
  spins gets SIGXCPU;
- that must send its next rows within :data:`SILENT_SECONDS` whenever the
  importing process waits for them;
- whose own output goes nowhere (a Rust panic prints its backtrace), that
  ignores Ctrl-C (the program handles it, see :mod:`leaddesk.lifetime`)
  and that ends with the program that started it.

However it ends early (refused, aborted, killed, out of memory or time),
the importing process gets one sentence (:class:`UnreadableFile`), before
anything was written. The rows come through a pipe a few thousand at a
time and the pipe's buffer makes the reader wait for the importer, so the
importer holds only a few batches at a time.

The processes are forked from a server process that has loaded the
readers once (``forkserver``), so one starts in milliseconds and shares
nothing with a window's threads. Where the system has no ``resource``
limits (Windows) the reading process still protects the program from a
reader that aborts, and the wait for its rows is still bounded.
"""

from __future__ import annotations

import os
import signal
import sys
import weakref
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import replace
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from leaddesk.lifetime import STOPPING, quiet_context, watch_parent
from leaddesk.transfer.errors import UnreadableFile
from leaddesk.transfer.table import Row, Table

MEMORY_BOUND = 1536 * 1024**2
"""Most address space of a reading process: room for the largest sheet the
limits accept (10 million cells of calamine's grid, 320 MB of text in the
sheet and 128 MB copied from shared strings) with the interpreter and its
libraries, far below what a bomb asks for."""
MAX_TEXT_CHARS = 512 * 1024**2
"""Most text (characters in all cells) one file may give: more than the
largest file accepted can hold, unless a few bytes stand for many."""
CPU_SECONDS = 300
"""Most processor time a reading process may use."""
SILENT_SECONDS = 120.0
"""Longest wait for the reading process's next rows."""
BATCH = 1_000
"""Rows sent at a time."""
PIPE_BYTES = 1024 * 1024
PIPE_SETSIZE = 1031  # F_SETPIPE_SZ, <linux/fcntl.h>

_STOPPED = {-getattr(signal, name) for name in ("SIGKILL", "SIGTERM") if hasattr(signal, name)}
_STOPPED.add(1)  # its server process was killed, and it ended with it (see watch_parent)
"""How a reading process ends when something outside stopped it, rather
than the file (a reader that aborts, or hits its limits, ends otherwise)."""

Reader = Callable[..., Table]
"""What runs in the reading process: ``reader(*arguments)`` gives a table."""


def read_guarded(reader: Reader, path: Path, *arguments: Any) -> Table:
    """``reader(path, *arguments)``'s table, read in a reading process; its
    rows come from that process as they are iterated. Raises
    UnreadableFile with one sentence however the reading ends early.
    ``reader`` and the arguments must be picklable (a module's function)."""
    return start_reading(reader, path, *arguments).table()


def start_reading(reader: Reader, path: Path, *arguments: Any) -> Reading:
    """Starts :func:`read_guarded`'s reading process and returns at once:
    the caller can start other work (an import's workers) while the file
    is read."""
    context = _context()
    receiving, sending = context.Pipe(duplex=False)
    _widen(sending)
    process = context.Process(
        target=_read,
        args=(sending, reader, path, arguments, (MEMORY_BOUND, CPU_SECONDS, MAX_TEXT_CHARS)),
        name=f"reading {path.name}",
        daemon=True,
    )
    process.start()
    sending.close()
    return Reading(_Source(path, process, receiving))


def _widen(connection: Connection) -> None:
    """Gives the pipe room for several batches (Linux: 1 MB, where 64 KB is
    the default), so the reading process reads ahead instead of waiting
    for the importer to take each batch: with room for less than one, the
    importer waited for every batch to be made, 6 % of a 100k-row import."""
    if sys.platform.startswith("linux"):
        import fcntl

        with suppress(OSError):
            fcntl.fcntl(connection.fileno(), PIPE_SETSIZE, PIPE_BYTES)


class Reading:
    """A reading process started, its table not yet received."""

    def __init__(self, source: _Source) -> None:
        self._source = source

    def table(self) -> Table:
        """The table, once the reading process has found its header."""
        source = self._source
        try:
            message = source.next()
            if message[0] != "table":
                raise AssertionError(message[0])  # pragma: no cover - the protocol
            table: Table = message[1]
        except BaseException:
            source.end()
            raise
        table.rows = _Rows(source, table)
        return table

    def end(self) -> None:
        """Ends the reading process unread (the caller failed meanwhile)."""
        self._source.end()


class _Source:
    """The importing end of one reading process."""

    def __init__(self, path: Path, process: BaseProcess, connection: Connection) -> None:
        self.path = path
        self.process = process
        self.connection = connection
        self.ended = False

    def next(self) -> tuple[Any, ...]:
        """The reading process's next message; raises UnreadableFile (after
        ending the process) when it refused the file or failed."""
        try:
            if not self.connection.poll(SILENT_SECONDS):
                self.end()
                _refuse(self.path, "takes too long to read")
            message: tuple[Any, ...] = self.connection.recv()
        except (EOFError, OSError):
            self.process.join(2)
            stopped = self.process.exitcode in _STOPPED
            self.end()
            if stopped:
                raise UnreadableFile(
                    f"{self.path.name} was not read: the process reading it was stopped from "
                    "outside (another program ended it, or the computer ran out of memory)."
                ) from None
            _refuse(self.path, "is damaged or too large to read safely")
        if message[0] == "refused":
            self.end()
            raise UnreadableFile(message[1])
        return message

    def end(self) -> None:
        if self.ended:
            return
        self.ended = True
        _end(self.process, self.connection)


class _Rows(Iterator[Row]):
    """A table's rows as the reading process sends them. Fills the table's
    skipped lines (the footer) once the last row has come."""

    def __init__(self, source: _Source, table: Table) -> None:
        self._source = source
        self._table = table
        self._batch: Iterator[Row] = iter(())
        # A table dropped before its rows were read ends its process.
        self._finalizer = weakref.finalize(self, _end, source.process, source.connection)

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> Row:
        while True:
            row = next(self._batch, None)
            if row is not None:
                return row
            if self._source.ended:
                raise StopIteration
            try:
                message = self._source.next()
            except BaseException:
                self.close()
                raise
            if message[0] == "rows":
                self._batch = iter(message[1])
            else:  # "end"
                self._table.skipped_lines[:] = message[1]
                self.close()
                raise StopIteration

    def close(self) -> None:
        """Ends the reading process; no more rows come."""
        self._finalizer.detach()
        self._source.end()


def _end(process: BaseProcess, connection: Connection) -> None:
    with suppress(OSError):
        connection.close()
    if process.is_alive():
        with suppress(OSError, ValueError):
            process.kill()
    with suppress(OSError, ValueError, AssertionError):
        process.join(5)


def _too_much(path: Path, chars: int) -> str:
    return (
        f"{path.name} would give more than {chars // 2**20:,} million characters of text, "
        "far more than its size can hold; it was not read."
    )


def _refuse(path: Path, why: str) -> None:
    raise UnreadableFile(f"{path.name} {why}; it was not read.")


def _context() -> Any:
    if sys.platform == "win32" or getattr(sys, "frozen", False):
        return quiet_context(get_context("spawn"))
    context = get_context("forkserver")
    context.set_forkserver_preload(["leaddesk.transfer.readers"])
    return quiet_context(context)


# The reading process.


def _read(
    connection: Connection,
    reader: Reader,
    path: Path,
    arguments: tuple[Any, ...],
    limits: tuple[int, int, int],
) -> None:
    _quiet_and_limited(limits[0], limits[1])
    try:
        table = reader(path, *arguments)
        rows = table.rows
        connection.send(("table", replace(table, rows=iter(()))))
        batch: list[Row] = []
        text = 0
        for row in rows:
            text += sum(map(len, row[1]))
            if text > limits[2]:
                connection.send(("refused", _too_much(path, limits[2])))
                break
            batch.append(row)
            if len(batch) >= BATCH:
                connection.send(("rows", batch))
                batch = []
        else:
            if batch:
                connection.send(("rows", batch))
            connection.send(("end", list(table.skipped_lines)))
    except UnreadableFile as error:
        connection.send(("refused", str(error)))
    except MemoryError:
        connection.send(("refused", f"{path.name} is too large to read safely; it was not read."))
    except (BrokenPipeError, EOFError):
        pass  # the importer has what it wanted
    except BaseException:  # a reader's error or a Rust panic: the file is at fault
        with suppress(OSError):
            connection.send(
                ("refused", f"{path.name} is damaged or too large to read safely; it was not read.")
            )
    finally:
        connection.close()
    # Nothing to tidy that the system does not: freeing a large sheet's
    # objects one by one would only delay the end.
    os._exit(0)


def _quiet_and_limited(memory: int, seconds: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
    with suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.dup2(null, 1)
    try:
        import resource
    except ImportError:  # Windows
        pass
    else:
        _limit(resource, resource.RLIMIT_AS, memory)
        _limit(resource, resource.RLIMIT_CPU, seconds)
    # Forked by the server process, which ends with the program (or, where
    # processes are spawned, by the program itself).
    watch_parent(os.getppid())


def _limit(resource: Any, which: int, bound: int) -> None:
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        bound = min(bound, hard)
    with suppress(ValueError, OSError):
        resource.setrlimit(which, (bound, hard))
