"""The one way long work leaves the GUI thread.

``run_in_background(work, on_done=..., on_error=...)`` runs ``work`` on the
thread pool; ``work`` gets a :class:`Progress` to report to and to check for
cancellation, and must not touch widgets. The callbacks run on the GUI
thread afterwards. A result that arrives once its task is gone (the task's
parent was deleted, the application is quitting) is dropped quietly: there
is no one left to show it to.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid


class Cancelled(Exception):
    """Raised inside work that noticed its cancellation."""


class Progress:
    """Handed to background work: report progress, check for cancel."""

    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._report = report
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self._report(done, total, message)
        self.check()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, int, str)

    def send(self, name: str, *args: object) -> None:
        """Emits signal ``name`` from the worker thread, or nothing when this
        object is gone: at exit it is deleted under work still running, and
        PySide raises "Signal source has been deleted"."""
        try:
            getattr(self, name).emit(*args)
        except RuntimeError:
            if isValid(self):
                raise


class _Runnable(QRunnable):
    def __init__(
        self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress
    ) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.progress = progress

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as error:  # reported to the GUI thread, never lost
            self.signals.send("failed", error, traceback.format_exc())
        else:
            self.signals.send("done", result)


class Task(QObject):
    """A running background operation; keep a reference while it runs."""

    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _Signals()
        self.progress = Progress(partial(self._signals.send, "progressed"))
        self._signals.progressed.connect(self.progressed)
        self.running = False

    def cancel(self) -> None:
        self.progress.cancel()


_tasks: set[Task] = set()


def run_in_background(
    work: Callable[[Progress], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    parent: QObject | None = None,
) -> Task:
    """Starts ``work`` on the global thread pool and returns its :class:`Task`."""
    task = Task(parent)
    _tasks.add(task)

    def finish() -> bool:
        """Whether anyone still waits for the outcome: not when the task
        went with its parent (a window closed while the work ran)."""
        _tasks.discard(task)
        if not isValid(task):
            return False
        task.running = False
        task.finished.emit()
        return True

    def done(result: object) -> None:
        if finish() and on_done:
            on_done(result)

    def failed(error: BaseException, details: str) -> None:
        if not finish():
            return
        if isinstance(error, Cancelled):
            if on_cancel:
                on_cancel()
        elif on_error:
            on_error(error, details)
        else:
            raise error

    task._signals.done.connect(done)
    task._signals.failed.connect(failed)
    task.running = True
    QThreadPool.globalInstance().start(_Runnable(work, task._signals, task.progress))
    return task


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """Blocks until queued work is done (tests and shutdown)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
