"""Worker processes that never outlive the program that started them.

Imports and demo builds start worker processes (``concurrent.futures``).
Killed with ``kill -9`` or a crash, the program cannot stop them, and an
idle worker waiting for its next task does not notice that nobody will
send one: workers of a killed import were measured still running two
minutes later, holding 100-115 MB each. So every worker pool comes from
:func:`worker_pool`, whose workers

- ignore SIGINT: a Ctrl-C in a terminal goes to the whole process group,
  and it is the program's to handle (it stops the workers itself), not
  each worker's to answer with a traceback of its own;
- watch the process that started them and exit at once when it is gone.

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
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from multiprocessing.context import BaseContext
from types import FrameType
from typing import Any

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
LOOK_EVERY = 1.0
"""Seconds between two looks at the parent where the system cannot say."""
PARENT_GONE = signal.SIGUSR1 if hasattr(signal, "SIGUSR1") else None
"""What the kernel sends a Linux worker when its parent's thread ends."""


def worker_pool(
    count: int,
    *,
    context: BaseContext | None = None,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """A process pool whose workers ignore SIGINT and end with this process."""
    return ProcessPoolExecutor(
        count,
        mp_context=context,
        initializer=_worker_started,
        initargs=(os.getpid(), initializer, initargs),
    )


def _worker_started(
    parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent)
    if initializer is not None:
        initializer(*initargs)


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
