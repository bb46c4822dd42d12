"""Databases a window no longer shows, kept with what showed them until
nothing started on them in the background still runs; then the views are
deleted and the database is closed."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from leaddesk.store.database import Database

from leaddesk.ui.background import Task

POLL_MS = 200


class RetiredDatabases(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: list[tuple[Database, list[QObject]]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.close_idle)

    def add(self, database: Database, parts: list[QObject]) -> None:
        """Retires ``database`` and the objects that showed it (views,
        their workspace); closes it at once when they are idle."""
        self._waiting.append((database, parts))
        self.close_idle()

    def close_idle(self) -> None:
        waiting = []
        for database, parts in self._waiting:
            if any(task.running for part in parts for task in part.findChildren(Task)):
                waiting.append((database, parts))
                continue
            for part in parts:
                part.deleteLater()
            database.close()
        self._waiting = waiting
        if waiting:
            self._timer.start()
        else:
            self._timer.stop()

    def close_all(self) -> None:
        """Closes them all now (the application is quitting)."""
        for database, _parts in self._waiting:
            database.close()
        self._waiting = []
        self._timer.stop()
