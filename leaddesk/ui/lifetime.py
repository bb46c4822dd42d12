"""How LeadDesk's dialogs and windows end: deleted by Qt, parents first,
never left for PySide's exit cleanup.

Two rules, each the only way of its kind in the program:

* A modal dialog runs through :func:`run_modal`, which deletes it once it
  has closed. PySide's ``QDialog.exec()`` drops the dialog's parent link on
  the Python side (so that a dialog nobody refers to can be collected), but
  a dialog whose own buttons are connected to lambdas that refer to it is
  never collected: it stayed alive, hidden, a child of the window in C++
  and owned by Python, one more for every call logged.
* When the event loop has ended, :func:`close_windows` deletes every window
  that has no parent, so their children go with them, from the top down.
  Whatever Python still owns at exit is otherwise deleted by PySide's exit
  cleanup (``destroyQCoreApplication``) one object at a time in no
  particular order. Deleting such a child first can release, through a
  lambda it was connected to, the last reference to its parent, which then
  deletes the child a second time: "QObject: shared QObject was deleted
  directly", then SIGSEGV. Quitting after call mode crashed that way in
  most runs (PySide6 6.12). ``tests/ui/test_quit.py`` starts the
  application, opens and closes every dialog, quits, and reads the exit
  status, ten times.

Modeless windows (a lead's own window, the import wizard, the export
dialog) are deleted by Qt when closed (``WA_DeleteOnClose``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialog


def run_modal(dialog: QDialog) -> int:
    """Shows ``dialog`` modally and returns its result, as ``exec()`` does;
    the dialog is deleted once control is back in the event loop, so what
    it holds can still be read by the caller now."""
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def close_windows() -> None:
    """Deletes every window that has no parent, and with it every child,
    before the interpreter exits."""
    # The list keeps each window's Python side alive while Qt deletes it:
    # none may be freed from Python half-way through.
    windows = [widget for widget in QApplication.topLevelWidgets() if widget.parent() is None]
    for window in windows:
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
