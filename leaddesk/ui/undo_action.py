"""The window's Undo action: what QUndoGroup.createUndoAction makes (its
text names the step, it is enabled when there is one), except that a step
that must ask before it is undone asks first.

Reverting an import is such a step (it trashes every lead the import
added): undone from the toolbar, the Edit menu or Ctrl+Z, it asks the same
question as History ▸ Revert, and nothing happens unless the user says yes.
A step asks by having an ``ask_before_undo(parent) -> bool`` method.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QUndoGroup
from PySide6.QtWidgets import QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("UndoAction", text)


def undo_action(group: QUndoGroup, parent: QWidget) -> QAction:
    """The Undo action of the window ``parent`` over the stacks of ``group``."""
    action = QAction(tr("Undo"), parent)

    def show(step: str) -> None:
        action.setText(tr("Undo %1").replace("%1", step) if step else tr("Undo"))

    group.undoTextChanged.connect(show)
    group.canUndoChanged.connect(action.setEnabled)
    action.triggered.connect(lambda: undo(group, parent))
    show(group.undoText())
    action.setEnabled(group.canUndo())
    return action


def undo(group: QUndoGroup, parent: QWidget) -> bool:
    """Undoes the active stack's last step, once it has asked if it asks;
    True when it was undone."""
    stack = group.activeStack()
    if stack is None or not stack.canUndo():
        return False
    step = stack.command(stack.index() - 1)
    ask = getattr(step, "ask_before_undo", None)
    if callable(ask) and not ask(parent):
        return False
    stack.undo()
    return True
