"""Import of a 100,000-row xlsx, the whole-file preview of it, and export
of 100,000 leads to xlsx.

References, measured in the same run on the same machine:

* import: a plain pipeline of the same steps — calamine reads the sheet,
  email-validator and phonenumbers check each row, one bulk insert into a
  LeadDesk database — without mapping, duplicate checks or derived columns;
* preview: the import itself. The preview checks every row as the import
  will (converting, validating, finding duplicates) without writing; it
  must show its first figures within 2 s of starting (as the wizard's
  preview page starts it, on a file whose header is read) and finish
  within the import's own time;
* export: openpyxl's write-only mode writing the same rows, already in
  memory.

The import's peak memory is measured in a subprocess (its own peak plus its
largest worker's: an upper bound of what it holds at once).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.common import DATA, Report, timed

ROWS = 100_000
HEADERS = (
    "First Name",
    "Last Name",
    "Company",
    "Job Title",
    "Email",
    "Phone",
    "City",
    "Country",
    "Lead Source",
)
FIRST = (
    "Ana",
    "Chloé",
    "Jürgen",
    "Mia",
    "Noah",
    "Liam",
    "Sofía",
    "Mateo",
    "Zoë",
    "Léa",
    "Hiroshi",
    "Aarav",
    "Olivia",
    "Lucas",
    "Emma",
    "Björn",
    "Inès",
    "Ömer",
    "Siobhán",
    "Tom",
    "Priya",
    "Kenji",
    "Fatima",
    "Omar",
    "Elena",
    "Marco",
    "Ingrid",
    "Pavel",
    "Agnieszka",
    "Diego",
    "Camille",
    "Yusuf",
    "Hana",
    "Lars",
    "Maeve",
    "Tomás",
    "Aisha",
    "Raj",
    "Greta",
    "Nikolai",
    "Beatriz",
    "Kofi",
    "Amara",
    "Felix",
    "Rosa",
    "Sven",
    "Leila",
    "Hugo",
    "Nadia",
    "Arjun",
)
LAST = (
    "Ruiz",
    "Dubois",
    "Müller",
    "Smith",
    "García",
    "Rossi",
    "Nowak",
    "Novák",
    "Kowalski",
    "Johansson",
    "Silva",
    "Yamamoto",
    "Patel",
    "O'Brien",
    "Lefèvre",
    "Schmidt",
    "Brown",
    "Okafor",
    "Haddad",
    "Andersen",
    "Costa",
    "Fischer",
    "Moreau",
    "Tanaka",
    "Kim",
    "Nguyen",
    "Horvat",
    "Popescu",
    "Jansen",
    "Virtanen",
    "Papadopoulos",
    "Yilmaz",
    "Ivanova",
    "Mensah",
    "Laurent",
    "Ferreira",
    "Bianchi",
    "Weber",
    "Kaur",
    "Walsh",
    "Dvořák",
    "Lindqvist",
    "Rahman",
    "Santos",
    "Becker",
    "Gallagher",
    "Mwangi",
    "Sato",
    "Hoffmann",
    "Castillo",
    "Eriksen",
    "Fontaine",
    "Marchetti",
    "Zielinski",
    "Abebe",
    "Chowdhury",
    "Keller",
    "Morales",
    "Quinn",
)
WORDS = tuple(
    f"{a}{b}"
    for a in (
        "Cobalt",
        "Lumière",
        "North",
        "Harbor",
        "Atlas",
        "Blue",
        "Cedar",
        "Summit",
        "Vertex",
        "Orchid",
        "Granite",
        "Maple",
        "Nimbus",
        "Quartz",
        "Falcon",
        "Juniper",
    )
    for b in ("", "wind", "bird", "stone", "field", "gate", "light", "wave")
)
TRADES = ("Labs", "Consulting", "Software", "Logistics", "Foods", "Media", "Health", "Studio")
TITLES = ("CEO", "CTO", "Head of Sales", "Marketing Manager", "Founder", "Buyer", "COO")
CITIES = (
    ("Paris", "France", "+33 6 {}{} {}{} {}{} {}{}"),
    ("Berlin", "Germany", "+49 151 {}{}{}{}{}{}{}{}"),
    ("Austin", "USA", "(512) 55{}-{}{}{}{}"),
    ("Madrid", "Spain", "+34 612 {}{}{} {}{}{}"),
)
SOURCES = ("Website", "Referral", "LinkedIn", "Trade show", "Cold call", "Newsletter", "Partner")


def generate(path: Path, rows: int = ROWS, seed: int = 7) -> None:
    """A typical lead sheet: accents, several countries, about 2 % invalid
    contacts and 1 % repeated people."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Leads")
    sheet.append(list(HEADERS))
    previous: list[Any] = []
    for index in range(rows):
        if previous and rng.random() < 0.01:
            sheet.append(rng.choice(previous))
            continue
        first, last = rng.choice(FIRST), rng.choice(LAST)
        word, trade = rng.choice(WORDS), rng.choice(TRADES)
        city, country, pattern = rng.choice(CITIES)
        phone = pattern.format(*(rng.randrange(10) for _ in range(8)))
        email = f"{first}.{last}{index}@{word}{trade}.example".lower().replace("'", "")
        if rng.random() < 0.02:
            email = email.replace("@", " at ")
        row = [
            first,
            last,
            f"{word} {trade}",
            rng.choice(TITLES),
            email,
            phone,
            city,
            country,
            rng.choice(SOURCES),
        ]
        sheet.append(row)
        if len(previous) < 500:
            previous.append(row)
    workbook.save(path)


def sheet_file() -> Path:
    rows = ROWS // 100 if os.environ.get("LEADDESK_BENCH_SMALL") else ROWS
    DATA.mkdir(exist_ok=True)
    path = DATA / f"import-{rows}.xlsx"
    if not path.exists():
        print(f"  generating {path.name} ({rows:,} rows, once)...", flush=True)
        generate(path, rows)
    return path


def reference_import(sheet: Path, database_path: Path) -> int:
    """The plain pipeline: read, validate each row, one bulk insert."""
    import phonenumbers
    from email_validator import EmailNotValidError, validate_email
    from python_calamine import CalamineWorkbook

    from leaddesk.store.database import Database

    database = Database.open(str(database_path))
    now = datetime(2026, 1, 1)
    rows = iter(CalamineWorkbook.from_path(str(sheet)).get_sheet_by_index(0).iter_rows())
    next(rows)
    values = []
    for cells in rows:
        first, last, company, title, email, phone, city, country, source = map(str, cells)
        try:
            email = validate_email(email, check_deliverability=False).normalized
            review = False
        except EmailNotValidError:
            review = True
        e164 = ""
        try:
            number = phonenumbers.parse(phone, "US")
            if phonenumbers.is_valid_number(number):
                e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            pass
        values.append(
            (
                first,
                last,
                company,
                title,
                email,
                email.casefold(),
                phone,
                e164,
                city,
                country,
                source,
                review,
                now,
                now,
                now,
            )
        )
    columns = (
        "first_name, last_name, company, title, email, email_key, phone, phone_e164, city, "
        "country, source, needs_review, created_at, updated_at, stage_entered_at"
    )
    constants = (
        "interest_manual, notes, consent, do_not_contact, budget, authority, need, "
        "timeframe, stage, temperature, score, enrichment, review_reasons, search_text, "
        "version"
    )
    sql = (
        f"INSERT INTO leads ({columns}, {constants}) VALUES ({', '.join('?' * 15)}, "
        "0, '', 'unknown', 0, 'unknown', 'unknown', 'unknown', 'unknown', 'new', 'cold', 0, 0, "
        "'', '', 1)"
    )
    with database.engine.begin() as connection:
        connection.exec_driver_sql(sql, values)
    database.close()
    return len(values)


def our_import(sheet: Path, database_path: Path) -> dict[str, Any]:
    from leaddesk.store.database import Database
    from leaddesk.transfer.pipeline import ImportJob, ImportOptions

    database = Database.open(str(database_path))
    report = ImportJob(sheet).run(database, ImportOptions(region="US"))
    database.close()
    return report.as_json()


def our_preview(sheet: Path, database_path: Path) -> tuple[float, float, float, int]:
    """Seconds from the file chosen to the header read, then from the check
    started to its first figures and to its end, and the rows checked."""
    from leaddesk.store.database import Database
    from leaddesk.transfer.pipeline import ImportJob
    from leaddesk.transfer.preview import FilePreview, check_file

    database = Database.open(str(database_path))
    started = time.perf_counter()
    job = ImportJob(sheet)
    header = time.perf_counter() - started
    first: list[float] = []

    def figures(preview: FilePreview) -> None:
        if not first:
            first.append(time.perf_counter())

    started = time.perf_counter()
    preview = check_file(job, database, region="US", progress=figures)
    whole = time.perf_counter() - started
    job.close()
    database.close()
    return header, first[0] - started, whole, preview.rows


def _fresh(name: str) -> Path:
    path = DATA / name
    for leftover in DATA.glob(name + "*"):
        leftover.unlink()
    from leaddesk.store.database import Database

    Database.open(str(path)).close()
    return path


_MEMORY_PROBE = """
import json, multiprocessing, resource, sys, time
from pathlib import Path
from benchmarks.bench_transfer import our_import
report = our_import(Path(sys.argv[1]), Path(sys.argv[2]))
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# Workers are told to stop without being waited for; their peak counts
# once they are gone (active_children() reaps them).
while multiprocessing.active_children():
    time.sleep(0.05)
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"own": own, "worker": worker, "created": report["created"]}))
"""


def run() -> None:
    sheet = sheet_file()
    report = Report(f"Import and export ({sheet.name})")
    report.header()
    reference_db = _fresh("import-reference.db")
    reference_seconds = timed(lambda: reference_import(sheet, reference_db))
    ours_db = _fresh("import-ours.db")
    result: dict[str, Any] = {}
    seconds = timed(lambda: result.update(our_import(sheet, ours_db)))
    rows = result["rows"]
    ratio = seconds / reference_seconds
    report.add(
        f"import {rows:,} rows (validate, dedupe), rows/s",
        f"{rows / seconds:,.0f}/s",
        f"{rows / reference_seconds:,.0f}/s",
        ratio,
        "≤ 1.0× the plain pipeline",
        ratio <= 1.0,
    )
    print(
        f"  import: {seconds:.1f} s vs {reference_seconds:.1f} s; {result['created']:,} created, "
        f"{result['merged']:,} merged, {result['skipped_duplicates']:,} duplicates skipped, "
        f"{result['needs_review']:,} need review"
    )
    header, first, whole, checked = our_preview(sheet, _fresh("preview.db"))
    report.add(
        f"preview {checked:,} rows: first figures",
        f"{first:.2f} s",
        f"header {header:.2f} s",
        target="≤ 2 s",
        met=first <= 2.0,
    )
    report.add(
        "preview: every row checked",
        f"{whole:.1f} s",
        f"import {seconds:.1f} s",
        whole / seconds,
        "≤ 1.0× the import",
        whole <= seconds,
    )
    memory_db = _fresh("import-memory.db")
    probe = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(sheet), str(memory_db)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    memory = json.loads(probe.stdout.strip().splitlines()[-1])
    peak = memory["own"] + memory["worker"]
    report.add(
        "import peak memory (main + largest worker)",
        f"{peak:.0f} MB",
        f"main {memory['own']:.0f} MB",
        target="< 500 MB",
        met=peak < 500,
    )
    _export(report, ours_db)


def _export(report: Report, database_path: Path) -> None:
    from openpyxl import Workbook

    from leaddesk.store.database import Database
    from leaddesk.store.queries import LeadQuery
    from leaddesk.store.reading import lead_groups
    from leaddesk.transfer.columns import EXPORT_HEADERS
    from leaddesk.transfer.export import export_leads, lead_values

    database = Database.open(str(database_path))
    with database.read() as session:
        rows = [lead_values(lead) for group in lead_groups(session, LeadQuery()) for lead in group]

    def reference(blanks_as_none: bool = False) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Leads")
        sheet.append(list(EXPORT_HEADERS))
        for row in rows:
            sheet.append([None if v == "" else v for v in row] if blanks_as_none else row)
        workbook.save(DATA / "export-reference.xlsx")

    reference_seconds = timed(reference)
    # The export leaves empty fields as blank cells, which openpyxl does not
    # write at all; this reference does the same, to show the export's own
    # overhead (reading, formatting) apart from that saving.
    blank_seconds = timed(lambda: reference(blanks_as_none=True))
    started = time.perf_counter()
    count = export_leads(database, DATA / "export-ours.xlsx")
    seconds = time.perf_counter() - started
    database.close()
    ratio = seconds / reference_seconds
    report.add(
        f"export {count:,} leads to xlsx",
        f"{seconds:.1f} s",
        f"{reference_seconds:.1f} s",
        ratio,
        "≤ 1.2× openpyxl write-only",
        ratio <= 1.2,
    )
    report.add(
        "export, against openpyxl writing blanks as blank cells too",
        f"{seconds:.1f} s",
        f"{blank_seconds:.1f} s",
        seconds / blank_seconds,
    )
