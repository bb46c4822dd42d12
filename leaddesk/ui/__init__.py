"""The Qt layer: the only package that imports PySide6."""

from __future__ import annotations

import ctypes
import sys

import PySide6


def _keep_none_alive() -> None:
    """Works around PySide6 6.12.0 on Python 3.11: many void calls
    (QPainter.setPen, QPainter.save, QColor.setAlphaF…) drop a reference to
    None, and when None's count reaches zero the interpreter aborts
    ("none_dealloc: deallocating None"); painting a few thousand cards is
    enough. PySide6 6.11.3 does not do it, and Python 3.12 made None immortal
    (PEP 683); here None gets references enough for any session instead."""
    if sys.version_info >= (3, 12) or PySide6.__version_info__[:2] < (6, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, first field of every object
    count.value += 1 << 40


_keep_none_alive()
