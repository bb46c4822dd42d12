"""Python's cyclic garbage collection, run on the GUI thread only.

Python collects cycles in whichever thread happens to allocate when a
threshold is crossed: often a worker of :func:`run_in_background`. A Qt
object caught in a cycle is then destroyed from that thread; Qt cannot
unregister its timers from there, and the next turn of the event loop fires
a timer at freed memory (a segfault in ``QTimerInfoList::activateTimers``).
So automatic collection is switched off and a timer collects on the GUI
thread instead, each generation when Python would have (Anki's Qt layer
does the same, for the same crash).

What exists once the window is up (modules, the window, their caches)
lives as long as the application: it is frozen out of collection
(``gc.freeze``) at the first turn of the event loop, so a full collection
only walks what came after and stays short.

Long background work pauses collection (leaddesk.collection; an import does):
a full collection over an import's many live objects holds the GIL for
100–200 ms and freezes the window; an import makes next to no cyclic
garbage, its objects go by reference counting.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from leaddesk.collection import collection_paused, is_paused

INTERVAL_MS = 500

__all__ = ["GuiThreadCollector", "collection_paused", "install"]


class GuiThreadCollector(QObject):
    """Collects cycles every :data:`INTERVAL_MS` on the thread it lives in."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        """Collects the oldest generation due, as Python's own trigger would;
        returns the number of objects found unreachable."""
        if is_paused():
            return 0
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                return gc.collect(generation)
        return 0


def install(app: QCoreApplication) -> GuiThreadCollector:
    """Moves cycle collection to the GUI thread for this application (once)."""
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        return existing
    collector = GuiThreadCollector(app)
    # No collection first: on a large heap that would itself be the pause
    # this avoids; the few cycles start-up leaves are kept, once.
    QTimer.singleShot(0, collector, gc.freeze)
    return collector
