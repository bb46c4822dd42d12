"""Ctrl-C (SIGINT) and SIGTERM on the command line, told truthfully.

:func:`handled` makes both signals raise :class:`Interrupted` (a
``KeyboardInterrupt``, so everything that cleans up after a Ctrl-C cleans
up after a SIGTERM too), and :func:`held` keeps them out of a block: a
signal that arrives while a commit is being made is raised when the commit
is done, never in its middle, so the program knows which side of the
commit it stopped on and can say so (see ``Database.saved``).

Without :func:`handled` (in the window, in tests) :func:`held` does
nothing, and Python's own Ctrl-C handling is left as it is.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """A command was stopped by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        """128 + the signal's number, as shells report a process stopped by it."""
        return 128 + self.signum


_holding = 0
_pending: int | None = None


def _raise(signum: int, _frame: FrameType | None) -> None:
    global _pending
    if _holding:
        _pending = signum
        return
    raise Interrupted(signum)


@contextmanager
def handled() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Interrupted` while the block runs
    (from the main thread only: elsewhere this does nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def held() -> Iterator[None]:
    """A signal that arrives during the block is raised when it ends."""
    global _holding, _pending
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers run on the main thread only
        return
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
        if not _holding and _pending is not None:
            signum, _pending = _pending, None
            raise Interrupted(signum)
