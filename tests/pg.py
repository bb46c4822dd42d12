"""Test databases on a real PostgreSQL server.

``$LEADDESK_TEST_PG_URL`` names a server where the tests may create
databases (``tests/pg_cluster.py`` starts a throwaway one; ``.ci/run`` does
so around the suite). One database is migrated once per test run and every
test gets a fresh copy of it (``CREATE DATABASE ... TEMPLATE``: a file copy,
much faster than running the migrations again).
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
        with admin(url) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {self.template}")
            connection.execute(f"CREATE DATABASE {self.template}")
        Database.open(self.url_of(self.template)).close()

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    @contextmanager
    def fresh(self) -> Iterator[str]:
        """The URL of a new database at the current schema, dropped afterwards."""
        name = f"{self.prefix}_{next(self._numbers)}"
        with admin(self.url) as connection:
            connection.execute(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        try:
            yield self.url_of(name)
        finally:
            with admin(self.url) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        with admin(self.url) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
