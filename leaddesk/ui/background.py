"""The one way long work leaves the GUI thread.

``run_in_background(work, on_done=..., on_error=...)`` runs ``work`` on the
thread pool; ``work`` gets a :class:`Progress` to report to and to check for
cancellation, and must not touch widgets. The callbacks run on the GUI
thread afterwards.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


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
            self.signals.failed.emit(error, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class Task(QObject):
    """A running background operation; keep a reference while it runs."""

    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _Signals()
        self.progress = Progress(self._signals.progressed.emit)
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

    def finish() -> None:
        task.running = False
        _tasks.discard(task)
        task.finished.emit()

    def done(result: object) -> None:
        finish()
        if on_done:
            on_done(result)

    def failed(error: BaseException, details: str) -> None:
        finish()
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
