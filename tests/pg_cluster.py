"""A throwaway PostgreSQL cluster for the test suite, on loopback, in a
temporary folder, on a free port.

    python3 tests/pg_cluster.py start    # prints shell lines: export LEADDESK_TEST_PG_URL=...
    python3 tests/pg_cluster.py stop DIR # stops the cluster and removes DIR

Standard library only, so ``.ci/run`` can call it before ``.venv`` exists.
``initdb`` refuses to run as root, so as root the server runs as the
``postgres`` user. Authentication is ``trust``: the server listens on
127.0.0.1 only and lives as long as one test run.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SUPERUSER = "leaddesk"
SEARCH_PATH = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin")


def _tool(name: str) -> str:
    for folder in SEARCH_PATH:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"pg_cluster: {name} not found; install PostgreSQL 15.")
    return found


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start() -> tuple[Path, str]:
    """Starts a cluster; returns its folder and a SQLAlchemy URL for it."""
    folder = Path(tempfile.mkdtemp(prefix="leaddesk-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    initdb = [_tool("initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust"]
    initdb += ["--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]
    subprocess.run(_as_server_user(initdb), stdout=subprocess.DEVNULL, check=True)
    port = _free_port()
    # Durability is not wanted from a cluster that lives for one test run.
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    )
    pg_ctl = [_tool("pg_ctl"), "-D", str(data), "-l", str(folder / "server.log")]
    pg_ctl += ["-o", options, "-w", "start"]
    subprocess.run(_as_server_user(pg_ctl), stdout=subprocess.DEVNULL, check=True)
    return folder, f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"


def stop(folder: Path) -> None:
    data = folder / "data"
    if data.exists():
        subprocess.run(
            _as_server_user([_tool("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            check=False,
        )
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["start"]:
        folder, url = start()
        print(f"export LEADDESK_TEST_PG_URL={shlex.quote(url)}")
        print(f"export LEADDESK_TEST_PG_DIR={shlex.quote(str(folder))}")
        return 0
    if len(argv) == 2 and argv[0] == "stop":
        stop(Path(argv[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
