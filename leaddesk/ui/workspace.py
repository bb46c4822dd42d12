"""The open database as the window sees it: every change goes through an
undoable command on one :class:`QUndoStack`, and views refresh from the
``changed`` signal.

Commands call the store with a short session each; errors a user can cause
(a locked database, a lead deleted elsewhere) become one sentence on the
``failed`` signal and the command is dropped from the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from leaddesk.domain.lead import Activity, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store.database import Database, describe_db_error

T = TypeVar("T")


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Workspace", text, disambiguation, n)


class Workspace(QObject):
    changed = Signal(object)
    """The ids of leads that changed (a frozenset), or None when many did."""
    failed = Signal(str)
    """One sentence about something that could not be done."""

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.undo_stack = QUndoStack(self)

    def write(self, action: Callable[[Session], T]) -> T:
        """Runs ``action`` in one transaction. Raises :class:`StoreFailure`
        with a sentence for the user when the database refuses."""
        try:
            with self.database.session() as session:
                return action(session)
        except DBAPIError as error:
            raise StoreFailure(describe_db_error(error, self.database.display_name)) from None
        except store.LeadNotFound:
            raise StoreFailure(tr("That lead no longer exists.")) from None
        except store.StaleLead:
            raise StoreFailure(
                tr("Someone else changed this lead meanwhile; it was reloaded.")
            ) from None

    def read(self, action: Callable[[Session], T]) -> T:
        with self.database.read() as session:
            return action(session)

    def lead(self, lead_id: int) -> Lead:
        return self.read(lambda s: store.get_lead(s, lead_id))

    def push(self, command: QUndoCommand) -> bool:
        """Does the command and keeps it for undo; False when it failed."""
        self.undo_stack.push(command)
        # A failed command is obsolete and already deleted by the stack:
        # ask the Python side, not Qt.
        return not getattr(command, "failed", False)

    # The actions the window offers, each one undoable.

    def save_lead(self, before: Lead, after: Lead, what: str) -> bool:
        return self.push(EditLead(self, before, after, what))

    def move_stage(self, ids: Sequence[int], stage: Stage, reason: str = "") -> bool:
        return self.push(MoveStage(self, ids, stage, reason))

    def set_values(self, ids: Sequence[int], what: str, **values: Any) -> bool:
        return self.push(SetValues(self, ids, what, values))

    def tag(self, ids: Sequence[int], name: str, *, add: bool) -> bool:
        return self.push(ChangeTag(self, ids, name, add))

    def trash(self, ids: Sequence[int], *, restore: bool = False) -> bool:
        return self.push(Trash(self, ids, restore))

    def add_activity(
        self, lead_id: int, activity: Activity, follow_up: date | bool | None = False
    ) -> bool:
        return self.push(AddActivity(self, lead_id, activity, follow_up))

    def create_lead(self, lead: Lead) -> int | None:
        command = CreateLead(self, lead)
        created = self.push(command)
        return command.lead_id if created else None


class StoreFailure(Exception):
    """A change the database refused; the message is for the user."""


def _count_text(ids: Sequence[int], one: str, many: str) -> str:
    return one if len(ids) == 1 else many


class _Command(QUndoCommand):
    """A command that reports failures instead of raising inside Qt."""

    def __init__(self, workspace: Workspace, text: str) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.failed = False

    def _attempt(self, action: Callable[[], frozenset[int] | None]) -> None:
        try:
            changed = action()
        except StoreFailure as failure:
            self.failed = True
            self.setObsolete(True)
            self.workspace.failed.emit(str(failure))
            self.workspace.changed.emit(None)
            return
        self.workspace.changed.emit(changed)


class EditLead(_Command):
    def __init__(self, workspace: Workspace, before: Lead, after: Lead, what: str) -> None:
        super().__init__(workspace, what)
        self.before = before
        self.after = after

    def _write(self, lead: Lead) -> frozenset[int]:
        def save(session: Session) -> None:
            current = store.get_lead(session, lead.id or 0)
            store.save_lead(session, replace(lead, version=current.version))

        self.workspace.write(save)
        return frozenset({self.after.id or 0})

    def redo(self) -> None:
        self._attempt(lambda: self._write(self.after))

    def undo(self) -> None:
        self._attempt(lambda: self._write(self.before))


class MoveStage(_Command):
    def __init__(self, workspace: Workspace, ids: Sequence[int], stage: Stage, reason: str) -> None:
        text = tr("set stage to %1 for %n lead(s)", "", len(ids)).replace("%1", stage.label)
        super().__init__(workspace, text)
        self.ids = list(ids)
        self.stage = stage
        self.reason = reason
        self.previous: dict[int, Stage] = {}

    def redo(self) -> None:
        def move() -> frozenset[int]:
            self.previous = self.workspace.write(
                lambda s: store.move_stage(s, self.ids, self.stage, reason=self.reason)
            )
            return frozenset(self.ids)

        self._attempt(move)

    def undo(self) -> None:
        def back() -> frozenset[int]:
            self.workspace.write(lambda s: store.restore_stages(s, self.previous))
            return frozenset(self.ids)

        self._attempt(back)


class SetValues(_Command):
    def __init__(
        self, workspace: Workspace, ids: Sequence[int], what: str, values: dict[str, Any]
    ) -> None:
        super().__init__(workspace, what)
        self.ids = list(ids)
        self.values = values
        self.before: dict[int, dict[str, Any]] = {}

    def redo(self) -> None:
        def apply() -> frozenset[int]:
            self.before = self.workspace.write(
                lambda s: store.update_leads(s, self.ids, **self.values)
            )
            return frozenset(self.ids)

        self._attempt(apply)

    def undo(self) -> None:
        def back() -> frozenset[int]:
            self.workspace.write(lambda s: store.restore_values(s, self.before))
            return frozenset(self.ids)

        self._attempt(back)


class ChangeTag(_Command):
    def __init__(self, workspace: Workspace, ids: Sequence[int], name: str, add: bool) -> None:
        text = (
            tr("add tag “%1” to %n lead(s)", "", len(ids))
            if add
            else tr("remove tag “%1” from %n lead(s)", "", len(ids))
        )
        super().__init__(workspace, text.replace("%1", name))
        self.ids = list(ids)
        self.name = name
        self.add = add
        self.touched: list[int] = []

    def _change(self, add: bool, ids: list[int]) -> list[int]:
        action = store.add_tag if add else store.remove_tag
        return self.workspace.write(lambda s: action(s, ids, self.name))

    def redo(self) -> None:
        def apply() -> frozenset[int]:
            self.touched = self._change(self.add, self.ids)
            return frozenset(self.ids)

        self._attempt(apply)

    def undo(self) -> None:
        self._attempt(lambda: frozenset(self._change(not self.add, self.touched)))


class Trash(_Command):
    def __init__(self, workspace: Workspace, ids: Sequence[int], restore: bool) -> None:
        text = (
            tr("restore %n lead(s) from the trash", "", len(ids))
            if restore
            else tr("delete %n lead(s)", "", len(ids))
        )
        super().__init__(workspace, text)
        self.ids = list(ids)
        self.restore = restore
        self.moved: list[int] = []

    def _to_trash(self, ids: list[int]) -> list[int]:
        return self.workspace.write(lambda s: store.trash_leads(s, ids))

    def _from_trash(self, ids: list[int]) -> list[int]:
        self.workspace.write(lambda s: store.restore_leads(s, ids))
        return ids

    def redo(self) -> None:
        def apply() -> frozenset[int]:
            self.moved = self._from_trash(self.ids) if self.restore else self._to_trash(self.ids)
            return frozenset(self.ids)

        self._attempt(apply)

    def undo(self) -> None:
        def back() -> frozenset[int]:
            (self._to_trash if self.restore else self._from_trash)(self.moved)
            return frozenset(self.moved)

        self._attempt(back)


class AddActivity(_Command):
    def __init__(
        self, workspace: Workspace, lead_id: int, activity: Activity, follow_up: date | bool | None
    ) -> None:
        super().__init__(workspace, tr("log %1").replace("%1", activity.kind.label.lower()))
        self.lead_id = lead_id
        self.activity = activity
        self.follow_up = follow_up
        self.saved: Activity | None = None
        self.previous_follow_up: date | None = None

    def redo(self) -> None:
        def apply() -> frozenset[int]:
            def write(session: Session) -> Activity:
                self.previous_follow_up = store.get_lead(session, self.lead_id).next_follow_up
                return store.add_activity(
                    session, self.lead_id, self.activity, follow_up=self.follow_up
                )

            self.saved = self.workspace.write(write)
            return frozenset({self.lead_id})

        self._attempt(apply)

    def undo(self) -> None:
        def back() -> frozenset[int]:
            def write(session: Session) -> None:
                if self.saved and self.saved.id:
                    store.delete_activity(session, self.saved.id)
                if self.follow_up is not False:
                    store.update_leads(
                        session, [self.lead_id], next_follow_up=self.previous_follow_up
                    )

            self.workspace.write(write)
            return frozenset({self.lead_id})

        self._attempt(back)


class CreateLead(_Command):
    def __init__(self, workspace: Workspace, lead: Lead) -> None:
        super().__init__(workspace, tr("add lead %1").replace("%1", lead.display_name))
        self.lead = lead
        self.lead_id: int | None = None

    def redo(self) -> None:
        def apply() -> frozenset[int]:
            created = self.workspace.write(
                lambda s: store.create_lead(s, replace(self.lead, id=None))
            )
            self.lead_id = created.id
            return frozenset({created.id or 0})

        self._attempt(apply)

    def undo(self) -> None:
        def back() -> frozenset[int]:
            lead_id = self.lead_id or 0

            def remove(session: Session) -> None:
                store.trash_leads(session, [lead_id])
                store.purge_leads(session, [lead_id])

            self.workspace.write(remove)
            return frozenset({lead_id})

        self._attempt(back)
