"""Starts the window: the application object, the database, the main window."""

from __future__ import annotations

import os
import sys


def run_app(location: str | None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from leaddesk import __version__
    from leaddesk.store.database import Database, DatabaseError

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("LeadDesk")
    app.setOrganizationName("LeadDesk")
    app.setApplicationVersion(__version__)
    # Wayland desktops find the menu entry, and so the icon, by this name.
    app.setDesktopFileName("org.leaddesk.LeadDesk")
    from leaddesk.ui.errors import install_error_handler
    from leaddesk.ui.palette import APP_ICON
    from leaddesk.ui.translation import install_translators

    app.setWindowIcon(QIcon(str(APP_ICON)))
    install_translators(app)
    install_error_handler()
    from leaddesk.ui import collector

    collector.install(app)
    try:
        database = Database.open(location)
    except DatabaseError as error:
        QMessageBox.critical(None, "LeadDesk", str(error))
        return 1
    from leaddesk.ui.main_window import MainWindow

    window = MainWindow(database)
    window.show()
    # A hidden switch for smoke tests of the installed bundle: open, then quit.
    quit_after = os.environ.get("LEADDESK_QUIT_AFTER_MS", "")
    if quit_after.isdigit():
        QTimer.singleShot(int(quit_after), app.quit)
    try:
        return app.exec()
    finally:
        database.close()
