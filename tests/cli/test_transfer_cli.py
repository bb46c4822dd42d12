"""``leaddesk import`` and ``leaddesk export`` as a user scripts them: the
JSON report, the short summary, dry runs, reverting, and every hostile or
broken file ending with exit 1, one sentence and the database untouched."""

from __future__ import annotations

import io
import json
import random
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from leaddesk.cli import main
from leaddesk.transfer import commands

Capture = pytest.CaptureFixture[str]
REPORT_KEYS = {"file", "rows", "created", "merged", "skipped_duplicates", "needs_review",
               "rejected", "problems"}  # fmt: skip


def csv_file(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def dump(db: Path) -> list[str]:
    """Everything in the database file, to compare before and after."""
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def db(tmp_path: Path, capsys: Capture) -> Path:
    """A database file holding a few demo leads."""
    path = tmp_path / "leads.db"
    assert main(["demo", "--db", str(path), "--count", "5"]) == 0
    capsys.readouterr()
    return path


def run_json(capsys: Capture, *args: str) -> dict[str, object]:
    assert main(["import", *args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert isinstance(result, dict)
    return result


def test_json_report_shape(tmp_path: Path, db: Path, capsys: Capture) -> None:
    path = csv_file(
        tmp_path / "leads.csv",
        ["Name,Company,Email,Phone,Shoe size", "Ana Ruiz,Cobalt Labs,ana@@cobalt,,38",
         ",,,,39", "Bo Chen,Acme,bo@acme.com,12,", ",,,,", "Ana  Ruíz,COBALT LABS,,,40"],
    )  # fmt: skip
    report = run_json(capsys, str(path), "--db", str(db))
    assert set(report) >= REPORT_KEYS
    assert (report["file"], report["rows"], report["created"], report["merged"]) == (
        "leads.csv", 4, 2, 1,
    )  # fmt: skip
    assert (report["skipped_duplicates"], report["needs_review"], report["rejected"]) == (0, 2, 1)
    problems = report["problems"]
    assert isinstance(problems, list)
    assert [(p["row"], p["field"], p["value"]) for p in problems] == [
        (2, "email", "ana@@cobalt"), (3, "", ""), (4, "phone", "12"),
    ]  # fmt: skip
    assert all(set(p) == {"row", "field", "value", "message"} for p in problems)
    assert report["custom_columns"] == ["Shoe size"]


def test_summary_is_short_and_says_where_the_full_list_is(
    tmp_path: Path, db: Path, capsys: Capture
) -> None:
    lines = ["Email,Company"] + [f"person{i}@,Acme {i}" for i in range(25)]
    path = csv_file(tmp_path / "leads.csv", lines)
    assert main(["import", str(path), "--db", str(db), "--region", "us"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Imported leads.csv: 25 rows: 25 created, 0 merged; 25 need review."
    assert len(out) <= 14
    assert out[-2].strip() == "… and 15 more: leaddesk import --report 1"
    assert out[-1] == "This was import 1; undo it with: leaddesk import --revert 1"
    assert main(["import", "--report", "1", "--db", str(db)]) == 0
    full = json.loads(capsys.readouterr().out)
    assert len(full["problems"]) == 25


def test_dry_run_saves_nothing(tmp_path: Path, db: Path, capsys: Capture) -> None:
    path = csv_file(tmp_path / "leads.csv", ["Email", "ana@cobalt.es"])
    before = dump(db)
    assert main(["import", str(path), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Would import leads.csv: 1 row: 1 created, 0 merged.")
    assert out.rstrip().endswith("Dry run: nothing was saved.")
    assert dump(db) == before


def test_revert_list_and_report(tmp_path: Path, db: Path, capsys: Capture) -> None:
    before = dump(db)
    path = csv_file(tmp_path / "leads.csv", ["Email,Name", "ana@cobalt.es,Ana Ruiz"])
    assert run_json(capsys, str(path), "--db", str(db))["batch"] == 1
    assert main(["import", "--list", "--db", str(db)]) == 0
    assert "leads.csv: 1 created, 0 merged, 0 rejected" in capsys.readouterr().out
    assert main(["import", "--revert", "1", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("Reverted import 1: 1 new leads moved to the trash")
    assert main(["leads", "--db", str(db), "--search", "ana@cobalt.es", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert dump(db) != before  # the lead is in the trash, the batch marked reverted
    assert main(["import", "--revert", "1", "--db", str(db)]) == 1
    assert capsys.readouterr().err == "leaddesk: Import 1 was reverted already.\n"
    assert main(["import", "--revert", "7", "--db", str(db)]) == 1
    assert "There is no import number 7" in capsys.readouterr().err


def test_help_lists_revert(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--revert BATCH" in text and "undo import number BATCH" in text
    assert "--list" in text and "--report BATCH" in text


def test_progress_goes_to_stderr_on_long_imports(
    tmp_path: Path, db: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands, "LONG", 50)
    lines = ["Email"] + [f"p{i}@example.com" for i in range(60)]
    assert main(["import", str(csv_file(tmp_path / "leads.csv", lines)), "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Imported leads.csv: 60 rows: 60 created")
    assert "\rImporting: 60 of 6" in captured.err
    assert "Importing" not in captured.out
    short = csv_file(tmp_path / "short.csv", lines[:10])
    assert main(["import", str(short), "--db", str(db)]) == 0
    assert capsys.readouterr().err == ""


def test_export_then_import_through_the_command_line(
    tmp_path: Path, db: Path, capsys: Capture
) -> None:
    for name in ("leads.xlsx", "leads.csv"):
        target = tmp_path / name
        assert main(["export", str(target), "--db", str(db)]) == 0
        assert capsys.readouterr().out == f"Exported 5 leads to {target}.\n"
        other = str(tmp_path / f"{name}.db")
        report = run_json(capsys, str(target), "--db", other)
        assert (report["created"], report["problems"]) == (5, [])
        assert main(["leads", "--db", other, "--json"]) == 0
        again = json.loads(capsys.readouterr().out)
        assert main(["leads", "--db", str(db), "--json"]) == 0
        first = json.loads(capsys.readouterr().out)
        keep = ("first_name", "last_name", "company", "title", "email", "phone", "source",
                "stage", "temperature", "bant", "tags", "owner", "next_follow_up")  # fmt: skip
        assert sorted([[x[k] for k in keep] for x in again], key=str) == sorted(
            [[x[k] for k in keep] for x in first], key=str
        )


def test_export_filters_and_bad_extension(tmp_path: Path, db: Path, capsys: Capture) -> None:
    assert main(["export", str(tmp_path / "none.csv"), "--db", str(db), "--search", "zzzz"]) == 0
    assert capsys.readouterr().out.startswith("Exported 0 leads")
    with pytest.raises(SystemExit) as raised:
        main(["export", str(tmp_path / "leads.pdf"), "--db", str(db)])
    assert raised.value.code == 2


def test_export_into_a_missing_folder(tmp_path: Path, db: Path, capsys: Capture) -> None:
    assert main(["export", str(tmp_path / "nope" / "leads.csv"), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("leaddesk: ") and err.count("\n") == 1 and "Traceback" not in err


# Hostile and broken files -------------------------------------------------------------


def _xlsx_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email"])
    for i in range(200):
        sheet.append([f"Person {i}", f"p{i}@example.com"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = content if item.filename == member else source.read(item.filename)
            target.writestr(item.filename, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def empty(path: Path) -> Path:
    path = path / "empty.csv"
    path.write_bytes(b"")
    return path


def binary(path: Path) -> Path:
    path = path / "leads.csv"
    path.write_bytes(random.Random(3).randbytes(20_000))
    return path


def truncated_xlsx(path: Path) -> Path:
    path = path / "leads.xlsx"
    data = _xlsx_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def zip_bomb(path: Path) -> Path:
    path = path / "bomb.xlsx"
    huge = b"<row>" + b"0" * 60_000_000 + b"</row>"
    path.write_bytes(_rewrite(_xlsx_bytes(), "xl/worksheets/sheet1.xml", huge))
    return path


def entity_bomb(path: Path) -> Path:
    path = path / "laughs.xlsx"
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol0 "lol">' + lol + "]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    path.write_bytes(_rewrite(_xlsx_bytes(), "xl/worksheets/sheet1.xml", xml.encode()))
    return path


def far_cell(path: Path) -> Path:
    # One cell at the sheet's last corner: a 5 KB file calamine would hold
    # as a grid of 17 billion cells.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email"])
    sheet.append(["Ana", "ana@cobalt.es"])
    sheet["XFD1048576"] = "far"
    path = path / "far.xlsx"
    workbook.save(path)
    return path


def repeated_text(path: Path) -> Path:
    # 20,000 cells pointing at one 30,000-character shared string: calamine
    # would copy it into each, 600 MB from a 200 KB file.
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>P{r}</t></is></c>'
        f'<c r="B{r}" t="s"><v>0</v></c></row>'
        for r in range(2, 20_002)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
        f"{rows}</sheetData></worksheet>"
    )
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        f'uniqueCount="1"><si><t>{"x" * 30_000}</t></si></sst>'
    )
    data = _rewrite(_xlsx_bytes(), "xl/worksheets/sheet1.xml", sheet.encode())
    path = path / "repeated.xlsx"
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename), zipfile.ZIP_DEFLATED)
        target.writestr("xl/sharedStrings.xml", shared, zipfile.ZIP_DEFLATED)
    return path


def missing(path: Path) -> Path:
    return path / "nowhere.csv"


def folder(path: Path) -> Path:
    path = path / "a folder.csv"
    path.mkdir()
    return path


def pdf(path: Path) -> Path:
    path = path / "leads.csv"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    return path


def only_blank_lines(path: Path) -> Path:
    path = path / "blank.csv"
    path.write_text("\n\n , ,\n\n", encoding="utf-8")
    return path


def header_only(path: Path) -> Path:
    path = path / "header.csv"
    path.write_text("Name,Email\n,\n", encoding="utf-8")
    return path


def renamed_text(path: Path) -> Path:
    path = path / "leads.xlsx"
    path.write_text("Name,Email\nAna,ana@cobalt.es\n", encoding="utf-8")
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty": (empty, "empty.csv is empty."),
    "binary": (binary, "leads.csv is not a text file; it cannot be read as CSV."),
    "truncated xlsx": (truncated_xlsx, "leads.xlsx is not a valid spreadsheet (it is damaged"),
    "zip bomb": (zip_bomb, "bomb.xlsx would inflate to more than"),
    "entity bomb": (entity_bomb, "laughs.xlsx contains XML entity declarations"),
    "far cell": (far_cell, "far.xlsx has a sheet of more than 10,000,000 cells (its cells reach"),
    "repeated text": (repeated_text, "repeated.xlsx repeats its text so often that reading it"),
    "missing path": (missing, "nowhere.csv does not exist."),
    "folder": (folder, "a folder.csv is a folder, not a file to import."),
    "pdf": (pdf, "leads.csv is a PDF document, not a spreadsheet or vCard file."),
    "blank": (only_blank_lines, "blank.csv has no rows to import."),
    "header only": (header_only, "header.csv has a header row but no leads below it."),
    "renamed": (renamed_text, "leads.xlsx is not a valid spreadsheet"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_files_end_with_one_sentence_and_nothing_changed(
    tmp_path: Path, db: Path, capsys: Capture, kind: str
) -> None:
    make, message = HOSTILE[kind]
    path = make(tmp_path)
    before = dump(db)
    assert main(["import", str(path), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("leaddesk: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1 and captured.err.rstrip().endswith(".")
    assert dump(db) == before


def test_hostile_file_in_a_real_process_prints_no_traceback(tmp_path: Path, db: Path) -> None:
    path = entity_bomb(tmp_path)
    before = dump(db)
    result = subprocess.run(
        [sys.executable, "-m", "leaddesk", "import", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert dump(db) == before


def test_encoding_is_named_when_guessed_and_can_be_chosen(
    tmp_path: Path, db: Path, capsys: Capture
) -> None:
    path = tmp_path / "kontakte.csv"
    path.write_bytes("Name,Email\nJan Iksiński,jan@x.pl\n".encode("cp1250"))
    assert main(["import", str(path), "--db", str(db), "--dry-run"]) == 0
    assert "kontakte.csv was read as Western European (Windows-1252)" in capsys.readouterr().err
    result = run_json(capsys, str(path), "--db", str(db), "--encoding", "cp1250")
    assert result["created"] == 1
    assert main(["leads", "--db", str(db), "--search", "Iksiński", "--json"]) == 0
    assert [lead["last_name"] for lead in json.loads(capsys.readouterr().out)] == ["Iksiński"]
    with pytest.raises(SystemExit) as wrong:
        main(["import", str(path), "--db", str(db), "--encoding", "klingon"])
    assert wrong.value.code == 2
    assert "--encoding: not an encoding LeadDesk knows: 'klingon'" in capsys.readouterr().err


def test_the_mapping_saved_in_the_window_is_used(tmp_path: Path, db: Path, capsys: Capture) -> None:
    from leaddesk.store.database import Database
    from leaddesk.transfer.fields import Field
    from leaddesk.transfer.pipeline import ImportJob
    from leaddesk.transfer.presets import save_preset

    headers = ["Name", "Email", "Remark"]
    path = csv_file(tmp_path / "form.csv", [",".join(headers), "Ana Ruiz,ana@cobalt.es,web"])
    # The wizard saves what the user chose for these columns: Remark is the source.
    job = ImportJob(path)
    job.mapping.set(2, Field.SOURCE)
    database = Database.open(str(db))
    with database.session() as session:
        save_preset(session, headers, job.mapping)
    database.close()
    job.close()
    assert main(["import", str(path), "--db", str(db)]) == 0
    printed = capsys.readouterr()
    assert "1 created" in printed.out
    assert "1 column(s) mapped as you chose before" in printed.err
    assert main(["leads", "--db", str(db), "--search", "Ana Ruiz", "--json"]) == 0
    (ana,) = json.loads(capsys.readouterr().out)
    assert ana["source"] == "website_form"
