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

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from leaddesk.domain.lead import Activity, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store import leads as store
from leaddesk.store import undo as store_undo
from leaddesk.store.database import Database, connection_lost, describe_db_error

T = TypeVar("T")

WATCH_INTERVAL_MS = 4000


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
        self.last_failure: StoreFailure | None = None
        # On a team's server, colleagues' changes show up within a few
        # seconds; our own are not announced twice. (A SQLite file is one
        # person's: nobody else writes to it while the window is open.)
        self._stamp: tuple[Any, ...] | None = None
        self._watch = QTimer(self)
        self._watch.timeout.connect(self._look_for_changes)
        if database.dialect != "sqlite":
            self._watch.start(WATCH_INTERVAL_MS)
        self.changed.connect(self._forget_stamp)

    def _forget_stamp(self) -> None:
        self._stamp = None

    def _look_for_changes(self) -> None:
        try:
            stamp = self.read(store.change_stamp)
        except DBAPIError:
            return  # the next save says so in words; polling stays quiet
        if self._stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            self.changed.emit(None)
        self._stamp = stamp

    def write(self, action: Callable[[Session], T]) -> T:
        """Runs ``action`` in one transaction. Raises :class:`StoreFailure`
        with a sentence for the user when the database refuses."""
        try:
            with self.database.session() as session:
                return action(session)
        except DBAPIError as error:
            if connection_lost(error):
                raise StoreFailure(
                    tr(
                        "LeadDesk lost the connection to the database server; nothing was "
                        "saved. Try again when the server is back."
                    ),
                    lost_connection=True,
                ) from None
            raise StoreFailure(describe_db_error(error, self.database.display_name)) from None
        except store.LeadNotFound:
            raise StoreFailure(tr("That lead no longer exists.")) from None
        except store.StaleLead as stale:
            raise StoreFailure(
                tr("Someone else changed this lead meanwhile; it was reloaded."), stale=stale
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
        """Saves ``after`` over ``before``; False when that failed, with
        :attr:`last_failure` saying why (a conflict, a lost connection)."""
        command = EditLead(self, before, after, what)
        saved = self.push(command)
        self.last_failure = command.failure
        return saved

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
    """A change the database refused; the message is for the user.
    ``stale`` is set when someone else saved the lead first, and
    ``lost_connection`` when the server could not be reached."""

    def __init__(
        self, message: str, *, stale: store.StaleLead | None = None, lost_connection: bool = False
    ) -> None:
        super().__init__(message)
        self.stale = stale
        self.lost_connection = lost_connection


def _count_text(ids: Sequence[int], one: str, many: str) -> str:
    return one if len(ids) == 1 else many


class _Command(QUndoCommand):
    """A command that reports failures instead of raising inside Qt."""

    def __init__(self, workspace: Workspace, text: str) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.failed = False
        self.failure: StoreFailure | None = None

    def _attempt(self, action: Callable[[], frozenset[int] | None]) -> None:
        try:
            changed = action()
        except StoreFailure as failure:
            self.failed = True
            self.failure = failure
            self.setObsolete(True)
            self.workspace.failed.emit(str(failure))
            if not failure.lost_connection:  # rereading would fail the same way
                self.workspace.changed.emit(None)
            return
        self.workspace.changed.emit(changed)


class _Change(_Command):
    """A command on some leads whose undo puts them back exactly as they
    were, through :mod:`leaddesk.store.undo`: the columns it writes, and
    the ``children`` named, as they were, and the stage changes and
    activities it added gone. A subclass says what it writes and does it
    in :meth:`apply`."""

    columns: tuple[str, ...] = store_undo.EVERY_COLUMN
    children: tuple[str, ...] = ()

    def __init__(self, workspace: Workspace, text: str, ids: Sequence[int]) -> None:
        super().__init__(workspace, text)
        self.ids = list(ids)
        self.before: store_undo.LeadsBefore | None = None

    def apply(self, session: Session) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        def run() -> frozenset[int]:
            def write(session: Session) -> store_undo.LeadsBefore:
                _, before = store_undo.change(
                    session, self.ids, self.columns, lambda: self.apply(session),
                    children=self.children,
                )  # fmt: skip
                return before

            self.before = self.workspace.write(write)
            return frozenset(self.ids)

        self._attempt(run)

    def undo(self) -> None:
        before = self.before

        def back() -> frozenset[int]:
            if before is not None:
                self.workspace.write(lambda s: store_undo.put_back(s, before))
            return frozenset(self.ids)

        self._attempt(back)


class EditLead(_Change):
    children = store_undo.EVERY_CHILD

    def __init__(self, workspace: Workspace, before: Lead, after: Lead, what: str) -> None:
        super().__init__(workspace, what, [after.id or 0])
        self.after = after
        self.version: int | None = before.version
        """The version the first save expects to overwrite: saving over a
        lead someone else saved since it was opened is refused, never
        silent. A redo after an undo saves over the lead as it is then."""

    def apply(self, session: Session) -> None:
        expected = self.version
        if expected is None:
            expected = store.get_lead(session, self.after.id or 0).version
        store.save_lead(session, replace(self.after, version=expected))
        self.version = None


class MoveStage(_Change):
    columns = store_undo.STAGE_COLUMNS

    def __init__(self, workspace: Workspace, ids: Sequence[int], stage: Stage, reason: str) -> None:
        text = tr("set stage to %1 for %n lead(s)", "", len(ids)).replace("%1", stage.label)
        super().__init__(workspace, text, ids)
        self.stage = stage
        self.reason = reason

    def apply(self, session: Session) -> None:
        store.move_stage(session, self.ids, self.stage, reason=self.reason)


class SetValues(_Change):
    def __init__(
        self, workspace: Workspace, ids: Sequence[int], what: str, values: dict[str, Any]
    ) -> None:
        super().__init__(workspace, what, ids)
        self.values = values
        self.columns = tuple(values)

    def apply(self, session: Session) -> None:
        store.update_leads(session, self.ids, **self.values)


class ChangeTag(_Change):
    columns = store_undo.TAG_COLUMNS
    children = (store_undo.TAGS,)

    def __init__(self, workspace: Workspace, ids: Sequence[int], name: str, add: bool) -> None:
        text = (
            tr("add tag “%1” to %n lead(s)", "", len(ids))
            if add
            else tr("remove tag “%1” from %n lead(s)", "", len(ids))
        )
        super().__init__(workspace, text.replace("%1", name), ids)
        self.name = name
        self.add = add

    def apply(self, session: Session) -> None:
        (store.add_tag if self.add else store.remove_tag)(session, self.ids, self.name)


class Trash(_Change):
    columns = store_undo.TRASH_COLUMNS

    def __init__(self, workspace: Workspace, ids: Sequence[int], restore: bool) -> None:
        text = (
            tr("restore %n lead(s) from the trash", "", len(ids))
            if restore
            else tr("delete %n lead(s)", "", len(ids))
        )
        super().__init__(workspace, text, ids)
        self.restore = restore

    def apply(self, session: Session) -> None:
        if self.restore:
            store.restore_leads(session, self.ids)
        else:
            store.trash_leads(session, self.ids)


class AddActivity(_Change):
    columns = store_undo.ACTIVITY_COLUMNS

    def __init__(
        self, workspace: Workspace, lead_id: int, activity: Activity, follow_up: date | bool | None
    ) -> None:
        super().__init__(
            workspace, tr("log %1").replace("%1", activity.kind.label.lower()), [lead_id]
        )
        self.activity = activity
        self.follow_up = follow_up

    def apply(self, session: Session) -> None:
        store.add_activity(session, self.ids[0], self.activity, follow_up=self.follow_up)


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
