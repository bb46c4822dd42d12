"""Takes the README's screenshots offscreen on a fresh demo database:
``make screenshots``. Each PNG is written next to this file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

HERE = Path(__file__).parent


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

    from leaddesk.ui.background import wait_for_background
    from leaddesk.ui.main_window import MainWindow
    from leaddesk.ui.translation import install_translators

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
    window = MainWindow(database, settings)
    window.resize(1440, 860)
    window.show()
    wait_for_background()
    settle(app)
    window.leads.select_row(3)
    settle(app)
    save(window, "leads")

    window.leads.detail.verticalScrollBar().setValue(
        window.leads.detail.bant.mapTo(window.leads.detail.body, window.leads.detail.bant.pos()).y()
    )
    settle(app)
    save(window, "lead-bant")
    window.leads.detail.verticalScrollBar().setValue(0)

    def shoot_call() -> None:
        dialog = app.activeModalWidget()
        if dialog is not None:
            settle(app)
            save(dialog, "call-mode")
            dialog.close()

    QTimer.singleShot(300, shoot_call)
    window.call_mode()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
