"""Test databases on a real PostgreSQL server.

``$LEADDESK_TEST_PG_URL`` names a server where the tests may create
databases (``tests/pg_cluster.py`` starts a throwaway one; ``.ci/run`` does
so around the suite). One database is migrated once per test run; a test
gets a copy of it (``CREATE DATABASE ... TEMPLATE``, far faster than
migrating again), and once the test is done the copy is emptied
(``TRUNCATE``, faster still) and handed to the next test. A copy whose
schema a test changed, or that cannot be emptied, is dropped instead.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url

from leaddesk.store.database import Database

URL_VARIABLE = "LEADDESK_TEST_PG_URL"
MISSING = (
    f"PostgreSQL tests need a server: set {URL_VARIABLE} "
    "(python3 tests/pg_cluster.py start prints it)"
)


def server_url() -> URL:
    """The server's URL; skips the test without one, fails it in CI."""
    text = os.environ.get(URL_VARIABLE, "").strip()
    if not text:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the PostgreSQL tests: {MISSING}", pytrace=False)
        pytest.skip(MISSING)
    return make_url(text)


def admin(url: URL) -> psycopg.Connection[tuple[object, ...]]:
    """A connection for CREATE and DROP DATABASE (which refuse transactions)."""
    return psycopg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        dbname=url.database or "postgres",
        autocommit=True,
    )


class Databases:
    """Hands out fresh, migrated databases on one server."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.prefix = f"leaddesk_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._numbers = itertools.count(1)
        self._idle: list[str] = []
        with admin(url) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {self.template}")
            connection.execute(f"CREATE DATABASE {self.template}")
        Database.open(self.url_of(self.template)).close()
        with admin(url.set(database=self.template)) as connection:
            self._template_shape = _shape(connection)

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    @contextmanager
    def fresh(self) -> Iterator[str]:
        """The URL of a new database at the current schema, dropped afterwards."""
        if self._idle:
            name = self._idle.pop()
        else:
            name = f"{self.prefix}_{next(self._numbers)}"
            with admin(self.url) as connection:
                connection.execute(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        try:
            yield self.url_of(name)
        finally:
            if self._emptied(name):
                self._idle.append(name)
            else:
                with admin(self.url) as connection:
                    connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _emptied(self, name: str) -> bool:
        """Empties a used copy for the next test; False when it cannot be
        trusted to be like the template any more."""
        try:
            with admin(self.url.set(database=name)) as connection:
                connection.execute("SET lock_timeout = '2s'")
                if _shape(connection) != self._template_shape:
                    return False
                tables = [str(row[0]) for row in connection.execute(_TABLES)]
                if tables:
                    listed = ", ".join(f'"{t}"' for t in tables)
                    connection.execute(f"TRUNCATE {listed} RESTART IDENTITY CASCADE")
        except psycopg.Error:
            return False
        return True

    def close(self) -> None:
        with admin(self.url) as connection:
            for name in [*self._idle, self.template]:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


_TABLES = (
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
)


def _shape(connection: psycopg.Connection[tuple[object, ...]]) -> tuple[object, ...]:
    """The schema revision and the indexes, to tell a copy that a test
    migrated or altered from a pristine one."""
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    indexes = connection.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"
    ).fetchall()
    return (tuple(revision), tuple(indexes))
