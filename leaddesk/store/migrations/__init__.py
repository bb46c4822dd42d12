"""Alembic migrations of the lead database, run on open.

The revision scripts live in ``versions/``; this module runs them on a
connection the store already holds, so no ``alembic.ini`` is needed.

Alembic itself is imported only when a database needs upgrading: a file
named ``NNNN_what_it_does.py`` holds revision ``NNNN`` (a test holds the
scripts to that), so whether a database is at head is known from the folder
and one query, which keeps Alembic's import out of every start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

HERE = Path(__file__).parent
VERSION_TABLE = "alembic_version"


def config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def revisions() -> list[str]:
    """The revisions in the order they apply, read from the file names."""
    names = (path.name.partition("_")[0] for path in (HERE / "versions").glob("[0-9]*_*.py"))
    return sorted(names)


@dataclass(frozen=True)
class State:
    current: str | None
    head: str
    known: frozenset[str]


def recorded_revisions(connection: Connection) -> list[str] | None:
    """What the version table holds; None for a database without one."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return [
        str(row[0])
        for row in connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}")
    ]


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at; None for a database without tables.
    Raises :class:`~leaddesk.store.faults.DatabaseError` for a version
    table that records none, several, or one unknown here."""
    rows = recorded_revisions(connection)
    if rows is None:
        return None
    from leaddesk.store.integrity import revision_of

    where = connection.engine.url.render_as_string(hide_password=True)
    return revision_of(rows, where, frozenset(revisions()))


def state(connection: Connection) -> State:
    known = revisions()
    assert known, "the migrations folder has no revisions"
    return State(current_revision(connection), known[-1], frozenset(known))


def upgrade(connection: Connection, target: str = "head") -> None:
    from alembic import command

    command.upgrade(config(connection), target)
