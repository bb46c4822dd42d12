"""The main window (a first version: counts the leads)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from leaddesk.store.database import Database
from leaddesk.store.queries import LeadQuery, count_leads


class MainWindow(QMainWindow):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle(self.tr("LeadDesk"))
        with database.read() as session:
            total = count_leads(session, LeadQuery())
        self.setCentralWidget(QLabel(self.tr("%n lead(s)", "", total)))
        self.resize(1100, 700)
