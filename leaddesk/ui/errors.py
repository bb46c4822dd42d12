"""Unexpected errors: written to a log file in the user log folder and
shown in a dialog whose details (the traceback) are folded away, never
left as a traceback on a console the user cannot see.

A database error that reaches this far (a page of the file turned out
damaged while the window read it, the disk filled up) is no bug: it is
shown, and written to stderr, as the one sentence every database error
gets (:mod:`leaddesk.store.faults`), never as raw SQL."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from leaddesk.ui.lifetime import run_modal

log = logging.getLogger("leaddesk")

_showing = False
"""True while the error dialog is open: errors raised meanwhile (a timer
that keeps failing) are logged, not stacked as more dialogs."""

database_name = "the database"
"""The open database's name, as database errors are told (set on open)."""


def log_file() -> Path:
    from platformdirs import user_log_path

    folder = user_log_path("LeadDesk", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "leaddesk.log"


def _log_to_file() -> Path:
    """Adds the file handler once; returns the file errors go to."""
    path = log_file()
    for handler in log.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def _database_fault(error: BaseException) -> str | None:
    """The sentence for a database error, None for anything else."""
    from leaddesk.store.faults import DatabaseError, describe, driver_error

    if isinstance(error, DatabaseError):
        return str(error)
    if driver_error(error) is None:
        return None
    return describe(error, database_name)


def install_error_handler() -> None:
    # The log file is opened by the first error (report_unexpected), not
    # here: finding its folder imports platformdirs, which starting the
    # window need not wait for.
    sys.excepthook = report_unexpected


def report_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    global _showing
    details = "".join(traceback.format_exception(kind, error, trace))
    try:
        path = str(_log_to_file())
    except OSError:  # an unwritable log folder must not hide the error itself
        path = ""
    log.error("Unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, trace)
        return
    if _showing:
        return
    translate = QApplication.translate
    fault = _database_fault(error)
    if fault is not None:
        print(f"leaddesk: {fault}", file=sys.stderr)
        text = fault
    else:
        text = translate("Errors", "Something went wrong: %1").replace(
            "%1", str(error) or kind.__name__
        )
    if path:
        text += "\n\n" + translate("Errors", "The details are written to %1.").replace("%1", path)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        translate("Errors", "LeadDesk — unexpected error"),
        text,
        parent=QApplication.activeWindow(),
    )
    box.setObjectName("unexpected-error")
    box.setAccessibleName(translate("Errors", "Unexpected error"))
    box.setDetailedText(details)
    _showing = True
    try:
        run_modal(box)
    finally:
        _showing = False
