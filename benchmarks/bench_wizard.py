"""Importing the 100,000-row xlsx from the window's import wizard.

Two figures, each against its reference measured in the same run:

* responsiveness: a 5 ms QTimer ticks on the GUI thread while the import
  runs; the longest gap between two ticks is how long the window was
  frozen (target: never more than 100 ms). The same is measured while the
  wizard reads the file and moves through its pages, for information;
* time: from clicking Import to the report page, against ``leaddesk
  import`` of the same file run as a command (target: at most 10 % more).

The wizard runs in a subprocess (offscreen Qt, a fresh database), so the
figures do not depend on what other benchmarks left in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.bench_transfer import _fresh, our_import, sheet_file
from benchmarks.common import Report, timed

TARGET_GAP_MS = 100
TARGET_RATIO = 1.10

_WIZARD_PROBE = """
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from leaddesk.store.database import Database
from leaddesk.ui.import_wizard import OPTIONS, REPORT, open_import_wizard
from leaddesk.ui.main_window import MainWindow

app = QApplication([])
sheet, database_path, settings_path = map(Path, sys.argv[1:4])
database = Database.open(str(database_path))
window = MainWindow(database, QSettings(str(settings_path), QSettings.Format.IniFormat))
window.show()
ticks = {"last": time.perf_counter(), "worst": 0.0}

def tick():
    now = time.perf_counter()
    ticks["worst"] = max(ticks["worst"], now - ticks["last"])
    ticks["last"] = now

timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(tick)
timer.start()

def wait_until(condition, limit=600.0):
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

def reset():
    ticks["last"], ticks["worst"] = time.perf_counter(), 0.0

reset()
wizard = open_import_wizard(window, sheet)
wait_until(wizard.file_page.isComplete)
while wizard.currentId() < OPTIONS:
    wizard.next()
    wait_until(lambda: wizard.currentPage().isComplete())
pages_gap = ticks["worst"]
options = wizard.options_page
options.region.setCurrentIndex(options.region.findData("US"))
loop = QEventLoop()
finished = {}

def page_changed(page):
    if page == REPORT:
        finished["at"] = time.perf_counter()
        loop.quit()

wizard.currentIdChanged.connect(page_changed)
reset()
started = time.perf_counter()
QTimer.singleShot(0, wizard.next)
loop.exec()
import_gap = ticks["worst"]
report = wizard.state.report
print(json.dumps({
    "seconds": finished["at"] - started,
    "import_gap": import_gap,
    "pages_gap": pages_gap,
    "rows": report.rows,
    "created": report.created,
}))
os._exit(0)
"""


def cli_import(sheet: Path, database_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "leaddesk", "import", str(sheet), "--db", str(database_path),
         "--region", "US"],
        check=True,
        capture_output=True,
        cwd=Path(__file__).parent.parent,
    )  # fmt: skip


def wizard_import(sheet: Path, database_path: Path) -> dict[str, float]:
    settings = database_path.with_suffix(".ini")
    settings.unlink(missing_ok=True)
    probe = subprocess.run(
        [sys.executable, "-c", _WIZARD_PROBE, str(sheet), str(database_path), str(settings)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    result: dict[str, float] = json.loads(probe.stdout.strip().splitlines()[-1])
    return result


def run() -> None:
    sheet = sheet_file()
    report = Report(f"Import from the wizard ({sheet.name})")
    report.header()
    cli_seconds = timed(lambda: cli_import(sheet, _fresh("wizard-cli.db")))
    result = wizard_import(sheet, _fresh("wizard-window.db"))
    gap_ms = result["import_gap"] * 1000
    report.add(
        "longest event-loop gap while importing",
        f"{gap_ms:,.0f} ms",
        target=f"≤ {TARGET_GAP_MS} ms",
        met=gap_ms <= TARGET_GAP_MS,
    )
    report.add(
        "longest gap reading the file, page to page",
        f"{result['pages_gap'] * 1000:,.0f} ms",
        target="(for information)",
    )
    ratio = result["seconds"] / cli_seconds
    report.add(
        f"import {int(result['rows']):,} rows: wizard vs CLI",
        f"{result['seconds']:.1f} s",
        f"{cli_seconds:.1f} s",
        ratio,
        f"≤ {TARGET_RATIO:.2f}× leaddesk import",
        ratio <= TARGET_RATIO,
    )
    # The command's time includes starting Python (about a second); the
    # engine called in-process shows what the wizard adds without it.
    engine_seconds = timed(lambda: our_import(sheet, _fresh("wizard-engine.db")))
    report.add(
        "  same, vs the engine called in-process",
        f"{result['seconds']:.1f} s",
        f"{engine_seconds:.1f} s",
        result["seconds"] / engine_seconds,
        target="(for information)",
    )


if __name__ == "__main__":
    run()
