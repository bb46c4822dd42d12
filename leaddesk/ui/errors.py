"""Unexpected errors: written to a log file in the user log folder and
shown in a dialog whose details (the traceback) are folded away, never
left as a traceback on a console the user cannot see."""

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
