"""The command line contract: exit codes, JSON shape, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from leaddesk import __version__
from leaddesk.cli import main, split_qt_options
from tests.pg import Databases


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leaddesk", *args], capture_output=True, text=True, timeout=120
    )


def test_version_answers_fast_without_heavy_imports() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"LeadDesk {__version__}"
    code = (
        "import sys, leaddesk.cli; "
        "print(any(m.startswith(('PySide6', 'sqlalchemy')) for m in sys.modules))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
        == "False"
    )


def test_demo_then_leads_as_json(db_location: str) -> None:
    db = db_location
    result = run("demo", "--db", db, "--count", "60", "--seed", "4")
    assert result.returncode == 0, result.stderr
    assert "60 demo leads" in result.stdout
    result = run("leads", "--db", db, "--json", "--limit", "500")
    assert result.returncode == 0, result.stderr
    leads = json.loads(result.stdout)
    assert len(leads) == 60
    required = {"id", "first_name", "last_name", "company", "title", "email", "phone", "source",
                "stage", "temperature", "bant", "tags", "created_at"}  # fmt: skip
    for lead in leads:
        assert required <= set(lead)
        assert set(lead["bant"]) == {"budget", "authority", "need", "timeframe"}
        assert lead["phone"].startswith("+")
        assert lead["stage"] in {"new", "mql", "sal", "sql", "customer", "disqualified"}


def test_demo_on_a_full_disk_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from leaddesk.store import demo

    def full(*args: object, **kwargs: object) -> int:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(demo, "load_demo", full)
    assert main(["demo", "--db", str(tmp_path / "leads.db"), "--count", "10"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error
    assert "disk holding" in error and "is full" in error and "No demo leads" in error


def test_demo_interrupted_mid_statement_exits_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import PendingRollbackError

    from leaddesk.store import demo

    def interrupted(*args: object, **kwargs: object) -> int:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise PendingRollbackError("the transaction was cut short") from None

    monkeypatch.setattr(demo, "load_demo", interrupted)
    assert main(["demo", "--db", str(tmp_path / "leads.db"), "--count", "10"]) == 130
    assert capsys.readouterr().err == "leaddesk: interrupted; nothing was changed.\n"


def test_leads_filters(db_location: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = db_location
    assert main(["demo", "--db", db, "--count", "300"]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "--db",
                db,
                "leads",
                "--stage",
                "sql",
                "--stage",
                "customer",
                "--temperature",
                "hot",
                "--json",
            ]
        )
        == 0
    )
    leads = json.loads(capsys.readouterr().out)
    assert leads
    assert {(lead["stage"], lead["temperature"]) for lead in leads} <= {
        ("sql", "hot"),
        ("customer", "hot"),
    }
    first = leads[0]
    assert (
        main(["leads", "--db", db, "--search", first["last_name"], "--limit", "3", "--json"]) == 0
    )
    found = json.loads(capsys.readouterr().out)
    assert 1 <= len(found) <= 3
    assert all(
        first["last_name"].lower() in json.dumps(lead, ensure_ascii=False).lower() for lead in found
    )


def test_human_listing_and_empty_result(
    db_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = db_location
    assert main(["leads", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "No leads match."
    main(["demo", "--db", db, "--count", "5"])
    capsys.readouterr()
    assert main(["leads", "--db", db, "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["Name", "Company", "Stage"]
    assert len(lines) == 3


@pytest.mark.parametrize(
    "args",
    [
        ["leads", "--stage", "warm"],
        ["leads", "--limit", "0"],
        ["demo", "--count", "x"],
        ["frobnicate"],
    ],
)
def test_wrong_usage_exits_2(args: list[str], tmp_path: Path) -> None:
    result = run(*args, "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert "usage:" in result.stderr


@pytest.mark.parametrize(
    ("argv", "ours", "qt"),
    [
        (["-style", "Fusion"], [], ["-style", "Fusion"]),
        (["--db", "a.db", "-reverse", "--style=Fusion"], ["--db", "a.db"],
         ["-reverse", "-style", "Fusion"]),
        (["-platform", "offscreen", "--db", "x.db"], ["--db", "x.db"], ["-platform", "offscreen"]),
        (["-qmljsdebugger=port:3768"], [], ["-qmljsdebugger=port:3768"]),
        (["leads", "--search", "reverse"], ["leads", "--search", "reverse"], []),
        (["-platform"], ["-platform"], []),
    ],
)  # fmt: skip
def test_qt_options_go_to_qt(argv: list[str], ours: list[str], qt: list[str]) -> None:
    """``leaddesk -style Fusion`` and the rest of Qt's own options reach the
    window's QApplication instead of being refused; tests/ui/test_quit.py
    starts the window with some of them."""
    assert split_qt_options(argv) == (ours, qt)


def test_qt_options_with_a_command_are_wrong_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["leads", "--db", str(tmp_path / "x.db"), "-reverse"])
    assert exit_.value.code == 2
    assert "-reverse is an option of the window" in capsys.readouterr().err


def test_unusable_database_exits_1_with_one_line(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    result = run("leads", "--db", str(text))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "not a LeadDesk database" in result.stderr
    assert "Traceback" not in result.stderr
    assert text.read_text() == "not a database"


def test_db_option_before_or_after_the_command(
    db_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = db_location
    assert main(["--db", db, "demo", "--count", "3"]) == 0
    assert main(["leads", "--db", db, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out.split("\n", 1)[1])) == 3


VOLATILE = {"id", "created_at"}
LISTINGS = [
    ["--limit", "500"],
    ["--search", "ma", "--limit", "40"],
    ["--search", "gmbh"],
    ["--stage", "mql", "--stage", "sql", "--temperature", "warm"],
]


def test_sqlite_and_postgresql_give_the_same_answers(
    tmp_path: Path, pg_databases: Databases, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command-line contract holds on both engines: the same demo data
    lists as the same JSON, ids aside (and creation times, which demo data
    sets relative to the second it runs)."""
    answers: list[list[object]] = []
    with pg_databases.fresh() as url:
        for db in (str(tmp_path / "leads.db"), url):
            assert main(["demo", "--db", db, "--count", "400", "--seed", "7"]) == 0
            capsys.readouterr()
            listed: list[object] = []
            for options in LISTINGS:
                assert main(["leads", "--db", db, "--json", *options]) == 0
                rows = json.loads(capsys.readouterr().out)
                assert rows, options
                listed.append([{k: row[k] for k in row if k not in VOLATILE} for row in rows])
            answers.append(listed)
    sqlite, postgresql = answers
    for options, on_sqlite, on_postgresql in zip(LISTINGS, sqlite, postgresql, strict=True):
        assert on_sqlite == on_postgresql, options
