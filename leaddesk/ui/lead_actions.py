"""What the window does to "this lead" or "these leads": call mode, log
activity, stage, tags, owner, follow-up, delete and restore, on the leads
:class:`~leaddesk.ui.current_lead.CurrentLead` names and on no other.

The Lead menu and the context menus of the table and the kanban are built
here, headed by the name of the lead (or the number of leads) they act on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store.queries import distinct_values, tag_names

from leaddesk.ui.activity_log import ActivityDialog
from leaddesk.ui.current_lead import CurrentLead
from leaddesk.ui.dialogs import DateDialog, ValueDialog
from leaddesk.ui.lifetime import run_modal
from leaddesk.ui.stage_dialogs import ask_before_move
from leaddesk.ui.workspace import Workspace

BULK_LIMIT = 100_000
"""Most leads one bulk action changes at once."""


class LeadActions(QObject):
    call_requested = Signal(int)
    """Call mode on this lead (the window opens it)."""
    said = Signal(str)
    """A line for the status bar: what was done, or how to choose a lead."""

    def __init__(
        self,
        workspace: Workspace,
        current: CurrentLead,
        in_trash: Callable[[], bool],
        window: QWidget,
    ) -> None:
        super().__init__(workspace)  # goes with the database it acts on
        self.workspace = workspace
        self.current = current
        self._in_trash = in_trash
        self._window = window

    def _one(self, text: str) -> int | None:
        """The current lead, or None after saying how to choose one."""
        lead_id = self.current.id
        if lead_id is None:
            self.said.emit(text)
        return lead_id

    def _many(self) -> list[int]:
        ids = self.current.ids()
        if not ids:
            self.said.emit(self.tr("Select one or more leads first."))
        elif len(ids) > BULK_LIMIT:
            QMessageBox.information(
                self._window,
                self.tr("Too many leads"),
                self.tr("Select at most %1 leads for one change.").replace("%1", f"{BULK_LIMIT:,}"),
            )
            return []
        return ids

    # This lead.

    def call(self) -> None:
        lead_id = self._one(self.tr("Select a lead to call first."))
        if lead_id is not None:
            self.call_requested.emit(lead_id)

    def log_activity(self) -> None:
        lead_id = self._one(self.tr("Select a lead to log an activity for first."))
        if lead_id is None:
            return
        lead = self.workspace.lead(lead_id)
        dialog = ActivityDialog(lead, self._window)
        if run_modal(dialog):
            self.workspace.add_activity(lead_id, dialog.activity(), dialog.follow_up())

    # These leads.

    def set_stage(self, stage: Stage) -> None:
        ids = self._many()
        if not ids:
            return
        bants = self.workspace.read(lambda s: [store.get_lead(s, i).bant for i in ids[:2000]])
        current = None
        if len(ids) == 1:
            current = self.workspace.lead(ids[0]).stage
        decision = ask_before_move(self._window, bants, current, stage)
        if decision.go:
            self.workspace.move_stage(ids, stage, decision.reason)

    def add_tag(self) -> None:
        self._tag(add=True)

    def remove_tag(self) -> None:
        self._tag(add=False)

    def _tag(self, *, add: bool) -> None:
        ids = self._many()
        if not ids:
            return
        title = self.tr("Add tag") if add else self.tr("Remove tag")
        label = self.tr("Tag for %1:").replace("%1", self.current.describe(len(ids)))
        dialog = ValueDialog(title, label, self.workspace.read(tag_names), self._window)
        if run_modal(dialog) and dialog.text():
            self.workspace.tag(ids, dialog.text(), add=add)

    def set_owner(self) -> None:
        ids = self._many()
        if not ids:
            return
        owners = self.workspace.read(lambda s: distinct_values(s, "owner"))
        label = self.tr("Owner of %1:").replace("%1", self.current.describe(len(ids)))
        dialog = ValueDialog(self.tr("Set owner"), label, owners, self._window)
        if run_modal(dialog):
            what = self.tr("set owner to %1 for %n lead(s)", "", len(ids)).replace(
                "%1", dialog.text() or "—"
            )
            self.workspace.set_values(ids, what, owner=dialog.text())

    def set_follow_up(self) -> None:
        ids = self._many()
        if not ids:
            return
        title = self.tr("Next follow-up for %1").replace("%1", self.current.describe(len(ids)))
        dialog = DateDialog(title, self._window)
        if run_modal(dialog):
            day: date = dialog.value()
            what = self.tr("set follow-up to %1 for %n lead(s)", "", len(ids)).replace(
                "%1", day.strftime("%d %b")
            )
            self.workspace.set_values(ids, what, next_follow_up=day)

    def delete(self) -> None:
        if self._in_trash():  # already there; Restore is the way out
            return
        ids = self._many()
        named = self.current.describe(len(ids))  # before the view moves on
        if ids and self.workspace.trash(ids):
            self.said.emit(self.tr("Moved %1 to the trash.").replace("%1", named))

    def restore(self) -> None:
        ids = self._many()
        named = self.current.describe(len(ids))
        if ids and self.workspace.trash(ids, restore=True):
            self.said.emit(self.tr("Restored %1 from the trash.").replace("%1", named))

    # Menus.

    def fill_menu(self, menu: QMenu, first: list[QAction], delete: QAction) -> None:
        """The actions on this lead (``first``: call mode, log activity)
        and on the selected leads, under a line naming what they act on."""
        count = len(self.current.ids())
        heading = menu.addAction(
            self.current.describe(count) if count else self.tr("No lead selected")
        )
        heading.setEnabled(False)
        menu.addActions(first)
        menu.addSeparator()
        stages = menu.addMenu(self.tr("Set stage"))
        for stage in Stage:
            action = stages.addAction(self.tr(stage.long_label))
            action.triggered.connect(lambda _=False, s=stage: self.set_stage(s))
        bulk = [
            stages.menuAction(),
            menu.addAction(self.tr("Add tag…"), self.add_tag),
            menu.addAction(self.tr("Remove tag…"), self.remove_tag),
            menu.addAction(self.tr("Set owner…"), self.set_owner),
            menu.addAction(self.tr("Set follow-up…"), self.set_follow_up),
        ]
        menu.addSeparator()
        if self._in_trash():
            bulk.append(menu.addAction(self.tr("Restore from trash"), self.restore))
        else:
            menu.addAction(delete)  # the window's, with its key; it says when none is selected
        for action in bulk:
            action.setEnabled(count > 0)
