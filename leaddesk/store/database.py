"""Opening a lead database: where it lives, whether it is ours, migrating
it to the current schema, and handing out sessions.

A file that is not a LeadDesk database (a text file, another program's
SQLite file, a damaged file) raises :class:`DatabaseError` with one sentence
for the user, and is never written to.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from leaddesk.store.backend import (
    SQLITE_APPLICATION_ID,
    configure_engine,
    ensure_search_index,
    search_notice,
)
from leaddesk.store.leads import USER_KEY
from leaddesk.store.schema import use_postgresql

ENV_VARIABLE = "LEADDESK_DB"
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """A database that cannot be used; the message is one sentence for the user."""


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
        back when it raises."""
        with self._sessions() as session, session.begin():
            session.info[USER_KEY] = self.user
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; nothing it does is committed."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    @classmethod
    def open(cls, location: str | None = None, *, migrate: bool = True) -> Database:
        """Opens (and creates, when missing) the database at ``location``.

        Raises :class:`DatabaseError` when the location cannot be used.
        """
        location = location or default_location()
        url = to_url(location)
        if url.get_backend_name() == "sqlite":
            if url.database in (None, "", ":memory:"):
                raise DatabaseError("LeadDesk needs a database file, not an in-memory database.")
            path = Path(url.database or "")
            _check_sqlite_file(path, location)
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
                database._migrate()
            if database.dialect == "postgresql":
                with engine.begin() as connection:
                    ensure_search_index(connection)
                    database.notice = search_notice(connection)
        except DatabaseError:
            engine.dispose()
            raise
        except DBAPIError as error:
            engine.dispose()
            raise DatabaseError(describe_db_error(error, display)) from None
        return database

    def _migrate(self) -> None:
        from leaddesk.store import migrations

        with self.engine.connect() as connection:
            state = migrations.state(connection)
            if state.current == state.head:
                return
            if state.current is not None and state.current not in state.known:
                raise DatabaseError(
                    f"{self.display_name} was made by a newer version of LeadDesk; "
                    "please update LeadDesk to open it."
                )
        if state.current is not None:
            self.backup(f"before-{state.head}")
        with self.engine.begin() as connection:
            if self.dialect == "sqlite":
                connection.exec_driver_sql(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
            migrations.upgrade(connection)

    def backup(self, label: str) -> Path | None:
        """Copies a SQLite file next to itself (consistent even in WAL mode)."""
        path = self.path
        if path is None or not path.exists():
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
        source = sqlite3.connect(path)
        try:
            destination = sqlite3.connect(target)
            with destination:
                source.backup(destination)
            destination.close()
        finally:
            source.close()
        return target


def _server_options(url: URL) -> dict[str, Any]:
    """For a server: a connection dropped since its last use (server
    restarted, Wi-Fi gone) is noticed and replaced before it is used, and an
    unreachable server fails in seconds rather than minutes."""
    if url.get_backend_name() != "postgresql":
        return {}
    return {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}


def connection_lost(error: DBAPIError) -> bool:
    """Whether the error means the server went away (try again later)
    rather than that it refused what was asked."""
    if error.connection_invalidated:
        return True
    message = str(error.orig or error).lower()
    return any(
        part in message
        for part in ("connection", "could not connect", "server closed", "terminating", "timeout")
    )


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return ""


def _check_sqlite_file(path: Path, location: str) -> None:
    """Refuses, without writing to it, a path that is not a LeadDesk database."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a LeadDesk database file.")
    if not path.exists():
        if not path.parent.exists():
            # Only the default location gets its folder made; asked here,
            # not on every open, as it imports platformdirs.
            if location != default_location():
                raise DatabaseError(f"The folder {path.parent} does not exist.")
            path.parent.mkdir(parents=True, exist_ok=True)
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(f"{path} cannot be read ({error.strerror}).") from None
    if not header:
        return  # An empty file becomes a new database.
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a LeadDesk database (it is not an SQLite file).")
    try:
        # immutable: no lock and no -wal/-shm files left behind, unless a
        # write-ahead log exists already and must be read.
        wal = path.with_name(f"{path.name}-wal").exists()
        options = "mode=ro" if wal else "mode=ro&immutable=1"
        probe = sqlite3.connect(f"{path.as_uri()}?{options}", uri=True)
        try:
            (application_id,) = probe.execute("PRAGMA application_id").fetchone()
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master")}
        finally:
            probe.close()
    except sqlite3.DatabaseError:
        raise DatabaseError(f"{path} is damaged or is not a LeadDesk database.") from None
    if application_id == SQLITE_APPLICATION_ID or not tables:
        return
    raise DatabaseError(
        f"{path} belongs to another program (it is not a LeadDesk database); "
        "LeadDesk has not changed it."
    )


def describe_db_error(error: DBAPIError, where: str) -> str:
    """One sentence for a database error a user can cause."""
    message = str(error.orig).lower() if error.orig else str(error).lower()
    if "locked" in message or "busy" in message:
        return f"{where} is in use by another program; try again in a moment."
    if "database or disk is full" in message or "no space left" in message:
        return f"The disk holding {where} is full; free some space and try again."
    if "readonly" in message or "read-only" in message:
        return f"{where} is read-only; LeadDesk cannot save changes to it."
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return f"{where} is damaged; restore it from a backup copy."
    if "unable to open" in message:
        return f"{where} cannot be opened."
    if "password authentication failed" in message or "no password supplied" in message:
        return f"The server refused the user name or password for {where}."
    if "database" in message and "does not exist" in message:
        return f"{where} does not exist on the server; create it first (see the README)."
    if "connection" in message or "could not connect" in message or "timeout" in message:
        return f"LeadDesk cannot reach the database server for {where}."
    return f"The database {where} reported an error: {error.orig or error}"
