"""Keys that work from every field of a panel and never change the text
being typed (call mode's follow-up, BANT and save keys).

A text field claims the keys it has a use for before any shortcut sees
them (Qt's ShortcutOverride): on Linux desktops a line edit or a text
edit takes Ctrl+D to delete a character, so a Ctrl+D shortcut meant to set
tomorrow's follow-up deleted a letter of the note instead. Here the
panel's own key sequences are refused to its fields, so the shortcut wins
wherever the focus is. Plain keys (1, D…) act only where no text is typed:
on buttons and lists, and in a date field for letters, which a date field
has no use for (a "d" typed there waited in the month and showed as
"24 D 2026").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from leaddesk.ui.shortcuts import Key, key_sequences


def takes_text(widget: QObject, event: QKeyEvent) -> bool:
    """Whether ``widget`` would type the key's text: any text field does;
    a date or number field types digits only."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return True
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QAbstractSpinBox):
        return event.text().isdigit()
    return False


class PanelKeys(QObject):
    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self.panel = panel
        self._sequences: list[QKeySequence] = []
        self._plain: dict[int, Callable[[], object]] = {}

    def add(self, text: str, keys: list[Key], slot: Callable[[], object]) -> QAction:
        """An action of the panel on ``keys``, which no field of it takes."""
        action = QAction(text, self.panel)
        action.setShortcuts(key_sequences(*keys))
        action.triggered.connect(lambda: slot())  # not given triggered's "checked"
        self.panel.addAction(action)
        self._sequences += action.shortcuts()
        return action

    def add_plain(self, key: Qt.Key, slot: Callable[[], object]) -> None:
        """``key`` alone does ``slot`` wherever the focus types no text."""
        self._plain[key.value] = slot

    def watch(self) -> None:
        """Takes the keys from every field the panel has now (call once it
        is built)."""
        for widget in self.panel.findChildren(QWidget):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The key's own widget only: an unused key goes on to the parents.
        if not isinstance(event, QKeyEvent) or watched is not self.panel.focusWidget():
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            # Consumed and not accepted: the field never sees the key, and
            # the shortcut system goes on to the panel's action.
            return QKeySequence(event.keyCombination()) in self._sequences
        if event.type() != QEvent.Type.KeyPress:
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        slot = self._plain.get(event.key())
        if slot is None or modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if takes_text(watched, event):
            return False
        slot()
        return True
