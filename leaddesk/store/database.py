"""Opening a lead database: where it lives, whether it is ours, migrating
it to the current schema, and handing out sessions.

A file LeadDesk must not use (a text file, another program's SQLite file,
a damaged file, one made by a newer LeadDesk) raises :class:`DatabaseError`
with one sentence for the user, and is never written to: it is looked at
read-only first (:mod:`leaddesk.store.integrity`). Every database error a
user can cause becomes its sentence through :mod:`leaddesk.store.faults`.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from leaddesk import interrupts
from leaddesk.store import leftovers
from leaddesk.store.backend import configure_engine, ensure_search_index, search_notice
from leaddesk.store.faults import DatabaseError, connection_lost, describe
from leaddesk.store.integrity import Inspection, RestOfCheck, inspect_file
from leaddesk.store.leads import USER_KEY
from leaddesk.store.schema import use_postgresql

__all__ = ["Database", "DatabaseError", "connection_lost", "default_location", "to_url"]

ENV_VARIABLE = "LEADDESK_DB"

describe_db_error = describe
"""One sentence for a database error (see :func:`leaddesk.store.faults.describe`)."""


def default_location() -> str:
    """``$LEADDESK_DB``, else ``leads.db`` in the user data folder."""
    from_env = os.environ.get(ENV_VARIABLE, "").strip()
    if from_env:
        return from_env
    from platformdirs import user_data_path

    return str(user_data_path("LeadDesk", appauthor=False) / "leads.db")


def to_url(location: str) -> URL:
    """A SQLAlchemy URL from a file path or a URL."""
    if "://" in location:
        try:
            return make_url(location)
        except ArgumentError:
            raise DatabaseError(
                f"“{location}” is not a database address LeadDesk understands."
            ) from None
    if location.strip() == ":memory:":
        raise DatabaseError(
            "“:memory:” is SQLite's name for a database that lives in memory and is gone "
            "when LeadDesk stops; give a file instead (./:memory: is a file of that name)."
        )
    path = Path(location).expanduser().resolve()
    return URL.create("sqlite+pysqlite", database=str(path))


class Database:
    """An open, migrated lead database."""

    def __init__(self, engine: Engine, display_name: str) -> None:
        self.engine = engine
        self.display_name = display_name
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.login = engine.url.username or _login_name()
        """Who the server or the computer says is working."""
        self.user = self.login
        """Who is working: the name they chose (see the window's
        preferences), else :attr:`login`."""
        self.notice: str | None = None
        """Something the user should know about this database (search
        without its index, say), to show once; None when all is well."""
        self.saved = 0
        """Transactions of :meth:`session` committed so far: whether an
        interrupted command changed anything."""
        self._rest_of_check: RestOfCheck | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def shared(self) -> bool:
        """Whether a team works on it: a server, not one person's file."""
        return self.dialect != "sqlite"

    @property
    def path(self) -> Path | None:
        """The file of a SQLite database, None for a server."""
        if self.dialect != "sqlite" or not self.engine.url.database:
            return None
        return Path(self.engine.url.database)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls
        back when it raises.

        Nothing is committed to a file found damaged (the check begun at
        open is waited for), and a Ctrl-C during the commit waits for it to
        end (:func:`leaddesk.interrupts.held`), so :attr:`saved` is true."""
        with self._sessions() as session:
            session.begin()
            session.info[USER_KEY] = self.user
            try:
                yield session
                self.require_sound()
            except BaseException:
                session.rollback()
                raise
            with interrupts.held():
                session.commit()
                self.saved += 1

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; nothing it does is committed."""
        with self._sessions() as session:
            yield session

    def require_sound(self) -> None:
        """Raises :class:`DatabaseError` when the file is damaged; waits for
        the part of the check the open left (see leaddesk.store.integrity)."""
        if self._rest_of_check is not None:
            self._rest_of_check.wait()

    def close(self) -> None:
        # A large write-ahead log is copied into the file as the last
        # connection closes: a Ctrl-C waits for that rather than cut it short.
        with interrupts.held():
            if self._rest_of_check is not None:
                self._rest_of_check.close()
            self.engine.dispose()

    @classmethod
    def open(cls, location: str | None = None, *, migrate: bool = True) -> Database:
        """Opens (and creates, when missing) the database at ``location``.

        Raises :class:`DatabaseError` when the location cannot be used.
        """
        location = location or default_location()
        url = to_url(location)
        inspection: Inspection | None = None
        if url.get_backend_name() == "sqlite":
            if url.database in (None, "", ":memory:"):
                raise DatabaseError("LeadDesk needs a database file, not an in-memory database.")
            path = Path(url.database or "")
            inspection = _inspect(path, location)
            display = str(path)
        else:
            display = url.render_as_string(hide_password=True)
        if url.get_backend_name() == "postgresql":
            use_postgresql()
        try:
            engine = create_engine(url, future=True, **_server_options(url))
        except (NoSuchModuleError, ImportError) as error:
            raise DatabaseError(
                f"LeadDesk cannot reach a “{url.get_backend_name()}” database: "
                f"the driver is missing ({error})."
            ) from None
        configure_engine(engine)
        database = cls(engine, display)
        try:
            if migrate:
                from leaddesk.store.upgrade import upgrade

                upgrade(database, inspection)
            if database.dialect == "postgresql":
                with engine.begin() as connection:
                    ensure_search_index(connection)
                    database.notice = search_notice(connection)
            if inspection is not None and database.path is not None:
                if inspection.unchecked:
                    database._rest_of_check = RestOfCheck(database.path, inspection.unchecked)
                leftovers.remove(database.path)
        except DatabaseError:
            engine.dispose()
            raise
        except DBAPIError as error:
            engine.dispose()
            raise DatabaseError(describe(error, display)) from None
        return database

    def backup(self, label: str) -> Path | None:
        """Copies a SQLite file next to itself (consistent even in WAL mode),
        no more readable than the file; None for a server."""
        path = self.path
        if path is None or not path.exists():
            return None
        from leaddesk.store.backups import make_backup

        return make_backup(path, label)


def _inspect(path: Path, location: str) -> Inspection:
    """Refuses, without writing to it, a path that is not a LeadDesk
    database; makes the folder of the default location."""
    if not path.parent.exists():
        # Only the default location gets its folder made; asked here,
        # not on every open, as it imports platformdirs.
        if location != default_location():
            raise DatabaseError(f"The folder {path.parent} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True)
    from leaddesk.store import migrations

    return inspect_file(path, frozenset(migrations.revisions()))


def _server_options(url: URL) -> dict[str, Any]:
    """For a server: a connection dropped since its last use (server
    restarted, Wi-Fi gone) is noticed and replaced before it is used, and an
    unreachable server fails in seconds rather than minutes."""
    if url.get_backend_name() != "postgresql":
        return {}
    return {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return ""
