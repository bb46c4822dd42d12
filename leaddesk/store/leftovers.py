"""What an interrupted demo build leaves beside a database file, removed
when the file is next opened.

A first large demo load builds a new file in a hidden folder beside the
database (``.leads.db.demo-XXXX``, up to 460 MB for a million leads; see
:mod:`leaddesk.store.demo_file`): beside it, so the finished file takes
the old one's place with one rename. A build that is killed leaves the
folder behind. A build in progress holds an operating-system lock on the
file ``owner`` in its folder for as long as it runs; a folder whose lock
nobody holds is a leftover. (On Windows, where an open file cannot be
deleted, the lock is the open file itself.)
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import IO

OWNER = "owner"
YOUNG = 60.0
"""Seconds a folder without its owner file is left alone: it is being made."""


def build_folders(path: Path) -> list[Path]:
    try:
        return [p for p in path.parent.glob(f".{path.name}.demo-*") if p.is_dir()]
    except OSError:
        return []


def hold(folder: Path) -> IO[str]:
    """Marks a build folder as in use until the returned file is closed."""
    handle = (folder / OWNER).open("w")
    if os.name != "nt":
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def abandoned(folder: Path) -> bool:
    """Whether no running build holds the folder."""
    owner = folder / OWNER
    if not owner.exists():
        try:
            return time.time() - folder.stat().st_mtime > YOUNG
        except OSError:
            return False
    if os.name == "nt":
        try:
            owner.unlink()  # fails while the build has it open
        except OSError:
            return False
        return True
    import fcntl

    try:
        with owner.open("r") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove(path: Path) -> None:
    """Removes the folders of builds for ``path`` that no longer run."""
    for folder in build_folders(path):
        if abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
