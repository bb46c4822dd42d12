"""Shared fixtures: a real database for each test, and Qt offscreen (set
here, before anything imports Qt).

Store, transfer and command-line tests that use ``db`` (or ``db_location``)
run twice: on a SQLite file in a temporary folder and on a fresh database
on a real PostgreSQL server (see :mod:`tests.pg`). Window tests, and tests
that look at the SQLite file itself (they ask for ``db_path``, or are
marked ``sqlite_only``), run on SQLite only.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("LEADDESK_DB", None)

from leaddesk.store.database import Database

NOW = datetime(2026, 6, 15, 12, 0, 0)
"""A fixed "now" so tests about time do not depend on the day they run."""

BACKENDS = ("sqlite", "postgresql")
BOTH_BACKENDS = ("store", "transfer", "cli", "tests")
"""Test packages (``tests`` itself: the concurrency tests) whose database
tests run on every backend."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test about the SQLite file itself")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    package = Path(str(metafunc.definition.path)).parent.name
    asks_for_file = "db_path" in inspect.signature(metafunc.function).parameters
    marked = metafunc.definition.get_closest_marker("sqlite_only") is not None
    if package in BOTH_BACKENDS and not asks_for_file and not marked:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database engine this test runs on."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[object]:
    from tests.pg import Databases, server_url

    databases = Databases(server_url())
    yield databases
    databases.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "leads.db"


@pytest.fixture
def db_location(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """What ``--db`` takes: a file path on SQLite, a URL on PostgreSQL
    (a fresh database at the current schema)."""
    if backend == "sqlite":
        yield str(db_path)
        return
    from tests.pg import Databases

    databases = request.getfixturevalue("pg_databases")
    assert isinstance(databases, Databases)
    with databases.fresh() as url:
        yield url


@pytest.fixture
def db(db_location: str) -> Iterator[Database]:
    database = Database.open(db_location)
    yield database
    database.close()
