"""Starts the window: the application object, the database and the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leaddesk.ui.main_window import MainWindow


def start_window(
    location: str | None, settings_file: str | None = None, qt_options: Sequence[str] = ()
) -> MainWindow:
    """Creates the application object (once), opens the database at
    ``location`` and shows the main window on it; ``settings_file`` is an
    INI file to use instead of the user's settings, ``qt_options`` Qt's own
    command-line options (``-style Fusion``, ``-reverse``…). Raises
    :class:`~leaddesk.store.database.DatabaseError` when the database
    cannot be used (the application object exists by then, to say so)."""
    # The store (SQLAlchemy, phonenumbers…) is imported before PySide6: once
    # PySide6.QtCore is loaded, every module imported after it has its source
    # read and searched for "PySide6", for PySide's `from __feature__ import`
    # switches (shibokensupport/feature.py, feature_imported()), which adds a
    # fifth to the store's import time.
    # phonenumbers too, which leaddesk.domain.contact imports on first use:
    # the first page of the lead table formats phone numbers.
    import phonenumbers  # noqa: F401

    from leaddesk import __version__
    from leaddesk.store.database import Database

    # isort: split
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *qt_options])
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
    from leaddesk.ui import collector, wheel_guard

    collector.install(app)
    wheel_guard.install(app)
    database = Database.open(location)
    from leaddesk.ui import errors

    errors.database_name = database.display_name
    from leaddesk.ui.main_window import MainWindow

    settings = QSettings(settings_file, QSettings.Format.IniFormat) if settings_file else None
    window = MainWindow(database, settings)
    window.show()
    return window


def run_app(location: str | None, qt_options: Sequence[str] = ()) -> int:
    """Runs the window on the database at ``location`` (None: the default
    one); its exit status. A database that cannot be opened is said on
    stderr, exit status 1; in a dialog too, and then only, when none was
    named on the command line (the window was started from the desktop,
    where nobody reads stderr): a dialog nobody is there to close would
    keep a script waiting for ever."""
    from leaddesk.store.database import DatabaseError

    try:
        window = start_window(location, qt_options=qt_options)
    except DatabaseError as error:
        print(f"leaddesk: {error}", file=sys.stderr)
        if location is None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "LeadDesk", str(error))
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from leaddesk.ui.preferences.first_start import choose_region

    choose_region(window.database, window)
    # A hidden switch for smoke tests of the installed bundle: open, then quit.
    quit_after = os.environ.get("LEADDESK_QUIT_AFTER_MS", "")
    if quit_after.isdigit():
        QTimer.singleShot(int(quit_after), QApplication.quit)
    from leaddesk.ui.lifetime import close_windows

    try:
        return QApplication.exec()
    finally:
        window.close_databases()
        close_windows()
