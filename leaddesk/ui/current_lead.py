"""The current lead: the one the user sees highlighted in the active view,
and the only lead an action on "this lead" acts on.

Each view that highlights leads (the Leads table, the kanban) says which
lead it highlights and which it has selected (:class:`LeadPicker`); the
window follows the view of the tab on screen. Call mode, log activity,
stage, tags, delete and the other actions ask :class:`CurrentLead` and
nothing else: no view keeps a lead of its own that an action could fall
back on. A view that stops showing its lead (a search, a filter, an
import, a colleague's change) highlights the row that takes its place or
none, and says so; switching tabs carries the lead over when the other
view shows it. The rules are written down in docs/current-lead.md.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance


class LeadPicker(Protocol):
    """A view that highlights leads."""

    @property
    def current_changed(self) -> SignalInstance:
        """Emitted with the highlighted lead's id (or None) when it changes."""
        ...

    def current_id(self) -> int | None:
        """The highlighted lead, None when no lead is highlighted."""
        ...

    def current_name(self) -> str:
        """The highlighted lead's name as the view shows it."""
        ...

    def selected_ids(self) -> list[int]:
        """Every selected lead, for the actions that take several."""
        ...

    def select_lead(self, lead_id: int) -> bool:
        """Highlights ``lead_id``; False when the view does not show it."""
        ...


class CurrentLead(QObject):
    changed = Signal()
    """The current lead, or the selected leads, changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view: LeadPicker | None = None

    def follow(self, view: LeadPicker | None) -> None:
        """Makes ``view`` the active view (None: a tab without leads). The
        lead current until now stays current if that view shows it."""
        if view is self._view:
            return
        carried = self.id
        if self._view is not None:
            self._view.current_changed.disconnect(self._view_changed)
        self._view = view
        if view is not None:
            view.current_changed.connect(self._view_changed)
            if carried is not None and view.current_id() != carried:
                view.select_lead(carried)
        self.changed.emit()

    def _view_changed(self, _lead_id: object) -> None:
        self.changed.emit()

    @property
    def id(self) -> int | None:
        return None if self._view is None else self._view.current_id()

    def ids(self) -> list[int]:
        """The leads an action on the selection acts on: every selected
        lead, or the current one."""
        if self._view is None:
            return []
        selected = self._view.selected_ids()
        if not selected and (current := self._view.current_id()) is not None:
            return [current]
        return selected

    def describe(self, count: int | None = None) -> str:
        """What an action names: the lead's name, or "3 leads"."""
        if count is None:
            count = len(self.ids())
        if count == 1 and self._view is not None and self.id is not None:
            return self._view.current_name()
        return self.tr("%n lead(s)", "", count)
