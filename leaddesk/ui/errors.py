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

log = logging.getLogger("leaddesk")


def log_file() -> Path:
    from platformdirs import user_log_path

    folder = user_log_path("LeadDesk", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "leaddesk.log"


def install_error_handler() -> None:
    handler = logging.FileHandler(log_file(), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    sys.excepthook = report_unexpected


def report_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    details = "".join(traceback.format_exception(kind, error, trace))
    log.error("Unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, trace)
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "LeadDesk",
        QApplication.translate(
            "Errors", "Something went wrong: %1\n\nYour data is safe; the details are in %2."
        )
        .replace("%1", str(error) or kind.__name__)
        .replace("%2", str(log_file())),
    )
    box.setObjectName("unexpected-error")
    box.setDetailedText(details)
    box.exec()
