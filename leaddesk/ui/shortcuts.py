"""The keys of the window's actions: every binding the platform gives a
standard key, then the ones LeadDesk adds, each key once.

``QKeySequence(StandardKey.Redo)`` is only the platform's first binding
(Ctrl+Y on one desktop, Ctrl+Shift+Z on another), and an action given the
same key twice, or two actions given one key in one window, make Qt refuse
the key ("Ambiguous shortcut overload") and do nothing. A menu that shows
a shortcut must be able to count on it; ``tests/ui/test_shortcuts.py``
presses every one.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

Key = QKeySequence.StandardKey | str


def key_sequences(*keys: Key) -> list[QKeySequence]:
    """The sequences for ``keys`` in order, without repeats and without
    empty ones; a standard key gives every binding this platform has (Quit
    has none on some: the fallback given after it then stands alone)."""
    found: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            sequences = QKeySequence.keyBindings(key)
        else:
            sequences = [QKeySequence(key)]
        for sequence in sequences:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found
