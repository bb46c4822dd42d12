"""The command line contract: exit codes, JSON shape, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from leaddesk import __version__
from leaddesk.cli import main


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


def test_demo_then_leads_as_json(tmp_path: Path) -> None:
    db = str(tmp_path / "leads.db")
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


def test_leads_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "leads.db")
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


def test_human_listing_and_empty_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "leads.db")
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
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "leads.db")
    assert main(["--db", db, "demo", "--count", "3"]) == 0
    assert main(["leads", "--db", db, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out.split("\n", 1)[1])) == 3
