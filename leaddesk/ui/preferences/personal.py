"""The user's own settings the window applies as it opens a database:
the name they work under."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from leaddesk.store.database import Database

YOUR_NAME = "you/name"
"""The name the user works under: the owner of the leads they add, whom
"My leads only" shows, and who saved a lead last."""


def your_name(settings: QSettings) -> str:
    stored = settings.value(YOUR_NAME, "")
    return stored.strip() if isinstance(stored, str) else ""


def apply_personal(settings: QSettings, database: Database) -> None:
    """Makes the chosen name the one ``database`` is worked on under (its
    login, the server's user name or the computer's, without one)."""
    database.user = your_name(settings) or database.login


def owner_of_new_leads(settings: QSettings, database: Database) -> str:
    """Who a lead the user adds belongs to: the name they chose; on a
    team's database, without one, whoever is logged in (so "My leads only"
    finds it); nobody in particular on one person's file."""
    return your_name(settings) or (database.user if database.shared else "")
