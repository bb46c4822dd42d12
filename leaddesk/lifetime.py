"""Worker processes that never outlive the program that started them.

Imports and demo builds start worker processes (``concurrent.futures``).
Killed with ``kill -9`` or a crash, the program cannot stop them, and an
idle worker waiting for its next task does not notice that nobody will
send one: workers of a killed import were measured still running two
minutes later, holding 100-115 MB each. So every worker pool comes from
:func:`worker_pool`, whose workers

- ignore SIGINT: a Ctrl-C in a terminal goes to the whole process group,
  and it is the program's to handle (it stops the workers itself), not
  each worker's to answer with a traceback of its own. That holds from the
  moment a worker exists: a worker is started with SIGINT and SIGTERM
  blocked (the mask a process inherits, through ``exec`` too), and its
  initializer unblocks them once SIGINT is ignored and SIGTERM does what
  it does by default. A Ctrl-C while a spawned worker is still importing
  its modules would otherwise stop it with a traceback, and break the pool;
- watch the process that started them and exit at once when it is gone;
- are ended by :func:`end_workers` when the command or window that
  started them ends, whatever state their pool is in. Python 3.11's pool
  can lose track of a worker (its manager thread dies of
  ``InvalidStateError`` when a worker dies while futures are cancelled,
  CPython gh-107219, fixed in 3.12), and at exit the interpreter waits for
  every worker it started: for one nobody will stop, forever.

How a worker watches: on Linux the kernel tells it, through
``prctl(PR_SET_PDEATHSIG)`` (called through ctypes). That signal comes
when the *thread* that started the worker ends, which in a window (work
runs on pooled threads that end when idle) is not the program ending; so
the signal only makes the worker look at its parent, and it exits only if
the parent changed. Everywhere (and as the fallback when ``prctl`` is
missing) a thread of the worker looks once a second: on POSIX whether its
parent changed (an orphan is adopted by another process), on Windows by
waiting on a handle of the parent process. The test
``tests/test_lifetime.py`` kills an import with SIGKILL and finds none of
its processes left.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from multiprocessing import active_children, get_context
from multiprocessing import context as contexts
from multiprocessing.context import BaseContext
from types import FrameType
from typing import Any

from leaddesk import interrupts

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
LOOK_EVERY = 1.0
"""Seconds between two looks at the parent where the system cannot say."""
PARENT_GONE = signal.SIGUSR1 if hasattr(signal, "SIGUSR1") else None
"""What the kernel sends a Linux worker when its parent's thread ends."""
STOPPING = (signal.SIGINT, signal.SIGTERM)
"""Signals a worker must not receive before its initializer has run."""
ENDING_GRACE = 5.0
"""Seconds :func:`end_workers` gives workers to end before killing them."""


def worker_pool(
    count: int,
    *,
    context: BaseContext | None = None,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> WorkerPool:
    """A process pool whose workers ignore SIGINT and end with this process."""
    return WorkerPool(
        count,
        mp_context=quiet_context(context or get_context()),
        initializer=_worker_started,
        initargs=(os.getpid(), initializer, initargs),
    )


class WorkerPool(ProcessPoolExecutor):
    """A process pool that starts its workers (on ``submit``) with a
    Ctrl-C or SIGTERM held until it knows them (one raised in the middle
    would leave a worker the pool never stops), and that, left by an
    exception (a ``with`` block, or :meth:`stop`), ends its workers at
    once: a Ctrl-C waited for the tasks running, up to 14 s in a demo load
    on a busy laptop."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with interrupts.held():
            return super().submit(fn, *args, **kwargs)

    def __exit__(self, kind: Any, error: Any, trace: Any) -> bool | None:
        if error is None:
            return super().__exit__(kind, error, trace)
        self.stop()
        return None

    def stop(self) -> None:
        """Shuts the pool down, its tasks unfinished: the waiting ones are
        dropped, the workers killed.

        What Python 3.14's ``terminate_workers()`` does, done as it does
        it: from the pool's own table of workers (``_processes``, the same
        in 3.9 to 3.13), copied before the shutdown empties it. The
        shutdown is asked for first, so the pool's manager thread, woken,
        drops the waiting tasks before it finds the workers gone (the
        other order is gh-107219's ``InvalidStateError``). Delete with
        Python 3.13's end of life, calling ``terminate_workers()``."""
        workers = list((self._processes or {}).values())
        self.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            with suppress(ValueError, OSError):  # closed, or gone already
                worker.kill()


def end_workers() -> None:
    """Ends the worker processes this process started that still run, once
    their pools have had :data:`ENDING_GRACE` seconds to end them: called
    as a command or the window ends, so that nothing waits for a worker at
    exit (one a broken pool lost track of would be waited for forever)."""
    workers = active_children()
    deadline = time.monotonic() + ENDING_GRACE
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.is_alive():
            worker.kill()
            worker.join()


def _worker_started(
    parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker has its parent's handler, which raises.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
    watch_parent(parent)
    if initializer is not None:
        initializer(*initargs)


class _Starting:
    """A worker process started with :data:`STOPPING` blocked (see the
    module's docstring); the thread that starts it has them blocked only
    while it does (a signal meanwhile is raised when it is done)."""

    def start(self) -> None:
        if not hasattr(signal, "pthread_sigmask"):  # Windows: no such signals
            super().start()  # type: ignore[misc]
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
        try:
            super().start()  # type: ignore[misc]
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _SpawnWorker(_Starting, contexts.SpawnProcess):
    pass


class _SpawnContext(contexts.SpawnContext):
    Process = _SpawnWorker


_CONTEXTS: dict[str, type[BaseContext]] = {"spawn": _SpawnContext}
if sys.platform != "win32":

    class _ForkWorker(_Starting, contexts.ForkProcess):
        pass

    class _ForkContext(contexts.ForkContext):
        Process = _ForkWorker

    class _ForkServerWorker(_Starting, contexts.ForkServerProcess):
        pass

    class _ForkServerContext(contexts.ForkServerContext):
        Process = _ForkServerWorker

    _CONTEXTS.update(fork=_ForkContext, forkserver=_ForkServerContext)


def quiet_context(context: BaseContext) -> BaseContext:
    """``context``, starting its processes with :data:`STOPPING` blocked."""
    quiet = _CONTEXTS.get(context.get_start_method())
    return context if quiet is None else quiet()


def watch_parent(parent: int) -> None:
    """Makes this process exit as soon as process ``parent`` is gone."""
    if sys.platform == "win32":
        _watch_windows(parent)
        return
    if sys.platform.startswith("linux"):
        _ask_linux(parent)
    if os.getppid() != parent:  # gone before we started watching
        os._exit(1)
    threading.Thread(target=_poll, args=(parent,), name="parent-watch", daemon=True).start()


def _ask_linux(parent: int) -> None:
    if PARENT_GONE is None:  # pragma: no cover - every Linux has SIGUSR1
        return

    def look(_signum: int, _frame: FrameType | None) -> None:
        if os.getppid() != parent:
            os._exit(1)

    with suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        signal.signal(PARENT_GONE, look)
        libc.prctl(PR_SET_PDEATHSIG, int(PARENT_GONE), 0, 0, 0)


def _poll(parent: int) -> None:
    event = threading.Event()
    while not event.wait(LOOK_EVERY):
        if os.getppid() != parent:
            os._exit(1)


def _watch_windows(parent: int) -> None:  # pragma: no cover - Windows only
    import ctypes

    synchronize, infinite = 0x00100000, 0xFFFFFFFF
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(synchronize, False, parent)
    if not handle:
        os._exit(1)  # the parent is gone already (or hides itself: then so do we)

    def wait() -> None:
        kernel32.WaitForSingleObject(handle, infinite)
        os._exit(1)

    threading.Thread(target=wait, name="parent-watch", daemon=True).start()
