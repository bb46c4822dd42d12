"""LeadDesk on PostgreSQL, next to SQLite: search over 1M leads, and
``copy-db`` of the 1M-lead demo database from SQLite up to the server.

Server: ``$LEADDESK_BENCH_PG_URL`` (or ``$LEADDESK_TEST_PG_URL``), else a
throwaway cluster started for the run (``tests/pg_cluster.py``).

References: the same search queries on the SQLite file; for copy-db, plain
``COPY`` of the same rows into the same tables, read from the same file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from benchmarks.bench_search import QUERIES, _first_page
from benchmarks.common import Report, demo_database, milliseconds, timed
from leaddesk.store.bulk import table
from leaddesk.store.copy import TABLES, copy_database
from leaddesk.store.database import Database


@contextmanager
def _server() -> Iterator[str]:
    url = os.environ.get("LEADDESK_BENCH_PG_URL") or os.environ.get("LEADDESK_TEST_PG_URL")
    if url:
        yield url
        return
    from tests import pg_cluster

    print("  starting a throwaway PostgreSQL cluster...", flush=True)
    folder, url = pg_cluster.start()
    try:
        yield url
    finally:
        pg_cluster.stop(folder)


def _fresh(server: str, name: str) -> str:
    import psycopg

    url = make_url(server)
    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password,
        dbname=url.database or "postgres", autocommit=True,
    ) as connection:  # fmt: skip
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return url.set(database=name).render_as_string(hide_password=False)


def _plain_copy(source: Database, target: Database) -> int:
    """The reference: every table's rows read and sent with COPY, nothing else."""
    rows = 0
    with source.read() as reading, target.session() as writing:
        raw = writing.connection().connection.cursor()
        for name in TABLES:
            columns = list(table(name).c)
            result = reading.execute(select(*columns), execution_options={"stream_results": True})
            names = ", ".join(c.name for c in columns)
            with raw.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
                for row in result:
                    copy.write_row(tuple(row))
                    rows += 1
        raw.close()
    return rows


def run() -> None:
    path: Path = demo_database("1m")
    sqlite = Database.open(str(path))
    with _server() as server:
        report = Report(f"PostgreSQL next to SQLite ({path.name})")
        report.header()
        target = Database.open(_fresh(server, "leaddesk_bench"))
        started = time.perf_counter()
        counts = copy_database(sqlite, target)
        ours = time.perf_counter() - started
        reference_db = Database.open(_fresh(server, "leaddesk_bench_reference"))
        started = time.perf_counter()
        rows = _plain_copy(sqlite, reference_db)
        reference = time.perf_counter() - started
        reference_db.close()
        total = sum(counts.values())
        assert total == rows, (total, rows)
        report.add(
            f"copy-db SQLite → PostgreSQL ({counts['leads']:,} leads, {total:,} rows)",
            f"{total / ours:,.0f} rows/s",
            f"{rows / reference:,.0f} rows/s",
            ours / reference,
            "≤ 2× COPY",
            ours <= 2 * reference,
        )
        for name, database in (("PostgreSQL", target), ("SQLite", sqlite)):
            _first_page(database, "warm up")
            times = [timed(partial(_first_page, database, q)) for q in QUERIES]
            median, worst = milliseconds(times)
            report.add(f"search on {name}, median", f"{median:.1f} ms", "", None, "≤ 50 ms",
                       median <= 50)  # fmt: skip
            report.add(f"search on {name}, worst", f"{worst:.1f} ms", "", None, "≤ 150 ms",
                       worst <= 150)  # fmt: skip
            slowest = sorted(zip(times, QUERIES, strict=True), reverse=True)[:3]
            print("    slowest: " + ", ".join(f"{q!r} {t * 1000:.0f} ms" for t, q in slowest))
        target.close()
    sqlite.close()
