"""Shared fixtures: a real SQLite database in a temporary folder, and Qt
offscreen (set here, before anything imports Qt)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("LEADDESK_DB", None)

from leaddesk.store.database import Database

NOW = datetime(2026, 6, 15, 12, 0, 0)
"""A fixed "now" so tests about time do not depend on the day they run."""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "leads.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(str(db_path))
    yield database
    database.close()
