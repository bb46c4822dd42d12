"""Alembic migrations of the lead database, run on open.

The revision scripts live in ``versions/``; this module runs them on a
connection the store already holds, so no ``alembic.ini`` is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

HERE = Path(__file__).parent


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


@dataclass(frozen=True)
class State:
    current: str | None
    head: str
    known: frozenset[str]


def state(connection: Connection) -> State:
    directory = scripts()
    head = directory.get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    current = MigrationContext.configure(connection).get_current_revision()
    known = frozenset(rev.revision for rev in directory.walk_revisions())
    return State(current, head, known)


def upgrade(connection: Connection, target: str = "head") -> None:
    command.upgrade(config(connection), target)
