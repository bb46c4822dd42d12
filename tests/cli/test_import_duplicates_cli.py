"""``leaddesk import`` and duplicates as a user scripts them: possible
duplicates listed and decided with --possible-duplicates, --merge-rows and
--keep-rows, and the JSON report saying which row went into which lead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leaddesk.cli import main
from tests.transfer.conftest import write_csv

Capture = pytest.CaptureFixture[str]

HEADER = ["First name", "Last name", "Company", "Email", "Phone"]
ROWS = [
    HEADER,
    ["John", "Smith", "Acme Ltd", "", ""],
    ["Jon", "Smith", "ACME Ltd.", "", ""],
    ["Bob", "Hill", "Acme", "", ""],
    ["Robert", "Hill", "Acme Inc", "robert@acme.example", ""],
    ["Ana", "Ruiz", "Cobalt", "ana@cobalt.es", ""],
    ["", "", "", "ANA@cobalt.es", "+34 612 345 678"],
    ["", "", "", "", ""],
    # Two cells: one alone under the table would be a footer line.
    ["", "", "", "", "", "a note", "and a remark"],
]


@pytest.fixture
def leads_file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "leads.csv", ROWS)


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: Capture, *args: str) -> dict[str, Any]:
    code, out, _ = run(capsys, *args, "--json")
    assert code == 0
    result = json.loads(out)
    assert isinstance(result, dict)
    return result


def test_the_report_says_which_row_went_into_which_lead(
    leads_file: Path, db_location: str, capsys: Capture
) -> None:
    report = as_json(capsys, str(leads_file), "--db", db_location, "--region", "ES")
    # The fields scripts already read are all there, as they were.
    assert {"file", "rows", "created", "merged", "skipped_duplicates", "needs_review", "rejected",
            "problems", "batch", "custom_columns", "skipped_lines"} <= set(report)  # fmt: skip
    assert (report["rows"], report["created"], report["merged"], report["rejected"]) == (7, 5, 1, 1)
    outcomes = report["outcomes"]
    assert isinstance(outcomes, list)
    by_row = {o["row"]: o for o in outcomes}
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7, 9]
    john, jon, bob, robert, ana = (by_row[r]["lead"] for r in (2, 3, 4, 5, 6))
    assert len({john, jon, bob, robert, ana}) == 5
    assert by_row[7] == {"row": 7, "outcome": "merged", "lead": ana, "matched_by": "email",
                         "duplicate_of_row": 6}  # fmt: skip
    assert by_row[9]["outcome"] == "rejected" and by_row[9]["lead"] is None
    assert "name, company, email or phone" in by_row[9]["because"]
    possible = report["possible_duplicates"]
    assert isinstance(possible, list)
    assert [
        (p["row"], p["lead"], p["duplicate_of_row"], p["why"], p["choice"]) for p in possible
    ] == [
        (3, john, 2, "similar_name", "keep"),
        (5, bob, 4, "similar_name", "keep"),
    ]
    assert possible[0]["name"] == "Jon Smith, ACME Ltd." and possible[0]["lead_name"] == (
        "John Smith, Acme Ltd"
    )


def test_possible_duplicates_are_listed_with_how_to_decide_them(
    leads_file: Path, db_location: str, capsys: Capture
) -> None:
    code, out, _ = run(capsys, str(leads_file), "--db", db_location, "--dry-run")
    assert code == 0
    assert "; 2 possible duplicates." in out.splitlines()[0]
    assert "decide with --merge-rows or --keep-rows" in out
    assert "  row 3 “Jon Smith, ACME Ltd.”: kept apart from row 2 “John Smith, Acme Ltd” " in out
    assert "(similar name, same company)" in out


def test_merge_rows_and_keep_rows_decide_each_possible_duplicate(
    leads_file: Path, db_location: str, capsys: Capture
) -> None:
    merged = as_json(capsys, str(leads_file), "--db", db_location, "--merge-rows", "3", "--dry-run")
    # Jon adds nothing to John: merged, it is skipped.
    assert (merged["created"], merged["merged"], merged["skipped_duplicates"]) == (4, 1, 1)
    chosen = {p["row"]: p["choice"] for p in merged["possible_duplicates"]}
    assert chosen == {3: "merge", 5: "keep"}
    report = as_json(
        capsys, str(leads_file), "--db", db_location, "--possible-duplicates", "merge",
        "--keep-rows", "3-4",
    )  # fmt: skip
    assert (report["created"], report["merged"]) == (4, 2)
    chosen = {p["row"]: p["choice"] for p in report["possible_duplicates"]}
    assert chosen == {3: "keep", 5: "merge"}
    # Imported again, asked nothing: every row goes where it went.
    again = as_json(capsys, str(leads_file), "--db", db_location)
    assert (again["created"], again["merged"], again["possible_duplicates"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--merge-rows", "3,x"], "not row numbers: '3,x' (write them like 7,12-15)"),
        (["--merge-rows", "9-4"], "not a range of rows: '9-4'"),
        (
            ["--merge-rows", "3", "--keep-rows", "2-5"],
            "row 3 is in both --merge-rows and --keep-rows",
        ),
        (["--possible-duplicates", "maybe"], "invalid choice: 'maybe'"),
    ],
)
def test_wrong_row_choices_are_usage_errors(
    leads_file: Path, tmp_path: Path, capsys: Capture, args: list[str], message: str
) -> None:
    database = tmp_path / "untouched.db"
    with pytest.raises(SystemExit) as exit_status:
        main(["import", str(leads_file), "--db", str(database), *args])
    assert exit_status.value.code == 2
    assert message in capsys.readouterr().err
    assert not database.exists()


def test_the_help_explains_the_choices(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--possible-duplicates {keep,merge}" in text
    assert "--merge-rows ROWS" in text and "--keep-rows ROWS" in text
    assert "a name a letter apart, a nickname or an initial at the same company" in text
