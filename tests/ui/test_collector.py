"""Cycles holding Qt objects are collected on the GUI thread, never in a
worker: a Qt object destroyed from a worker leaves a dangling timer that
crashes the window later."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from leaddesk.ui import collector
from leaddesk.ui.background import Progress, run_in_background, wait_for_background


class _Holder:
    """A plain object in a reference cycle with a Qt object that has a timer."""

    def __init__(self) -> None:
        self.me = self
        self.qobject = QObject()
        self.timer = QTimer(self.qobject)
        self.timer.start(60_000)


def test_a_cycle_dropped_by_a_worker_is_collected_on_the_gui_thread(
    qapp: QApplication,
) -> None:
    found = collector.install(qapp)
    assert not gc.isenabled()
    collected_in: list[int] = []
    holder = _Holder()
    weakref.finalize(holder, lambda: collected_in.append(threading.get_ident()))
    box: list[Any] = [holder]
    del holder

    def work(_progress: Progress) -> None:
        box.clear()  # the last reference goes in the worker...
        # ...which then allocates far past every collection threshold.
        junk = [[index] for index in range(200_000)]
        del junk

    run_in_background(work)
    wait_for_background()
    assert collected_in == []
    # The GUI thread's collections reach it, whichever generation it is in
    # by now (each collect() is one tick of the collector's timer).
    # (Python counts allocations net of frees, so the new objects are kept.)
    kept = []
    for _ in range(1_000):
        kept.append([[index] for index in range(1_000)])
        found.collect()
        if collected_in:
            break
    assert collected_in == [threading.get_ident()]


def test_pausing_holds_collection_back(qapp: QApplication) -> None:
    found = collector.install(qapp)
    with collector.collection_paused():
        garbage: list[Any] = []
        garbage.append(garbage)
        del garbage
        assert found.collect() == 0
    assert not gc.isenabled()


def test_start_up_objects_are_left_out_of_later_collections(qapp: QApplication) -> None:
    collector.install(qapp)
    qapp.processEvents()  # the first turn of the event loop freezes them
    # A full collection then walks only what came after start-up.
    assert gc.get_freeze_count() > 0
