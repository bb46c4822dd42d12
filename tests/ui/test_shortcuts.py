"""Every key the window shows works: no two actions share a key where both
are active, every shortcut shown in a menu reaches its action through Qt's
shortcut system, and redo answers both of its keys."""

from __future__ import annotations

from itertools import combinations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcutEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from tests.ui.conftest import activate, names

from leaddesk.ui.main_window import MainWindow


def actions_of(window: QWidget) -> list[QAction]:
    """Every action a window holds or shows: its own, its widgets' and
    its menus'."""
    found: dict[int, QAction] = {}
    for owner in [window, *window.findChildren(QWidget)]:
        for action in [*owner.actions(), *owner.findChildren(QAction)]:
            found[id(action)] = action
    return list(found.values())


def windows_of(action: QAction, window: QWidget) -> set[int]:
    """The windows in which the action's keys are live: a menu's action is
    live in the window whose menu bar holds the menu."""
    live = set()
    for widget in action.associatedObjects():
        if isinstance(widget, QMenu):
            live.add(id(window))
        elif isinstance(widget, QWidget):
            live.add(id(widget.window()))
    return live


def clashes(window: QWidget) -> list[str]:
    """Pairs of actions that share a key in one window (a key bound twice
    to one action counts too): Qt then refuses the key."""
    found = []
    actions = [a for a in actions_of(window) if a.shortcuts()]
    for action in actions:
        keys = [key.toString() for key in action.shortcuts()]
        if len(set(keys)) < len(keys):
            found.append(f"{action.text()!r} has a key twice: {keys}")
    for first, second in combinations(actions, 2):
        if not windows_of(first, window) & windows_of(second, window):
            continue
        shared = set(first.shortcuts()) & set(second.shortcuts())
        if shared:
            names = ", ".join(key.toString() for key in shared)
            found.append(f"{first.text()!r} and {second.text()!r} share {names}")
    return found


class ShortcutSeen(QObject):
    """Notes the shortcut events an action receives, and keeps them from
    running it: the test checks the key arrives, not what it does."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[str, bool]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QShortcutEvent):
            self.keys.append((event.key().toString(), event.isAmbiguous()))
            return True
        return False


def enable_undo_and_redo(window: MainWindow) -> None:
    ids = window.leads.selected_ids() or [window.leads.model.lead_id(0) or 0]
    window.workspace.set_values(ids, "set owner", owner="Ana")
    window.workspace.set_values(ids, "set owner", owner="Bo")
    window.undo_action.trigger()


def test_no_two_actions_share_a_key_in_one_window(window: MainWindow, qtbot: QtBot) -> None:
    assert clashes(window) == []
    window.open_lead_window(window.leads.model.lead_id(0) or 0)
    (lead_window,) = window._lead_windows
    assert clashes(lead_window) == []
    lead_window.close()


def test_every_shortcut_shown_in_a_menu_reaches_its_action(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.leads.select_row(0)
    enable_undo_and_redo(window)
    menus = [action.menu() for action in window.menuBar().actions()]
    shown = [a for m in menus if isinstance(m, QMenu) for a in m.actions() if a.shortcuts()]
    assert {a.text() for a in shown} >= {"&Quit", "&Find a lead", "&Call mode", "&New lead…"}
    for action in shown:
        assert action.isEnabled(), action.text()
        # The keyboard's own Undo, Redo or New keys are bound too, where the
        # platform has them; QTest has no way to type those.
        keys = [k for k in action.shortcuts() if k[0].key().value < Qt.Key.Key_Back.value]  # type: ignore[index]
        seen = ShortcutSeen()
        action.installEventFilter(seen)
        for key in keys:
            activate(qtbot, window)
            window.leads.table.setFocus()
            QTest.keySequence(window, key)
        action.removeEventFilter(seen)
        assert seen.keys == [(key.toString(), False) for key in keys], action.text()


def test_redo_by_keyboard_with_either_key(window: MainWindow, qtbot: QtBot) -> None:
    window.leads.select_row(names(window).index("Ana Ruiz"))
    window.leads.table.setFocus()
    qtbot.keyClick(window.leads.table, Qt.Key.Key_Delete)
    assert "Ana Ruiz" not in names(window)
    for redo in ("Ctrl+Shift+Z", "Ctrl+Y"):
        QTest.keySequence(window, QKeySequence("Ctrl+Z"))
        assert "Ana Ruiz" in names(window)
        QTest.keySequence(window, QKeySequence(redo))
        assert "Ana Ruiz" not in names(window), redo
    assert QApplication.activeWindow() is window


def test_standard_actions_answer_every_key_the_platform_gives_them(window: MainWindow) -> None:
    """Undo, redo, new and quit take all of the desktop's keys for them,
    whichever desktop: on some the first key for redo is Ctrl+Y, on others
    Ctrl+Shift+Z; both work everywhere, and quit has Ctrl+Q where the
    desktop names no key."""
    standard = {
        window.undo_action: QKeySequence.StandardKey.Undo,
        window.redo_action: QKeySequence.StandardKey.Redo,
        window.new_action: QKeySequence.StandardKey.New,
        window.quit_action: QKeySequence.StandardKey.Quit,
    }
    for action, key in standard.items():
        assert set(QKeySequence.keyBindings(key)) <= set(action.shortcuts()), action.text()
    assert {QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")} <= set(
        window.redo_action.shortcuts()
    )
    assert QKeySequence("Ctrl+Q") in window.quit_action.shortcuts()
