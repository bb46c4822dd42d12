"""Takes the README's screenshots offscreen on a fresh demo database:
``make screenshots``. Each PNG is written next to this file."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSettings, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from leaddesk.ui.main_window import MainWindow

HERE = Path(__file__).parent


def offscreen_screen() -> None:
    """Qt's offscreen screen is 800x800 unless it is told otherwise, and a
    window fits itself to its screen at a first start: on a 1920x1200
    screen every size shot here is the size asked for."""
    if "QT_QPA_PLATFORM" in os.environ:
        return
    config = Path(tempfile.mkdtemp()) / "screen.json"
    screen = {"name": "shots", "x": 0, "y": 0, "width": 1920, "height": 1200,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()


def save(widget: QWidget, name: str) -> None:
    path = HERE / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def main() -> int:
    from leaddesk.store.database import Database
    from leaddesk.store.demo import load_demo

    from leaddesk.ui.main_window import MainWindow
    from leaddesk.ui.translation import install_translators

    offscreen_screen()
    app = QApplication(sys.argv)
    install_translators(app)
    folder = Path(tempfile.mkdtemp())
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)

    empty = Database.open(str(folder / "empty.db"))
    window = MainWindow(empty, settings)
    window.resize(1280, 780)
    window.show()
    settle(app)
    save(window, "empty-state")
    window.close()

    database = Database.open(str(folder / "demo.db"))
    load_demo(database, 2000, seed=7, workers=1)
    for width, height, suffix in SIZES:
        shoot_leads(app, MainWindow(database, settings), width, height, suffix)
    shoot_dashboard(app, MainWindow(database, settings))
    shoot_kanban(app, MainWindow(database, settings))
    window = MainWindow(database, settings)
    shoot_import(app, window, folder)
    window.close()
    optimise()
    return 0


SIZES = ((1366, 768, ""), (1600, 1000, "-1600"))
"""The screens people have: a common laptop, and a larger one."""


def shoot_leads(
    app: QApplication, window: MainWindow, width: int, height: int, suffix: str
) -> None:
    """The leads tab, the detail pane at its qualification, and call mode
    over the window, at one size."""
    from leaddesk.ui.background import wait_for_background

    window.resize(width, height)
    window.show()
    wait_for_background()
    settle(app)
    window.leads.select_row(telling_row(window))
    settle(app)
    save(window, f"leads{suffix}")

    detail = window.leads.detail
    top = detail.stage.mapTo(detail.body, QPoint(0, 0)).y()
    detail.verticalScrollBar().setValue(top - detail.fontMetrics().height() * 3)
    settle(app)
    save(window, f"lead-bant{suffix}")
    detail.verticalScrollBar().setValue(0)
    settle(app)

    def shoot_call() -> None:
        dialog = app.activeModalWidget()
        if dialog is not None:
            settle(app)
            save_over(window, dialog, f"call-mode{suffix}")
            dialog.close()

    QTimer.singleShot(300, shoot_call)
    window.call_mode()
    window.close()


def save_over(window: QWidget, dialog: QWidget, name: str) -> None:
    """The window with the dialog where it opened over it, framed as a
    window manager would frame it."""
    shot = window.grab()
    at = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
    if not shot.rect().contains(QRect(at, dialog.size())):
        at = shot.rect().center() - dialog.rect().center()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 40))  # the window behind, dimmed
    painter.drawPixmap(at, dialog.grab())
    painter.setPen(QColor(0, 0, 0, 110))
    painter.drawRect(QRect(at, dialog.size()).adjusted(-1, -1, 0, 0))
    painter.end()
    path = HERE / f"{name}.png"
    shot.save(str(path))
    print(f"wrote {path}")


def optimise() -> None:
    """Keeps the PNGs small: fewer colours (pngquant) and tighter
    compression (optipng), when those tools are installed."""
    import shutil
    import subprocess

    shots = sorted(str(p) for p in HERE.glob("*.png"))
    if shutil.which("pngquant"):
        subprocess.run(
            ["pngquant", "--force", "--skip-if-larger", "--ext", ".png", "--quality", "70-95",
             "--speed", "1", *shots],
            check=False,
        )  # fmt: skip
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", *shots], check=False)


def telling_row(window: MainWindow) -> int:
    """A lead worth showing: warm (BANT half answered), with activities."""
    from leaddesk.domain.bant import Temperature

    model = window.leads.model
    for row in range(min(model.rowCount(), 200)):
        lead = model.summary(row)
        if lead and lead.temperature is Temperature.WARM and lead.last_activity_at:
            return row
    return 0


def shoot_import(app: QApplication, window: MainWindow, folder: Path) -> None:
    """Each import wizard step on a messy web-form export: a preamble, a bad
    email, a bad phone, a lead already in the database, a repeated row and
    a column no lead field matches."""
    import csv

    from leaddesk.ui.background import wait_for_background
    from leaddesk.ui.import_wizard import REPORT, RUN, open_import_wizard

    known = window.workspace.lead(1)
    again = [known.first_name, known.last_name, known.company, known.email, "", "Demo booth", "",
             "2026-04-18"]  # fmt: skip
    path = folder / "spring-fair-leads.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([*IMPORT_ROWS, again])
    wizard = open_import_wizard(window, path)
    names = ("file", "header", "mapping", "preview", "options")
    for number in range(RUN + 1):
        wait_for_background()
        settle(app, 20)
        if number < len(names):
            save(wizard, f"import-{names[number]}")
        wizard.next()
    while wizard.currentId() != REPORT:
        wait_for_background()
        settle(app)
    settle(app, 20)
    save(wizard, "import-report")
    wizard.close()


IMPORT_ROWS = [
    ["Spring Fair 2026 — visitor sign-ups"], ["Exported 2026-04-19 by the booth tablet"], [],
    ["First Name", "Last Name", "Company", "E-mail", "Mobile", "How did you hear", "Badge",
     "Visited on"],
    ["Sofía", "Marín", "Brisa Studio", "sofia@brisa.studio", "+34 612 345 678", "Newsletter",
     "B-114", "2026-04-18"],
    ["Tom", "Becker", "Nordlicht GmbH", "tom.becker@nordlicht", "+49 151 2345 6789", "Colleague",
     "B-115", "2026-04-18"],
    ["Priya", "Raman", "Kite Logistics", "priya@kitelogistics.in", "98765", "LinkedIn", "B-116",
     "2026-04-18"],
    ["Priya", "Raman", "Kite Logistics", "priya@kitelogistics.in", "+91 98765 43210", "LinkedIn",
     "B-116", "2026-04-19"],
    ["Owen", "Hughes", "Harbour & Co", "owen@harbour.co.uk", "+44 7911 123456", "Poster", "B-117",
     "2026-04-19"],
    ["", "", "", "", "", "Walk-in", "B-118", "2026-04-19"],
]  # fmt: skip


def dark_palette() -> QPalette:
    """A dark palette like a desktop's dark theme, for the dark screenshots."""
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2d30"),
        (QPalette.ColorRole.WindowText, "#e3e3e3"),
        (QPalette.ColorRole.Base, "#1e1f22"),
        (QPalette.ColorRole.AlternateBase, "#26282b"),
        (QPalette.ColorRole.Text, "#e3e3e3"),
        (QPalette.ColorRole.Button, "#33363a"),
        (QPalette.ColorRole.ButtonText, "#e3e3e3"),
        (QPalette.ColorRole.Highlight, "#3d7bd9"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#9a9da2"),
        (QPalette.ColorRole.Mid, "#4a4d52"),
    ):
        palette.setColor(role, QColor(color))
    return palette


def shoot_dashboard(app: QApplication, window: QWidget) -> None:
    """The dashboard on the demo data at each size, light; dark at the first."""
    from leaddesk.store.dashboard import Period

    from leaddesk.ui.background import wait_for_background
    from leaddesk.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.close()
    (width, height, _), (wide, tall, suffix) = SIZES
    for name, palette, size in (
        ("dashboard", None, (width, height)),
        (f"dashboard{suffix}", None, (wide, tall)),
        ("dashboard-dark", dark_palette(), (width, height)),
    ):
        light = app.palette()
        if palette is not None:
            app.setStyle("Fusion")
            app.setPalette(palette)
        shown = MainWindow(window.database, window.settings)
        shown.resize(*size)
        # A year evens out the demo data's random dates, as a real year would.
        shown.dashboard.set_period(Period.LAST_365_DAYS)
        shown.show()
        shown.tabs.setCurrentWidget(shown.dashboard)
        for _ in range(5):
            wait_for_background()
            settle(app)
        save(shown, name)
        shown.close()
        app.setPalette(light)


def shoot_kanban(app: QApplication, window: QWidget) -> None:
    """The kanban on the demo data at 1366x768, light, then dark, with a
    card selected so the selection shows."""
    from leaddesk.domain.stages import Stage

    from leaddesk.ui.background import wait_for_background
    from leaddesk.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.close()
    for name, palette in (("kanban", None), ("kanban-dark", dark_palette())):
        light = app.palette()
        if palette is not None:
            app.setStyle("Fusion")
            app.setPalette(palette)
        shown = MainWindow(window.database, window.settings)
        shown.resize(*SIZES[0][:2])
        shown.show()
        shown.tabs.setCurrentWidget(shown.kanban)
        for _ in range(5):
            wait_for_background()
            settle(app)
        mql = shown.kanban.columns[Stage.MQL]
        mql.view.setCurrentIndex(mql.model.index(1))
        mql.view.setFocus()
        settle(app)
        save(shown, name)
        shown.close()
        app.setPalette(light)


if __name__ == "__main__":
    sys.exit(main())
